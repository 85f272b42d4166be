// Copyright (c) OpenKV authors.
//
// What the two protocol sessions share: their limits, the shutdown hook the
// server calls on every live connection, and the protocol-level log line.
// Internal to the transport; includes Asio but not Beast or nghttp2.
#ifndef OPENKV_SERVER_TRANSPORT_SESSION_H_
#define OPENKV_SERVER_TRANSPORT_SESSION_H_

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include <boost/asio/ip/tcp.hpp>

#include "server/transport/http.h"

namespace openkv::server::transport {

struct SessionLimits {
  // Larger request bodies are answered 413 (spec 04 §1.4).
  size_t max_body_bytes = 2 * 1024 * 1024;
  // A request's header fields, counted as HTTP/2 counts a header list (name
  // + value + 32 per field). Over it HTTP/1.1 answers 431 and closes;
  // HTTP/2 (which advertises it as SETTINGS_MAX_HEADER_LIST_SIZE) ends the
  // connection. KV Connect clients send well under 1 KiB.
  size_t max_header_bytes = 16 * 1024;
  // A request's headers and body must arrive within this time.
  std::chrono::milliseconds request_timeout{30000};
  // A connection with no request in progress is closed after this time.
  std::chrono::milliseconds idle_timeout{120000};
  // A streaming response whose client does not read is dropped once this
  // much data is waiting to be sent, instead of buffering without bound.
  size_t max_unsent_stream_bytes = 16 * 1024 * 1024;
};

inline constexpr std::string_view kTooLargeText = "Request body too large.";
inline constexpr std::string_view kHeadersTooLargeText = "Request header fields too large.";
inline constexpr std::string_view kPlainText = "text/plain; charset=utf-8";

// A live connection as the server sees it.
// Thread-safety: shutdown() may be called from any thread.
class Session {
 public:
  virtual ~Session() = default;
  // Ends the connection soon: HTTP/2 sends GOAWAY, open streams are closed
  // (their on_closed callbacks run), the socket is closed.
  virtual void shutdown() = 0;
};

// Receives each session once its protocol is known, so the server can end it
// at shutdown.
using SessionStarted = std::function<void(std::shared_ptr<Session>)>;

// One trace-level line per answered request, with its protocol (the
// Router's request log at debug level carries the request id).
void log_access(std::string_view protocol, const Request& request, int status, size_t body_bytes,
                std::chrono::steady_clock::time_point started);

}  // namespace openkv::server::transport

#endif  // OPENKV_SERVER_TRANSPORT_SESSION_H_
