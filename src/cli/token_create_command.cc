// Copyright (c) OpenKV authors.
#include <CLI/CLI.hpp>

#include <iostream>
#include <optional>

#include "cli/arguments.h"
#include "cli/data_dir_commands.h"
#include "cli/usage_error.h"
#include "server/data_dir/catalog.h"

namespace openkv::cli {

void register_token_create_command(CLI::App& token) {
  struct Args {
    DataDirArgument dir;
    std::string database;
    bool read_only = false;
    bool admin = false;
    std::string prefix;
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = token.add_subcommand(
      "create", "Make a token; prints its secret (shown only now) on stdout, its id on stderr");
  cmd->footer(
      "Examples:\n"
      "  openkv token create --data-dir DIR --database shop              read-write\n"
      "  openkv token create --data-dir DIR --database shop --read-only\n"
      "  openkv token create --data-dir DIR --database shop --prefix '[\"carts\"]'\n"
      "  openkv token create --data-dir DIR --admin                      for /admin/v1/\n"
      "Only a SHA-256 digest of the secret is stored.");
  args->dir.add_to(*cmd);
  cmd->add_option("--database", args->database, "The database the token opens");
  cmd->add_flag("--read-only", args->read_only, "Reads and watches only");
  cmd->add_option("--prefix", args->prefix,
                  "Only keys under this key prefix (a JSON array, as for `get`)");
  cmd->add_flag("--admin", args->admin, "An admin token (the admin API; every database)");
  cmd->callback([args] {
    using server::data_dir::TokenRole;
    if (args->admin == !args->database.empty()) {
      throw UsageError("give either --database NAME or --admin");
    }
    if (args->admin && (args->read_only || !args->prefix.empty())) {
      throw UsageError("an admin token has no --read-only or --prefix");
    }
    std::optional<Key> prefix;
    if (!args->prefix.empty()) prefix = parse_key_argument(args->prefix);
    TokenRole role = args->admin       ? TokenRole::kAdmin
                     : args->read_only ? TokenRole::kReadOnly
                                       : TokenRole::kReadWrite;
    auto made = server::data_dir::Catalog(args->dir.dir).create_token(args->database, role, prefix);
    std::cerr << "token id: " << made.record.id << '\n';
    std::cout << made.secret << '\n';
  });
}

}  // namespace openkv::cli
