// Copyright (c) OpenKV authors.
//
// openkv: the command-line interface. Exit codes: 0 ok, 1 the operation
// failed, 2 usage error (unknown flag, bad key notation, …).
#include <CLI/CLI.hpp>

#include <iostream>

#include "cli/commands.h"
#include "cli/usage_error.h"
#include "openkv/errors.h"
#include "openkv/postgres.h"
#include "openkv/remote.h"

int main(int argc, char** argv) {
  // Every --path may be a server URL.
  openkv::register_remote_backend();
  openkv::register_postgres_backend();
  CLI::App app{"OpenKV: a Deno KV compatible database"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "openkv 0.1.0");
  openkv::cli::register_get_command(app);
  openkv::cli::register_set_command(app);
  openkv::cli::register_delete_command(app);
  openkv::cli::register_list_command(app);
  openkv::cli::register_serve_command(app);
  openkv::cli::register_export_command(app);
  openkv::cli::register_import_command(app);
  openkv::cli::register_count_command(app);
  openkv::cli::register_sum_command(app);
  openkv::cli::register_info_command(app);
  openkv::cli::register_backup_command(app);
  openkv::cli::register_enqueue_command(app);
  openkv::cli::register_listen_command(app);
  openkv::cli::register_watch_command(app);
  openkv::cli::register_blob_command(app);
  openkv::cli::register_db_command(app);
  openkv::cli::register_token_command(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : 2;
  } catch (const openkv::cli::UsageError& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 2;
  } catch (const openkv::Error& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 1;
  }
  return openkv::cli::exit_code();
}
