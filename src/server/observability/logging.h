// Copyright (c) OpenKV authors.
//
// The server's log: plain text (spdlog's default lines) or, with
// `--log-format json`, one JSON object per line — {"time", "level", "msg"}
// and, for the request log, the request's fields (docs/OPERATIONS.md,
// "Logs"). Request lines never carry headers or bodies, so no token is ever
// logged.
//
// Thread-safety: configure_logging() once at start; log_request() from any
// thread.
#ifndef OPENKV_SERVER_OBSERVABILITY_LOGGING_H_
#define OPENKV_SERVER_OBSERVABILITY_LOGGING_H_

#include <spdlog/spdlog.h>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace openkv::server::observability {

enum class LogFormat { kText, kJson };

// "text" or "json"; nullopt for anything else.
std::optional<LogFormat> parse_log_format(std::string_view name);

// Sets the level and the line format of spdlog's default logger (stderr).
void configure_logging(LogFormat format, spdlog::level::level_enum level);

struct RequestRecord {
  std::string_view id;        // unique per request within the process
  std::string_view method;
  std::string_view path;
  std::string_view endpoint;  // the metrics label: metadata, snapshot_read, …
  std::string_view database;  // empty outside a database
  int status = 0;
  size_t body_bytes = 0;      // of the response; 0 for a stream
  double seconds = 0;
};

// One debug-level line per answered request.
void log_request(const RequestRecord& record);

}  // namespace openkv::server::observability

#endif  // OPENKV_SERVER_OBSERVABILITY_LOGGING_H_
