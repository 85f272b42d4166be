// Copyright (c) OpenKV authors.
//
// KvConnectServer puts the pieces together: an HttpServer (HTTP/1.1 + h2c on
// one port, fixed thread pool) whose requests go through the Router to the
// KV Connect Service of a database — the one engine::Engine at the root
// (`openkv serve --path`), or each database of a data directory at
// `/<name>` with the admin API (`openkv serve --data-dir`). `openkv serve`
// and the tests use this class.
//
// Thread-safety: start() and shutdown() from one controlling thread.
#ifndef OPENKV_SERVER_KV_SERVER_H_
#define OPENKV_SERVER_KV_SERVER_H_

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "engine/engine.h"
#include "server/databases.h"
#include "server/kv_connect/service.h"
#include "server/transport/server.h"

namespace openkv::server {

class Router;
namespace admin {
class AdminApi;
}
namespace data_dir {
class Directory;
}

class KvConnectServer {
 public:
  struct Options {
    transport::HttpServer::Options http;
    // For the database at the root; a data directory's services take their
    // tokens, ids and endpoints from its catalog.
    kv_connect::Service::Options service;
    // How long shutdown waits for commits in flight.
    std::chrono::milliseconds drain_timeout{10000};
  };

  // Serves `engine` at the root. `engine` must outlive the server.
  KvConnectServer(Options options, engine::Engine& engine);
  // Serves every database of `directory` and the admin API; opens them now.
  // `directory` must outlive the server.
  KvConnectServer(Options options, data_dir::Directory& directory);
  ~KvConnectServer();  // shutdown()

  // Binds and serves; throws boost::system::system_error if the address is
  // unavailable.
  void start();
  uint16_t port() const { return http_->local_port(); }

  // Graceful stop: no new connections, new data-path requests get 503, watch
  // streams end, commits in flight are answered (up to drain_timeout), then
  // every connection closes and the threads are joined. Idempotent. The
  // caller closes the engine (or directory) afterwards.
  void shutdown();

 private:
  // Makes the router and the HTTP server and attaches the databases to its
  // executor (both constructors).
  void wire();

  Options options_;
  std::unique_ptr<Databases> root_;  // the database at the root, if that is what is served
  Databases& databases_;
  std::unique_ptr<admin::AdminApi> admin_;
  std::unique_ptr<Router> router_;
  std::unique_ptr<transport::HttpServer> http_;
};

}  // namespace openkv::server

#endif  // OPENKV_SERVER_KV_SERVER_H_
