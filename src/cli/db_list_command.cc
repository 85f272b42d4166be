// Copyright (c) OpenKV authors.
#include <CLI/CLI.hpp>

#include <iostream>

#include "cli/data_dir_commands.h"
#include "server/data_dir/catalog.h"

namespace openkv::cli {

void register_db_list_command(CLI::App& db) {
  auto args = std::make_shared<DataDirArgument>();
  CLI::App* cmd = db.add_subcommand("list", "One line per database: name, id, file, created");
  args->add_to(*cmd);
  cmd->callback([args] {
    for (const auto& d : server::data_dir::Catalog(args->dir).read().databases) {
      std::cout << d.name << '\t' << d.id << '\t' << d.file << '\t' << d.created << '\n';
    }
  });
}

}  // namespace openkv::cli
