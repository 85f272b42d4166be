// Copyright (c) OpenKV authors.
#include <CLI/CLI.hpp>

#include <iostream>

#include "cli/arguments.h"
#include "cli/blob_commands.h"
#include "cli/commands.h"
#include "codec/json_notation.h"

namespace openkv::cli {

void register_blob_ls_command(CLI::App& blob) {
  struct Args {
    DatabaseArgument db;
    std::string prefix = "[]";
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = blob.add_subcommand("ls", "List the blobs under a key prefix");
  cmd->footer(
      "Example:\n  openkv blob ls --path db.sqlite '[\"photos\"]'\n"
      "One line per blob: {\"key\":…,\"meta\":…}, in key order; the blob at the prefix itself\n"
      "is included.");
  args->db.add_to(*cmd);
  cmd->add_option("prefix", args->prefix, "Key prefix as a JSON array (default: all)");
  cmd->callback([args] {
    Key prefix = parse_key_argument(args->prefix);
    auto db = args->db.open(/*read_only=*/true);
    for (const auto& [key, meta] : Blobs(*db).list(prefix)) {
      std::cout << "{\"key\":" << codec::key_to_json(key) << ",\"meta\":" << blob_meta_json(meta)
                << "}\n";
    }
  });
}

}  // namespace openkv::cli
