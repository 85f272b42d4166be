// Copyright (c) OpenKV authors.
#include <CLI/CLI.hpp>

#include "cli/arguments.h"
#include "cli/blob_commands.h"
#include "cli/commands.h"

namespace openkv::cli {

void register_blob_rm_command(CLI::App& blob) {
  struct Args {
    DatabaseArgument db;
    std::string key;
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = blob.add_subcommand("rm", "Delete a blob (meta and every chunk) in one commit");
  cmd->footer(
      "Example:\n  openkv blob rm --path db.sqlite '[\"photos\",\"cat\"]'\n"
      "Removing a missing blob is not an error.");
  args->db.add_to(*cmd);
  cmd->add_option("key", args->key, "Key as a JSON array")->required();
  cmd->callback([args] {
    Key key = parse_key_argument(args->key);
    auto db = args->db.open(/*read_only=*/false);
    Blobs(*db).remove(key);
  });
}

}  // namespace openkv::cli
