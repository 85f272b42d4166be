// Copyright (c) OpenKV authors.
//
// Bearer-token authentication and the data-path identity headers
// (spec 04 §2.3, §3.3). Thread-safe.
#ifndef OPENKV_SERVER_KV_CONNECT_AUTH_H_
#define OPENKV_SERVER_KV_CONNECT_AUTH_H_

#include <optional>
#include <string>
#include <string_view>

#include "server/kv_connect/access.h"
#include "server/kv_connect/errors.h"

namespace openkv::server::kv_connect {

// Checks an `authorization` header value (nullptr = header absent) with
// `authenticator`: 401 `Malformed authorization header.` without a space,
// 401 `Invalid access token.` for another scheme than bearer (any case) or a
// token the authenticator does not know. On success sets `access` (and
// `token`, when given, to the presented token) and returns nullopt.
std::optional<RequestError> check_bearer(const std::string* header,
                                         const Authenticator& authenticator, Access& access,
                                         std::string* token = nullptr);

// The canonical lowercase hyphenated form of a UUID given as 8-4-4-4-12 or 32
// hex digits (either case), or nullopt when `text` is not a UUID.
std::optional<std::string> canonical_uuid(std::string_view text);

}  // namespace openkv::server::kv_connect

#endif  // OPENKV_SERVER_KV_CONNECT_AUTH_H_
