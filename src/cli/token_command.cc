// Copyright (c) OpenKV authors.
#include <CLI/CLI.hpp>

#include "cli/commands.h"
#include "cli/data_dir_commands.h"

namespace openkv::cli {

void register_token_command(CLI::App& app) {
  CLI::App* token = app.add_subcommand("token", "Make, revoke and list the access tokens of a data directory");
  token->require_subcommand(1);
  register_token_create_command(*token);
  register_token_revoke_command(*token);
  register_token_list_command(*token);
}

}  // namespace openkv::cli
