// Copyright (c) OpenKV authors.

#include "server/router.h"

#include <fmt/format.h>
#include <openssl/rand.h>

#include <array>
#include <chrono>

#include "codec/hex.h"
#include "server/admin/admin_api.h"
#include "server/admin/console_assets.h"
#include "server/kv_connect/errors.h"
#include "server/observability/logging.h"

namespace openkv::server {
namespace {

using Clock = std::chrono::steady_clock;

constexpr std::string_view kAdminPrefix = "/admin/";

struct Route {
  std::string endpoint;  // metrics label
  std::string database;  // name, empty at the root or outside a database
  std::string rest;      // the path inside the database
};

// The endpoint label of a path inside a database.
std::string database_endpoint(std::string_view rest) {
  if (rest == "/") return "metadata";
  if (rest == "/v2/snapshot_read") return "snapshot_read";
  if (rest == "/v2/atomic_write") return "atomic_write";
  if (rest == "/v2/watch" || rest == "/v2/eventual/watch") return "watch";
  if (rest == "/v2/eventual/snapshot_read") return "eventual_read";
  if (rest == "/v2/eventual/atomic_write") return "atomic_write";
  if (rest.starts_with("/v2/openkv/queue/")) return "queue";
  return "other";
}

Route classify(std::string_view path, bool at_root) {
  if (path == "/healthz") return {"healthz", "", ""};
  if (path == "/readyz") return {"readyz", "", ""};
  if (path == "/metrics") return {"metrics", "", ""};
  if (path.starts_with(kAdminPrefix)) return {"admin", "", std::string(path)};
  if (admin::is_console_path(path)) return {"console", "", std::string(path)};
  if (at_root) return {database_endpoint(path), "", std::string(path)};
  // /<name> and /<name>/ are the metadata URL, /<name>/v2/… the data path.
  std::string_view inside = path.substr(1);
  size_t slash = inside.find('/');
  std::string name(inside.substr(0, slash));
  std::string rest = slash == std::string_view::npos ? "/" : std::string(inside.substr(slash));
  if (name.empty()) return {"other", "", std::string(path)};
  return {database_endpoint(rest), name, rest};
}

std::string random_id_prefix() {
  std::array<uint8_t, 4> bytes{};
  RAND_bytes(bytes.data(), bytes.size());
  return codec::to_hex(bytes) + "-";
}

// Passes the answer on and records it: metrics sample and request log line.
class ObservedExchange : public transport::Exchange {
 public:
  ObservedExchange(std::shared_ptr<transport::Exchange> inner, observability::RequestMetrics& metrics,
                   std::string id, std::string method, std::string path, Route route)
      : inner_(std::move(inner)),
        metrics_(metrics),
        id_(std::move(id)),
        method_(std::move(method)),
        path_(std::move(path)),
        route_(std::move(route)) {}
  ~ObservedExchange() override {
    if (!answered_) record(500, 0);  // the inner exchange answers 500 as it goes
  }

  void respond(transport::Response response) override {
    record(response.status, response.body.size());
    inner_->respond(std::move(response));
  }
  std::shared_ptr<transport::StreamSink> open_stream(int status, std::string content_type,
                                                     std::function<void()> on_closed) override {
    record(status, 0);
    return inner_->open_stream(status, std::move(content_type), std::move(on_closed));
  }

 private:
  void record(int status, size_t bytes) {
    if (answered_.exchange(true)) return;
    double seconds = std::chrono::duration<double>(Clock::now() - started_).count();
    metrics_.record(route_.endpoint, route_.database, status, seconds);
    observability::log_request(
        {id_, method_, path_, route_.endpoint, route_.database, status, bytes, seconds});
  }

