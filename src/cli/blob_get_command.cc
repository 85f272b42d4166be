// Copyright (c) OpenKV authors.
#include <CLI/CLI.hpp>

#include <fstream>
#include <iostream>

#include "cli/arguments.h"
#include "cli/blob_commands.h"
#include "cli/commands.h"
#include "openkv/errors.h"

namespace openkv::cli {

void register_blob_get_command(CLI::App& blob) {
  struct Args {
    DatabaseArgument db;
    std::string key;
    std::string file = "-";
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = blob.add_subcommand("get", "Write a blob's bytes to a file or stdout");
  cmd->footer(
      "Example:\n  openkv blob get --path db.sqlite '[\"photos\",\"cat\"]' cat.jpg\n"
      "Streams chunk by chunk. Exit code 1 when there is no blob at the key (no file is made).");
  args->db.add_to(*cmd);
  cmd->add_option("key", args->key, "Key as a JSON array")->required();
  cmd->add_option("file", args->file, "File to write, or - for stdout (the default)");
  cmd->callback([args] {
    Key key = parse_key_argument(args->key);
    auto db = args->db.open(/*read_only=*/true);
    Blobs blobs(*db);
    auto reader = blobs.open(key);
    if (!reader) {
      std::cerr << "No blob at " << key_to_display_string(key) << "\n";
      exit_code() = 1;
      return;
    }
    std::ofstream file;
    if (args->file != "-") {
      file.open(args->file, std::ios::binary | std::ios::trunc);
      if (!file) throw Error(ErrorCode::kIoError, "Cannot write '" + args->file + "'.");
    }
    std::ostream& out = args->file == "-" ? std::cout : file;
    while (auto chunk = reader->next()) {
      out.write(reinterpret_cast<const char*>(chunk->data()),
                static_cast<std::streamsize>(chunk->size()));
    }
    out.flush();
    if (!out) throw Error(ErrorCode::kIoError, "Writing the blob failed.");
  });
}

}  // namespace openkv::cli
