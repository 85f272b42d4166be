// Copyright (c) OpenKV authors.
//
// The KV Connect error table (spec 04 §7): every request error is a status
// and an exact plain-text body. Request problems are always 4xx because Deno
// retries 5xx for ever; 5xx is kept for faults a retry can fix.
#ifndef OPENKV_SERVER_KV_CONNECT_ERRORS_H_
#define OPENKV_SERVER_KV_CONNECT_ERRORS_H_

#include <exception>
#include <string>
#include <string_view>

#include "server/transport/http.h"

namespace openkv::server::kv_connect {

struct RequestError {
  int status = 400;
  std::string body;
};

namespace text {
inline constexpr std::string_view kMinimumProtocolVersion =
    "The server requires at least protocol version 2. Use Deno 1.38.0 or newer.";
inline constexpr std::string_view kNoMatchingProtocolVersion =
    "The server could not negotiate a protocol version. The server requires "
    "protocol version 2 or 3.";
inline constexpr std::string_view kMalformedAuthorization = "Malformed authorization header.";
inline constexpr std::string_view kInvalidAccessToken = "Invalid access token.";
inline constexpr std::string_view kInvalidProtocolVersion = "Expected protocol version 2.";
inline constexpr std::string_view kInvalidDatabaseId = "Invalid database id.";
inline constexpr std::string_view kKeyTooLong = "A key exceeds the key size limit.";
inline constexpr std::string_view kValueTooLong = "A value exceeds the value size limit.";
inline constexpr std::string_view kReadRangeTooLarge =
    "The total number of entries requested across read ranges in the read "
    "request is too large.";
inline constexpr std::string_view kAtomicWriteTooLarge =
    "The total size of the atomic write is too large.";
inline constexpr std::string_view kTooManyReadRanges =
    "Too many read ranges requested in one read request.";
inline constexpr std::string_view kTooManyWatchedKeys =
    "Too many keys watched in a single watch request.";
inline constexpr std::string_view kTooManyChecks = "Too many checks included in atomic write.";
inline constexpr std::string_view kTooManyMutations =
    "Too many mutations / enqueues included in atomic write.";
inline constexpr std::string_view kTooManyQueueUndeliveredKeys =
    "Too many dead letter keys for a single queue message.";
inline constexpr std::string_view kTooManyQueueBackoffIntervals =
    "Too many backoff intervals for a single queue message.";
inline constexpr std::string_view kQueueBackoffIntervalTooLarge =
    "A backoff interval exceeds the maximum allowed backoff interval.";
inline constexpr std::string_view kInvalidReadRangeLimit =
    "The read range limit of the snapshot read request is invalid.";
inline constexpr std::string_view kInvalidVersionstamp = "Invalid versionstamp.";
inline constexpr std::string_view kInvalidMutationKind = "Invalid mutation kind or arguments.";
inline constexpr std::string_view kInvalidMutationExpireAt = "Invalid mutation expire at.";
inline constexpr std::string_view kInvalidMutationEnqueueDeadline =
    "Invalid mutation enqueue deadline.";
inline constexpr std::string_view kReadOnly = "This database is read only.";
inline constexpr std::string_view kNotFound = "Resource not found.";
inline constexpr std::string_view kMethodNotAllowed = "Method not allowed.";
inline constexpr std::string_view kInternal = "An internal server error occurred.";
inline constexpr std::string_view kUnavailable =
    "The server is temporarially unavailable, try again later.";
}  // namespace text

inline RequestError bad_request(std::string_view body) { return {400, std::string(body)}; }

// `The value encoding N is unknown.`
std::string unknown_encoding_text(long long encoding);

// Maps an exception thrown by the engine to its reply: data errors (sum type,
// range, corrupt value) → 400 with the engine's text, read-only → 400,
// closed/unavailable → 503, anything else → 500 (logged).
RequestError error_from_exception(std::exception_ptr error);

transport::Response to_response(const RequestError& error);

}  // namespace openkv::server::kv_connect

#endif  // OPENKV_SERVER_KV_CONNECT_ERRORS_H_
