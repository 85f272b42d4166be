// Copyright (c) OpenKV authors.
//
// The server's front door: every request passes here. It serves /healthz,
// /readyz and /metrics, hands /admin/ to the admin API (data directories
// only), and sends everything else to the database it names — the one at
// the root, or `/<name>/…` with the `/<name>` stripped. Each request gets an
// id, a line in the request log and a sample in the request metrics.
//
// Thread-safety: handle() runs concurrently on the transport threads.
#ifndef OPENKV_SERVER_ROUTER_H_
#define OPENKV_SERVER_ROUTER_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "server/databases.h"
#include "server/observability/metrics.h"
#include "server/transport/http.h"

namespace openkv::server {

namespace admin {
class AdminApi;
}

class Router {
 public:
  // `databases`, `admin` (may be null: no admin API) and `open_connections`
  // must outlive the router.
  Router(Databases& databases, admin::AdminApi* admin, std::function<size_t()> open_connections);

  void handle(transport::Request request, std::shared_ptr<transport::Exchange> exchange);
  // From now on /healthz and /readyz answer 503.
  void set_draining() { draining_ = true; }

 private:
  void route(transport::Request& request, const std::shared_ptr<transport::Exchange>& exchange,
             std::string& endpoint, std::string& database);
  std::string metrics_text();

  Databases& databases_;
  admin::AdminApi* admin_;
  std::function<size_t()> open_connections_;
  observability::RequestMetrics requests_;
  std::atomic<bool> draining_{false};
  std::atomic<uint64_t> next_id_{1};
  const std::string id_prefix_;  // random per process, so ids differ across restarts
};

}  // namespace openkv::server

#endif  // OPENKV_SERVER_ROUTER_H_
