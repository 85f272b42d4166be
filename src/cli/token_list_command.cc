// Copyright (c) OpenKV authors.
#include <CLI/CLI.hpp>

#include <iostream>

#include "cli/data_dir_commands.h"
#include "server/data_dir/catalog.h"

namespace openkv::cli {

void register_token_list_command(CLI::App& token) {
  struct Args {
    DataDirArgument dir;
    std::string database;
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = token.add_subcommand(
      "list", "One line per token: id, database (- for admin), role, prefix (- for none), created");
  args->dir.add_to(*cmd);
  cmd->add_option("--database", args->database, "Only the tokens of this database");
  cmd->callback([args] {
    for (const auto& t : server::data_dir::Catalog(args->dir.dir).read().tokens) {
      if (!args->database.empty() && t.database != args->database) continue;
      std::cout << t.id << '\t' << (t.database.empty() ? "-" : t.database) << '\t'
                << server::data_dir::role_name(t.role) << '\t'
                << (t.prefix_key.empty() ? "-" : t.prefix_key) << '\t' << t.created << '\n';
    }
  });
}

}  // namespace openkv::cli
