// Copyright (c) OpenKV authors.
//
// The client side of the KV Connect metadata exchange (spec 04 §2): the
// request body and the parsing and checking of the server's answer. Pure
// functions; thread-safe.
#ifndef OPENKV_STORAGE_REMOTE_METADATA_H_
#define OPENKV_STORAGE_REMOTE_METADATA_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "storage/remote/url.h"

namespace openkv::storage::remote {

struct Endpoint {
  Url url;  // resolved; data-path calls go to url.path + "/<method>"
  bool strong = true;
};

struct DatabaseMetadata {
  int version = 0;          // negotiated protocol version: 1, 2 or 3
  std::string database_id;  // sent back in x-denokv-database-id (v2/v3)
  std::vector<Endpoint> endpoints;
  std::string token;  // bearer token for the data path
  int64_t expires_at_ms = 0;
};

// `{"supportedVersions":[1,2,3]}`, as Deno sends it.
std::string metadata_request_body();

// Parses a 200 reply of the metadata URL `base`. Throws
// Error(kUnsupported, "Failed to parse metadata: <reason>").
DatabaseMetadata parse_metadata(std::string_view json, const Url& base);

// ISO 8601 UTC ("2026-11-28T04:40:56.398Z" or with an offset) to Unix ms;
// throws Error(kUnsupported) when it is not one.
int64_t parse_iso8601_ms(std::string_view text);

}  // namespace openkv::storage::remote

#endif  // OPENKV_STORAGE_REMOTE_METADATA_H_