  std::shared_ptr<transport::Exchange> inner_;
  observability::RequestMetrics& metrics_;
  const std::string id_, method_, path_;
  const Route route_;
  const Clock::time_point started_ = Clock::now();
  std::atomic<bool> answered_{false};
};

transport::Response plain(int status, std::string_view body) {
  return {status, "text/plain; charset=utf-8", std::string(body)};
}

}  // namespace

Router::Router(Databases& databases, admin::AdminApi* admin,
               std::function<size_t()> open_connections)
    : databases_(databases),
      admin_(admin),
      open_connections_(std::move(open_connections)),
      id_prefix_(random_id_prefix()) {}

void Router::handle(transport::Request request, std::shared_ptr<transport::Exchange> exchange) {
  Route route = classify(request.path, databases_.at_root());
  auto observed = std::make_shared<ObservedExchange>(
      std::move(exchange), requests_, id_prefix_ + fmt::format("{:08x}", next_id_++),
      request.method, request.path, route);
  const bool get = request.method == "GET" || request.method == "HEAD";
  if (route.endpoint == "healthz" || route.endpoint == "readyz" || route.endpoint == "metrics") {
    if (!get) return observed->respond(plain(405, kv_connect::text::kMethodNotAllowed));
    if (route.endpoint == "metrics") {
      return observed->respond({200, "text/plain; version=0.0.4; charset=utf-8", metrics_text()});
    }
    if (draining_) return observed->respond(plain(503, kv_connect::text::kUnavailable));
    if (route.endpoint == "readyz" && !databases_.ready()) {
      return observed->respond(plain(503, "Not every database is open."));
    }
    return observed->respond(plain(200, "OK"));
  }
  if (route.endpoint == "admin" || route.endpoint == "console") {
    if (admin_ == nullptr) return observed->respond(plain(404, kv_connect::text::kNotFound));
    return admin_->handle(std::move(request), std::move(observed));
  }
  auto service = databases_.find(route.database);
  if (service == nullptr) return observed->respond(plain(404, kv_connect::text::kNotFound));
  request.path = std::move(route.rest);
  service->handle(std::move(request), std::move(observed));
}

std::string Router::metrics_text() {
  observability::Exposition out;
  requests_.render(out);
  out.family("openkv_open_connections", "gauge", "Client connections open now.");
  out.sample("openkv_open_connections", {}, static_cast<double>(open_connections_()));
  auto served = databases_.served();
  out.family("openkv_databases", "gauge", "Databases served.");
  out.sample("openkv_databases", {}, static_cast<double>(served.size()));
  std::vector<std::pair<std::string, kv_connect::Service::Stats>> stats;
  for (auto& s : served) stats.emplace_back(s.name, s.service->stats());
  auto per_database = [&](std::string_view name, std::string_view type, std::string_view help,
                     auto field) {
    out.family(name, type, help);
    for (auto& [db, st] : stats) out.sample(name, {{"database", db}}, static_cast<double>(field(st)));
  };
  using Stats = kv_connect::Service::Stats;
  per_database("openkv_commits_total", "counter", "Atomic writes committed.",
          [](const Stats& s) { return s.commits; });
  per_database("openkv_commit_check_failures_total", "counter",
          "Atomic writes not applied because a check failed.",
          [](const Stats& s) { return s.check_failures; });
  per_database("openkv_commit_errors_total", "counter", "Atomic writes that failed with an error.",
          [](const Stats& s) { return s.commit_errors; });
  per_database("openkv_watch_streams", "gauge", "Watch streams open now.",
          [](const Stats& s) { return s.watch_streams; });
  per_database("openkv_queue_dead_letters_total", "counter",
               "Queue messages given up after their last delivery attempt (and written to "
               "their keysIfUndelivered, if any).",
               [](const Stats& s) { return s.engine.queue_given_up; });
  out.family("openkv_queue_messages", "gauge",
             "Queue messages now, by state: waiting (ready or delayed) or running.");
  for (auto& [db, st] : stats) {
    if (!st.engine.queue) continue;
    out.sample("openkv_queue_messages", {{"database", db}, {"state", "waiting"}},
               static_cast<double>(st.engine.queue->waiting));
    out.sample("openkv_queue_messages", {{"database", db}, {"state", "running"}},
               static_cast<double>(st.engine.queue->running));
  }
  out.family("openkv_commit_group_size", "histogram",
             "Atomic writes (and other writer jobs) per committed storage transaction.");
  for (auto& [db, st] : stats) {
    if (st.engine.writes) out.histogram("openkv_commit_group_size", {{"database", db}},
                                        st.engine.writes->group_sizes);
  }
  out.family("openkv_commit_sync_seconds", "histogram",
             "Time of the COMMIT of one group transaction: the write-ahead-log flush (fsync) "
             "that makes the group durable.");
  for (auto& [db, st] : stats) {
    if (st.engine.writes) out.histogram("openkv_commit_sync_seconds", {{"database", db}},
                                        st.engine.writes->commit_seconds);
  }
  out.family("openkv_database_size_bytes", "gauge",
             "Size of a database's files (SQLite file and write-ahead log).");
  for (auto& s : served) {
    if (s.size_bytes) out.sample("openkv_database_size_bytes", {{"database", s.name}},
                                 static_cast<double>(*s.size_bytes));
  }
  return std::move(out).str();
}

}  // namespace openkv::server
