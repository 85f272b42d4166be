// Copyright (c) OpenKV authors.
#include <CLI/CLI.hpp>

#include <iostream>

#include "cli/arguments.h"
#include "cli/blob_commands.h"
#include "cli/commands.h"

namespace openkv::cli {

void register_blob_meta_command(CLI::App& blob) {
  struct Args {
    DatabaseArgument db;
    std::string key;
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = blob.add_subcommand("meta", "Print a blob's meta as JSON");
  cmd->footer(
      "Example:\n  openkv blob meta --path db.sqlite '[\"photos\",\"cat\"]'\n"
      "Exit code 1 when there is no blob at the key.");
  args->db.add_to(*cmd);
  cmd->add_option("key", args->key, "Key as a JSON array")->required();
  cmd->callback([args] {
    Key key = parse_key_argument(args->key);
    auto db = args->db.open(/*read_only=*/true);
    auto meta = Blobs(*db).meta(key);
    if (meta) std::cout << blob_meta_json(*meta) << "\n";
    exit_code() = meta ? 0 : 1;
  });
}

}  // namespace openkv::cli
