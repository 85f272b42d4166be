// Copyright (c) OpenKV authors.
//
// KvConnectServer puts the pieces together: an HttpServer (HTTP/1.1 + h2c on
// one port, fixed thread pool) whose requests go to the KV Connect Service,
// which talks to an engine::Engine. `openkv serve` and the
// tests use this class.
//
// Thread-safety: start() and shutdown() from one controlling thread.
#ifndef OPENKV_SERVER_KV_SERVER_H_
#define OPENKV_SERVER_KV_SERVER_H_

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "server/kv_connect/service.h"
#include "engine/engine.h"
#include "server/transport/server.h"

namespace openkv::server {

class KvConnectServer {
 public:
  struct Options {
    transport::HttpServer::Options http;
    kv_connect::Service::Options service;
    // How long shutdown waits for commits in flight.
    std::chrono::milliseconds drain_timeout{10000};
  };

  // `engine` must outlive the server.
  KvConnectServer(Options options, engine::Engine& engine);
  ~KvConnectServer();  // shutdown()

  // Binds and serves; throws boost::system::system_error if the address is
  // unavailable.
  void start();
  uint16_t port() const { return http_->local_port(); }

  // Graceful stop: no new connections, new data-path requests get 503, watch
  // streams end, commits in flight are answered (up to drain_timeout), then
  // every connection closes and the threads are joined. Idempotent. The
  // caller closes the engine afterwards.
  void shutdown();

 private:
  Options options_;
  std::unique_ptr<transport::HttpServer> http_;
  std::unique_ptr<kv_connect::Service> service_;
};

}  // namespace openkv::server

#endif  // OPENKV_SERVER_KV_SERVER_H_
