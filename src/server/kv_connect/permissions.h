// Copyright (c) OpenKV authors.
//
// Whether a token's Access allows a decoded data-path request: read-only
// tokens cannot write or consume queues, prefix-scoped tokens cannot touch a
// key outside their prefix and cannot use queues (a queue message is not
// under any key). Refusals are 403 with a plain-text body, which both
// clients show as the error of the operation (spec 04 §7: any 4xx fails the
// call without a retry). Pure functions; thread-safe.
#ifndef OPENKV_SERVER_KV_CONNECT_PERMISSIONS_H_
#define OPENKV_SERVER_KV_CONNECT_PERMISSIONS_H_

#include <optional>
#include <string_view>
#include <vector>

#include "core/raw.h"
#include "server/kv_connect/access.h"
#include "server/kv_connect/errors.h"

namespace openkv::server::kv_connect {

namespace text {
inline constexpr std::string_view kReadOnlyToken = "This access token is read only.";
inline constexpr std::string_view kOutsidePrefix =
    "This access token is limited to a key prefix; the request reaches outside it.";
inline constexpr std::string_view kQueueNeedsFullAccess =
    "Queues need a read-write access token for the whole database.";
}  // namespace text

// Narrows a prefix-scoped read to the prefix (Access::narrow_range), so
// nothing outside it is ever returned; refuses a range that starts outside.
std::optional<RequestError> permit_read(const Access& access,
                                        std::vector<core::ReadRange>& ranges);
std::optional<RequestError> permit_write(const Access& access, const core::AtomicWrite& write);
std::optional<RequestError> permit_watch(const Access& access,
                                         const std::vector<core::Bytes>& keys);
// The queue extension's consumer endpoints.
std::optional<RequestError> permit_queue(const Access& access);

}  // namespace openkv::server::kv_connect

#endif  // OPENKV_SERVER_KV_CONNECT_PERMISSIONS_H_
