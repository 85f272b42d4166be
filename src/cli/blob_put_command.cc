// Copyright (c) OpenKV authors.
#include <CLI/CLI.hpp>

#include <iostream>

#include "cli/arguments.h"
#include "cli/blob_commands.h"
#include "cli/commands.h"

namespace openkv::cli {

void register_blob_put_command(CLI::App& blob) {
  struct Args {
    DatabaseArgument db;
    std::string key;
    std::string file;
    std::optional<std::string> type;
    std::optional<std::string> name;
    std::optional<int64_t> expire_in;
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = blob.add_subcommand("put", "Store a file (or stdin: -) as a blob, in one commit");
  cmd->footer(
      "Example:\n  openkv blob put --path db.sqlite '[\"photos\",\"cat\"]' cat.jpg --type image/jpeg\n"
      "A file is stored as a File (named after it) unless --name is given; stdin as plain bytes,\n"
      "or as a Blob with --type. Prints the commit's versionstamp.");
  args->db.add_to(*cmd);
  cmd->add_option("key", args->key, "Key as a JSON array")->required();
  cmd->add_option("file", args->file, "File to read, or - for stdin")->required();
  cmd->add_option("--type", args->type, "MIME type (makes a Blob, or a File's type)");
  cmd->add_option("--name", args->name, "File name (makes a File)");
  cmd->add_option("--expire-in", args->expire_in, "Expire the whole blob after N milliseconds");
  cmd->callback([args] {
    Key key = parse_key_argument(args->key);
    BlobPutOptions options{.type = args->type, .name = args->name};
    if (args->expire_in) options.expire_in = std::chrono::milliseconds(*args->expire_in);
    auto db = args->db.open(/*read_only=*/false);
    Blobs blobs(*db);
    CommitResult r = args->file == "-" ? blobs.put_stream(key, std::cin, options)
                                       : blobs.put_file(key, args->file, options);
    std::cout << r.versionstamp.to_hex() << "\n";
  });
}

}  // namespace openkv::cli
