// Copyright (c) OpenKV authors.
//
// The metadata exchange, `POST /` (spec 04 §2): protocol version negotiation
// and the JSON document that tells a client where the data path is. It must
// stay cheap: Deno refreshes it about once a minute per client.
#ifndef OPENKV_SERVER_KV_CONNECT_METADATA_H_
#define OPENKV_SERVER_KV_CONNECT_METADATA_H_

#include <chrono>
#include <cstdint>
#include <string>

#include "server/kv_connect/access.h"
#include "server/transport/http.h"

namespace openkv::server::kv_connect {

struct MetadataOptions {
  // Decides which tokens are valid; the reply hands the presented token back
  // as the data-path token, so revoking it ends both. Must outlive the use.
  const Authenticator* authenticator = nullptr;
  std::string database_id;       // lowercase hyphenated UUID
  // Relative (an absolute path such as `/v2` or `/<name>/v2`), so clients
  // resolve it against the scheme and host they used; no trailing '/'.
  std::string endpoint = "/v2";
  // When not empty, listed second with consistency "eventual" (a server in
  // front of a hot standby; same form as `endpoint`).
  std::string eventual_endpoint;
  std::chrono::milliseconds token_lifetime = std::chrono::hours(24);
};

// Answers a metadata request: 200 `application/json` with exactly the fields
// version/databaseId/endpoints/token/expiresAt, or the §2.3 errors in order.
// `now_ms` is the Unix time used for expiresAt.
transport::Response exchange_metadata(const transport::Request& request,
                                      const MetadataOptions& options, int64_t now_ms);

// Unix ms as ISO 8601 UTC with milliseconds and a `Z` suffix, the only form
// @deno/kv accepts.
std::string iso8601_utc(int64_t unix_ms);

}  // namespace openkv::server::kv_connect

#endif  // OPENKV_SERVER_KV_CONNECT_METADATA_H_
