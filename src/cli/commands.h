// Copyright (c) OpenKV authors.
//
// Every subcommand of the `openkv` binary lives in its own file and adds
// itself to the CLI11 app through one of these functions; main.cc only calls
// them. A subcommand's callback runs the command and sets the exit code:
// 0 ok, 1 the operation failed, 2 usage error.
#ifndef OPENKV_CLI_COMMANDS_H_
#define OPENKV_CLI_COMMANDS_H_

namespace CLI {
class App;
}

namespace openkv::cli {

// Exit code of the command that ran; set by the subcommand callbacks.
int& exit_code();

void register_get_command(CLI::App& app);
void register_set_command(CLI::App& app);
void register_delete_command(CLI::App& app);
void register_list_command(CLI::App& app);
void register_serve_command(CLI::App& app);
void register_export_command(CLI::App& app);
void register_import_command(CLI::App& app);
void register_count_command(CLI::App& app);
void register_sum_command(CLI::App& app);
void register_info_command(CLI::App& app);
void register_backup_command(CLI::App& app);
void register_enqueue_command(CLI::App& app);
void register_listen_command(CLI::App& app);
void register_watch_command(CLI::App& app);
void register_blob_command(CLI::App& app);
void register_db_command(CLI::App& app);
void register_token_command(CLI::App& app);

}  // namespace openkv::cli

#endif  // OPENKV_CLI_COMMANDS_H_
