// Copyright (c) OpenKV authors.
//
// `openkv db create|drop|list` and `openkv token create|revoke|list`: they
// change a data directory's catalog (server/data_dir/catalog.h) directly; a
// server running on the directory applies the change within a second.
// One file per subcommand; db_command.cc and token_command.cc group them.
#ifndef OPENKV_CLI_DATA_DIR_COMMANDS_H_
#define OPENKV_CLI_DATA_DIR_COMMANDS_H_

#include <string>

namespace CLI {
class App;
}

namespace openkv::cli {

// The --data-dir option these commands share (required).
struct DataDirArgument {
  std::string dir;
  void add_to(CLI::App& command);
};

void register_db_create_command(CLI::App& db);
void register_db_drop_command(CLI::App& db);
void register_db_list_command(CLI::App& db);
void register_token_create_command(CLI::App& token);
void register_token_revoke_command(CLI::App& token);
void register_token_list_command(CLI::App& token);

}  // namespace openkv::cli

#endif  // OPENKV_CLI_DATA_DIR_COMMANDS_H_
