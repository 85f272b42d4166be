// Copyright (c) OpenKV authors.
//
// HttpServer: one TCP port, two protocols. Each accepted connection is
// sniffed: if its first 24 bytes are the HTTP/2 preface it is handed to an
// nghttp2 session (h2c with prior knowledge, what Deno speaks), otherwise to a
// Beast HTTP/1.1 session (what @deno/kv on Node speaks). With TLS configured
// the port speaks only TLS, and ALPN picks the protocol instead (`h2` →
// nghttp2, `http/1.1` or none → Beast; see tls.h). All I/O runs on one
// io_context driven by a fixed pool of threads; each connection is serialised
// on its own strand.
//
// Thread-safety: start/stop_accepting/shutdown are meant for one controlling
// thread; the handler is called concurrently from the pool.
#ifndef OPENKV_SERVER_TRANSPORT_SERVER_H_
#define OPENKV_SERVER_TRANSPORT_SERVER_H_

#include <chrono>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/ip/tcp.hpp>

#include "server/transport/http.h"
#include "server/transport/session.h"
#include "server/transport/tls.h"

namespace openkv::server::transport {

class HttpServer {
 public:
  struct Options {
    std::string host = "127.0.0.1";
    uint16_t port = 4512;  // 0 = any free port (see local_port())
    int threads = 2;
    SessionLimits limits;
    // When set, every connection must be TLS (no plain-text fallback).
    std::optional<TlsFiles> tls;
  };

  HttpServer(Options options, Handler handler);
  ~HttpServer();  // shutdown()
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Loads the TLS files (if any), binds, listens and starts the thread pool.
  // Throws TlsSetupError for an unusable certificate or key, and
  // boost::system::system_error when the address cannot be bound.
  void start();
  uint16_t local_port() const;
  // The pool's io_context, for timers of the application layer.
  boost::asio::io_context& io_context() { return io_; }

  // Connections whose protocol session is running now.
  size_t open_connections();

  // Closes the listening socket; live connections continue.
  void stop_accepting();
  // Stops accepting, ends every connection, stops and joins the pool.
  // Idempotent.
  void shutdown();

 private:
  void accept_next();
  void retry_accept(boost::system::error_code ec);
  void on_accepted(boost::asio::ip::tcp::socket socket);

  Options options_;
  Handler handler_;
  std::unique_ptr<boost::asio::ssl::context> tls_context_;  // set by start()
  boost::asio::io_context io_;
  boost::asio::ip::tcp::acceptor acceptor_;
  // How long to wait before accepting again after accept() failed.
  static constexpr std::chrono::milliseconds kAcceptRetry{100};
  boost::asio::steady_timer accept_retry_;  // on the acceptor's strand
  std::vector<std::thread> threads_;

  std::mutex sessions_mu_;
  std::list<std::weak_ptr<Session>> sessions_;  // guarded by sessions_mu_
  bool shut_down_ = false;
};

}  // namespace openkv::server::transport

#endif  // OPENKV_SERVER_TRANSPORT_SERVER_H_
