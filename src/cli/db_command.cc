// Copyright (c) OpenKV authors.
#include <CLI/CLI.hpp>

#include "cli/commands.h"
#include "cli/data_dir_commands.h"

namespace openkv::cli {

void DataDirArgument::add_to(CLI::App& command) {
  command.add_option("--data-dir", dir, "Data directory (served by `openkv serve --data-dir`)")
      ->required();
}

void register_db_command(CLI::App& app) {
  CLI::App* db = app.add_subcommand("db", "Make, drop and list the databases of a data directory");
  db->require_subcommand(1);
  register_db_create_command(*db);
  register_db_drop_command(*db);
  register_db_list_command(*db);
}

}  // namespace openkv::cli
