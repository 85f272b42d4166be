// Copyright (c) OpenKV authors.
//
// QueueService serves the OpenKV queue extension of KV Connect
// (docs/kv-connect-queue-extension.md, proto/openkv_queue.proto): POST
// /v2/openkv/queue/{dequeue,finish,extend,next_ts}, with the data path's
// headers, auth and plain-text 4xx errors. It maps requests to the engine's
// raw queue operations on the server's clock; the policy (how many in
// flight, when to keep alive, retries by outcome) stays with the client's
// engine dispatcher, as it would with a local database.
//
// Recovering the messages of consumers that vanished (spec 02 §9.5) is the
// server's job, since only it outlives them; see maybe_recover().
//
// Thread-safety: handle() is called concurrently by the transport threads.
#ifndef OPENKV_SERVER_KV_CONNECT_QUEUE_SERVICE_H_
#define OPENKV_SERVER_KV_CONNECT_QUEUE_SERVICE_H_

#include <atomic>
#include <cstdint>
#include <string_view>

#include "server/kv_connect/data_path.h"
#include "engine/engine.h"
#include "server/transport/http.h"

namespace openkv::server::kv_connect {

class QueueService {
 public:
  // `identity` and `engine` must outlive the service. `read_only`: the
  // database itself is read-only (every token is refused).
  QueueService(const DataPathIdentity& identity, bool read_only, engine::Engine& engine);

  // Whether `path` is under the extension's prefix (unknown methods there
  // get 404 from handle()).
  static bool owns(std::string_view path);

  // A POST to an owned path, while the server is not draining.
  void handle(const transport::Request& request, transport::Exchange& exchange);

 private:
  transport::Response dequeue(const transport::Request& request);
  transport::Response finish(const transport::Request& request);
  transport::Response extend(const transport::Request& request);
  transport::Response next_ts(const transport::Request& request);
  void maybe_recover();

  const DataPathIdentity& identity_;
  const bool read_only_;
  engine::Engine& engine_;
  std::atomic<int64_t> next_recovery_ms_{0};  // server clock
};

}  // namespace openkv::server::kv_connect

#endif  // OPENKV_SERVER_KV_CONNECT_QUEUE_SERVICE_H_
