// Copyright (c) OpenKV authors.
#include <CLI/CLI.hpp>

#include <iostream>

#include "engine/database_access.h"
#include "cli/arguments.h"
#include "cli/commands.h"
#include "cli/selection.h"
#include "engine/engine.h"
#include "openkv/errors.h"

namespace openkv::cli {

void register_count_command(CLI::App& app) {
  struct Args {
    DatabaseArgument db;
    SelectionArguments selection;
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand("count", "Count the entries under a prefix or in a key range");
  cmd->footer(
      "Examples:\n"
      "  openkv count                                  every entry in the database\n"
      "  openkv count '[\"users\"]'                      entries under [\"users\"]\n"
      "  openkv count --start '[\"a\"]' --end '[\"m\"]'\n"
      "The selection means what it means for list and export; expired entries do not count.");
  args->db.add_to(*cmd);
  args->selection.add_range_to(*cmd);
  cmd->callback([args] {
    codec::ListBounds bounds = args->selection.bounds();
    auto db = args->db.open(/*read_only=*/true);
    uint64_t count = 0;
    engine::engine_of(*db).scan(bounds.start, bounds.end, /*reverse=*/false, [&count](core::RawEntry&&) {
      ++count;
      return true;
    });
    std::cout << count << '\n';
  });
}

}  // namespace openkv::cli
