// Copyright (c) OpenKV authors.
#include <CLI/CLI.hpp>

#include "cli/data_dir_commands.h"
#include "server/data_dir/catalog.h"

namespace openkv::cli {

void register_db_drop_command(CLI::App& db) {
  struct Args {
    DataDirArgument dir;
    std::string name;
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = db.add_subcommand("drop", "Delete a database, its files and its tokens");
  args->dir.add_to(*cmd);
  cmd->add_option("name", args->name, "Database name")->required();
  cmd->callback([args] { server::data_dir::Catalog(args->dir.dir).drop_database(args->name); });
}

}  // namespace openkv::cli
