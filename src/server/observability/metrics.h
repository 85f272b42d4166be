// Copyright (c) OpenKV authors.
//
// The server's request metrics and the Prometheus text exposition format
// (version 0.0.4) they are served in at /metrics (docs/OPERATIONS.md lists
// every metric). Debian 12 packages no C++ Prometheus client, so the few
// lines of the format are written here: `# HELP`, `# TYPE`, then samples.
//
// Thread-safety: RequestMetrics::record() and render() may run concurrently.
#ifndef OPENKV_SERVER_OBSERVABILITY_METRICS_H_
#define OPENKV_SERVER_OBSERVABILITY_METRICS_H_

#include <array>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/histogram.h"

namespace openkv::server::observability {

using Labels = std::vector<std::pair<std::string, std::string>>;

// Builds one exposition document; families are written in call order.
class Exposition {
 public:
  // Starts a family: `type` is counter, gauge or histogram.
  void family(std::string_view name, std::string_view type, std::string_view help);
  // One sample of the current family (`name` may carry a _bucket/_sum/_count suffix).
  void sample(std::string_view name, const Labels& labels, double value);
  // The _bucket (cumulative, then +Inf), _sum and _count samples of `h`.
  void histogram(std::string_view name, const Labels& labels, const core::Histogram& h);
  std::string str() && { return std::move(out_); }

 private:
  std::string out_;
};

// Requests by endpoint, database and status, and their latency.
class RequestMetrics {
 public:
  // Upper bounds of the latency histogram, in seconds.
  static constexpr std::array<double, 14> kBuckets = {
      0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

  // `database` is empty for requests outside a database (health, metrics,
  // admin). For a watch the latency is the time until the stream opened.
  void record(std::string_view endpoint, std::string_view database, int status,
              double latency_seconds);
  // openkv_http_requests_total and openkv_http_request_duration_seconds.
  void render(Exposition& out) const;

 private:
  using Key = std::pair<std::string, std::string>;  // endpoint, database

  mutable std::mutex mu_;
  std::map<std::pair<Key, int>, uint64_t> requests_;  // guarded by mu_
  std::map<Key, core::Histogram> latency_;            // guarded by mu_
};

}  // namespace openkv::server::observability

#endif  // OPENKV_SERVER_OBSERVABILITY_METRICS_H_
