// Copyright (c) OpenKV authors.

#include "server/observability/logging.h"

#include <spdlog/pattern_formatter.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <nlohmann/json.hpp>

#include "server/kv_connect/metadata.h"

namespace openkv::server::observability {
namespace {

// Fields of the request line being logged on this thread. The default logger
// is synchronous, so the formatter runs inside log_request()'s call.
thread_local const nlohmann::ordered_json* t_fields = nullptr;
std::atomic<bool> g_json{false};

class JsonFormatter : public spdlog::formatter {
 public:
  void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override {
    nlohmann::ordered_json line;
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(msg.time.time_since_epoch());
    line["time"] = kv_connect::iso8601_utc(ms.count());
    auto level = spdlog::level::to_string_view(msg.level);
    line["level"] = std::string(level.data(), level.size());
    line["msg"] = std::string(msg.payload.data(), msg.payload.size());
    if (t_fields != nullptr) {
      for (const auto& [key, value] : t_fields->items()) line[key] = value;
    }
    // Invalid UTF-8 (a client's path) is replaced rather than thrown.
    std::string text = line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    text.push_back('\n');
    dest.append(text.data(), text.data() + text.size());
  }
  std::unique_ptr<spdlog::formatter> clone() const override {
    return std::make_unique<JsonFormatter>();
  }
};

}  // namespace

std::optional<LogFormat> parse_log_format(std::string_view name) {
  if (name == "text") return LogFormat::kText;
  if (name == "json") return LogFormat::kJson;
  return std::nullopt;
}

void configure_logging(LogFormat format, spdlog::level::level_enum level) {
  spdlog::set_level(level);
  g_json = format == LogFormat::kJson;
  if (format == LogFormat::kJson) {
    spdlog::set_formatter(std::make_unique<JsonFormatter>());
  } else {
    spdlog::set_formatter(std::make_unique<spdlog::pattern_formatter>());
  }
}

void log_request(const RequestRecord& r) {
  if (!spdlog::should_log(spdlog::level::debug)) return;
  if (!g_json) {
    spdlog::debug("request {} {} {} -> {} ({} bytes, {:.3f} ms) endpoint={}{}{}", r.id, r.method,
                  r.path, r.status, r.body_bytes, r.seconds * 1000.0, r.endpoint,
                  r.database.empty() ? "" : " database=", r.database);
    return;
  }
  nlohmann::ordered_json fields;
  fields["request_id"] = r.id;
  fields["method"] = r.method;
  fields["path"] = r.path;
  fields["endpoint"] = r.endpoint;
  if (!r.database.empty()) fields["database"] = r.database;
  fields["status"] = r.status;
  fields["bytes"] = r.body_bytes;
  fields["duration_ms"] = r.seconds * 1000.0;
  t_fields = &fields;
  spdlog::debug("request");
  t_fields = nullptr;
}

}  // namespace openkv::server::observability
