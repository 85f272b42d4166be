// Copyright (c) OpenKV authors.
#include <CLI/CLI.hpp>

#include <filesystem>

#include "cli/arguments.h"
#include "cli/commands.h"
#include "openkv/errors.h"

namespace openkv::cli {

void register_backup_command(CLI::App& app) {
  struct Args {
    DatabaseArgument db;
    std::string destination;
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand(
      "backup", "Copy a database to a new file, consistently, while others keep writing");
  cmd->footer(
      "Example:\n"
      "  openkv backup --path app.sqlite app-2024-06-01.sqlite\n"
      "The copy holds the database exactly as it was after one commit, even while\n"
      "Deno or other openkv processes write to it; it opens like any database file.\n"
      "The destination must not exist yet.");
  args->db.add_to(*cmd);
  cmd->add_option("destination", args->destination, "The new database file")->required();
  cmd->callback([args] {
    if (args->db.is_url()) {
      throw Error(ErrorCode::kUnsupported,
                  "backup copies the database file, so it runs where the file is "
                  "(openkv backup --path FILE DEST, also while the server runs); "
                  "from a server URL, use openkv export instead");
    }
    // SQLite would also refuse a non-empty file; this also keeps an empty
    // file someone created on purpose, and says so in plain words.
    if (std::filesystem::exists(args->destination)) {
      throw Error(ErrorCode::kIoError, "The backup destination " + args->destination +
                                           " already exists; choose a new file.");
    }
    auto db = args->db.open(/*read_only=*/true);
    db->backup_to(args->destination);
  });
}

}  // namespace openkv::cli
