// Copyright (c) OpenKV authors.
//
// `openkv blob …`: blobs in the kv-toolbox layout (docs/BLOBS.md). The
// `blob` command (blob_command.cc) holds one subcommand per file.
#ifndef OPENKV_CLI_BLOB_COMMANDS_H_
#define OPENKV_CLI_BLOB_COMMANDS_H_

#include <string>

#include "openkv/blob.h"

namespace CLI {
class App;
}

namespace openkv::cli {

void register_blob_put_command(CLI::App& blob);
void register_blob_get_command(CLI::App& blob);
void register_blob_meta_command(CLI::App& blob);
void register_blob_rm_command(CLI::App& blob);
void register_blob_ls_command(CLI::App& blob);

// kv-toolbox's meta object as JSON, plus "versionstamp" (20 hex digits).
std::string blob_meta_json(const BlobMeta& meta);

}  // namespace openkv::cli

#endif  // OPENKV_CLI_BLOB_COMMANDS_H_
