// Copyright (c) OpenKV authors.
#include <CLI/CLI.hpp>

#include "cli/data_dir_commands.h"
#include "server/data_dir/catalog.h"

namespace openkv::cli {

void register_token_revoke_command(CLI::App& token) {
  struct Args {
    DataDirArgument dir;
    std::string id;
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = token.add_subcommand(
      "revoke", "Revoke a token by id; a running server refuses it within a second");
  args->dir.add_to(*cmd);
  cmd->add_option("id", args->id, "Token id (from `token create` or `token list`)")->required();
  cmd->callback([args] { server::data_dir::Catalog(args->dir.dir).revoke_token(args->id); });
}

}  // namespace openkv::cli
