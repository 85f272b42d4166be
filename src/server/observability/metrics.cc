// Copyright (c) OpenKV authors.

#include "server/observability/metrics.h"

#include <fmt/format.h>

#include <cmath>

namespace openkv::server::observability {
namespace {

// Label values escape backslash, double quote and line feed.
void append_label_value(std::string& out, std::string_view value) {
  for (char c : value) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '"') {
      out += "\\\"";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out.push_back(c);
    }
  }
}

std::string format_value(double value) {
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  if (std::isnan(value)) return "NaN";
  return fmt::format("{}", value);
}

Labels with(Labels labels, std::string name, std::string value) {
  labels.emplace_back(std::move(name), std::move(value));
  return labels;
}

}  // namespace

void Exposition::family(std::string_view name, std::string_view type, std::string_view help) {
  fmt::format_to(std::back_inserter(out_), "# HELP {} {}\n# TYPE {} {}\n", name, help, name, type);
}

void Exposition::sample(std::string_view name, const Labels& labels, double value) {
  out_ += name;
  if (!labels.empty()) {
    out_.push_back('{');
    for (size_t i = 0; i < labels.size(); ++i) {
      if (i > 0) out_.push_back(',');
      out_ += labels[i].first;
      out_ += "=\"";
      append_label_value(out_, labels[i].second);
      out_.push_back('"');
    }
    out_.push_back('}');
  }
  out_.push_back(' ');
  out_ += format_value(value);
  out_.push_back('\n');
}

void Exposition::histogram(std::string_view name, const Labels& labels,
                           const core::Histogram& h) {
  const std::string base(name);
  uint64_t cumulative = 0;
  for (size_t i = 0; i < h.bounds().size(); ++i) {
    cumulative += h.counts()[i];
    sample(base + "_bucket", with(labels, "le", format_value(h.bounds()[i])),
           static_cast<double>(cumulative));
  }
  sample(base + "_bucket", with(labels, "le", "+Inf"), static_cast<double>(h.count()));
  sample(base + "_sum", labels, h.sum());
  sample(base + "_count", labels, static_cast<double>(h.count()));
}

void RequestMetrics::record(std::string_view endpoint, std::string_view database, int status,
                            double latency_seconds) {
  Key key{std::string(endpoint), std::string(database)};
  std::lock_guard<std::mutex> lock(mu_);
  ++requests_[{key, status}];
  latency_.try_emplace(key, kBuckets).first->second.observe(latency_seconds);
}

void RequestMetrics::render(Exposition& out) const {
  std::lock_guard<std::mutex> lock(mu_);
  out.family("openkv_http_requests_total", "counter",
             "HTTP requests answered, by endpoint, database and status.");
  for (const auto& [key, count] : requests_) {
    const auto& [endpoint, database] = key.first;
    out.sample("openkv_http_requests_total",
               {{"endpoint", endpoint}, {"database", database}, {"status", std::to_string(key.second)}},
               static_cast<double>(count));
  }
  out.family("openkv_http_request_duration_seconds", "histogram",
             "Time from a complete request to its answer (a watch: to its first byte).");
  for (const auto& [key, h] : latency_) {
    out.histogram("openkv_http_request_duration_seconds",
                  {{"endpoint", key.first}, {"database", key.second}}, h);
  }
}

}  // namespace openkv::server::observability
