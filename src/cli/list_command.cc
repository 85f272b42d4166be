// Copyright (c) OpenKV authors.
#include <CLI/CLI.hpp>

#include <iostream>

#include "cli/arguments.h"
#include "cli/commands.h"
#include "cli/entry_output.h"
#include "cli/usage_error.h"

namespace openkv::cli {

void register_list_command(CLI::App& app) {
  struct Args {
    DatabaseArgument db;
    std::string prefix;
    std::string start;
    std::string end;
    std::optional<int64_t> limit;
    bool reverse = false;
    std::string cursor;
    bool json = false;
    bool print_cursor = false;
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand("list", "List entries under a prefix or in a key range");
  cmd->footer("Examples:\n"
              "  openkv list '[\"users\"]'                  everything under [\"users\"]\n"
              "  openkv list '[]' --json                    the whole database as NDJSON\n"
              "  openkv list --start '[\"a\"]' --end '[\"m\"]' --reverse --limit 10\n"
              "  openkv list '[\"users\"]' --limit 10 --cursor <cursor printed by --print-cursor>");
  args->db.add_to(*cmd);
  cmd->add_option("prefix", args->prefix, "Key prefix as a JSON array");
  cmd->add_option("--start", args->start, "First key (inclusive)");
  cmd->add_option("--end", args->end, "End key (exclusive)");
  cmd->add_option("--limit", args->limit, "Stop after this many entries")->check(CLI::PositiveNumber);
  cmd->add_flag("--reverse", args->reverse, "Descending key order");
  cmd->add_option("--cursor", args->cursor, "Resume after the entry this cursor names");
  cmd->add_flag("--json", args->json, "One JSON entry per line (@deno/kv-utils form)");
  cmd->add_flag("--print-cursor", args->print_cursor,
                "Print the cursor to resume from on standard error");
  cmd->callback([args] {
    ListSelector selector;
    if (!args->prefix.empty()) selector.prefix = parse_key_argument(args->prefix);
    if (!args->start.empty()) selector.start = parse_key_argument(args->start);
    if (!args->end.empty()) selector.end = parse_key_argument(args->end);
    if (!selector.prefix && !(selector.start && selector.end)) {
      throw UsageError("give a prefix, or both --start and --end");
    }
    ListOptions options;
    options.limit = args->limit;
    options.reverse = args->reverse;
    options.cursor = args->cursor;
    auto db = args->db.open(/*read_only=*/true);
    ListIterator it = db->list(selector, options);
    OutputFormat format = args->json ? OutputFormat::kJson : OutputFormat::kHuman;
    while (auto entry = it.next()) print_entry(std::cout, *entry, format);
    if (args->print_cursor) std::cerr << "cursor: " << it.cursor() << '\n';
  });
}

}  // namespace openkv::cli
