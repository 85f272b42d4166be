// Copyright (c) OpenKV authors.
#include <CLI/CLI.hpp>

#include <iostream>

#include "cli/data_dir_commands.h"
#include "server/data_dir/catalog.h"

namespace openkv::cli {

void register_db_create_command(CLI::App& db) {
  struct Args {
    DataDirArgument dir;
    std::string name;
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = db.add_subcommand("create", "Make a database (and the data directory if needed)");
  cmd->footer(
      "Example:\n  openkv db create --data-dir /var/lib/openkv shop\n"
      "A server on the directory serves it at http://HOST:PORT/shop within a second;\n"
      "make a token for it with `openkv token create`.");
  args->dir.add_to(*cmd);
  cmd->add_option("name", args->name, "Database name: 1-63 of a-z 0-9 _ -")->required();
  cmd->callback([args] {
    auto record = server::data_dir::Catalog(args->dir.dir).create_database(args->name);
    std::cout << record.name << '\t' << record.id << '\t' << record.file << '\n';
  });
}

}  // namespace openkv::cli
