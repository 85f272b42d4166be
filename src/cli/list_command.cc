// Copyright (c) OpenKV authors.
#include <CLI/CLI.hpp>

#include <iostream>

#include "cli/arguments.h"
#include "cli/commands.h"
#include "cli/entry_output.h"
#include "cli/entry_table.h"
#include "cli/selection.h"

namespace openkv::cli {

void register_list_command(CLI::App& app) {
  struct Args {
    DatabaseArgument db;
    SelectionArguments selection;
    std::string cursor;
    bool json = false;
    bool print_cursor = false;
    bool eventual = false;
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand("list", "List entries under a prefix or in a key range");
  cmd->footer(
      "Examples:\n"
      "  openkv list '[\"users\"]'                  everything under [\"users\"]\n"
      "  openkv list --json                         the whole database, one JSON entry a line\n"
      "  openkv list --start '[\"a\"]' --end '[\"m\"]' --reverse --limit 10\n"
      "  openkv list '[\"users\"]' --limit 10 --cursor <cursor printed by --print-cursor>\n"
      "On a terminal the output is a table; piped, it is plain aligned text.");
  args->db.add_to(*cmd);
  args->selection.add_range_to(*cmd);
  args->selection.add_order_to(*cmd);
  cmd->add_option("--cursor", args->cursor, "Resume after the entry this cursor names");
  cmd->add_flag("--json", args->json, "One JSON entry per line (@deno/kv-utils form)");
  cmd->add_flag("--print-cursor", args->print_cursor,
                "Print the cursor to resume from on standard error");
  cmd->add_flag("--eventual", args->eventual,
                "Eventual reads: from a replica at once when there is one (they may lag)");
  cmd->callback([args] {
    ListSelector selector = args->selection.selector();
    ListOptions options;
    options.limit = args->selection.limit;
    options.reverse = args->selection.reverse;
    options.cursor = args->cursor;
    if (args->eventual) options.consistency = Consistency::kEventual;
    auto db = args->db.open(/*read_only=*/true);
    ListIterator it = db->list(selector, options);
    if (args->json) {
      while (auto entry = it.next()) print_entry(std::cout, *entry, OutputFormat::kJson);
    } else {
      EntryTable table;
      while (auto entry = it.next()) table.add(*entry);
      table.print();
    }
    if (args->print_cursor) std::cerr << "cursor: " << it.cursor() << '\n';
  });
}

}  // namespace openkv::cli
