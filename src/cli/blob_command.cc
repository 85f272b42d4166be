// Copyright (c) OpenKV authors.
#include <CLI/CLI.hpp>

#include "cli/blob_commands.h"
#include "cli/commands.h"
#include "codec/json_text.h"

namespace openkv::cli {

std::string blob_meta_json(const BlobMeta& meta) {
  std::string out = "{\"kind\":";
  switch (meta.kind) {
    case BlobMeta::Kind::kFile:
      out += "\"file\"";
      break;
    case BlobMeta::Kind::kBlob:
      out += "\"blob\"";
      break;
    case BlobMeta::Kind::kBuffer:
      out += "\"buffer\"";
      break;
  }
  if (meta.kind != BlobMeta::Kind::kBuffer) {
    out += ",\"type\":";
    codec::append_json_string(out, meta.type);
  }
  if (meta.kind == BlobMeta::Kind::kFile) {
    out += ",\"lastModified\":";
    codec::append_json_number(out, meta.last_modified);
    out += ",\"name\":";
    codec::append_json_string(out, meta.name);
  }
  out += ",\"size\":";
  codec::append_json_number(out, static_cast<double>(meta.size));
  if (meta.encrypted) out += ",\"encrypted\":true";
  out += ",\"versionstamp\":\"" + meta.versionstamp.to_hex() + "\"}";
  return out;
}

void register_blob_command(CLI::App& app) {
  CLI::App* blob = app.add_subcommand("blob", "Store and read blobs (kv-toolbox layout)");
  blob->require_subcommand(1);
  register_blob_put_command(*blob);
  register_blob_get_command(*blob);
  register_blob_meta_command(*blob);
  register_blob_rm_command(*blob);
  register_blob_ls_command(*blob);
}

}  // namespace openkv::cli
