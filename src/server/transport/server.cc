// Copyright (c) OpenKV authors.

#include "server/transport/server.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <cstring>
#include <utility>

#include "server/transport/http1_session.h"
#include "server/transport/http2_session.h"
#include "server/transport/stream.h"

namespace openkv::server::transport {
namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

constexpr std::string_view kHttp2Preface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";

// Reads the first bytes of a connection until they either differ from the
// HTTP/2 preface (HTTP/1.1) or complete it (HTTP/2), then starts the matching
// session with the bytes already read. The comparison is incremental so an
// HTTP/1.1 request shorter than 24 bytes is not kept waiting.
class Sniffer : public std::enable_shared_from_this<Sniffer> {
 public:
  Sniffer(tcp::socket socket, const SessionLimits& limits, Handler handler, SessionStarted started)
      : socket_(std::move(socket)),
        timer_(socket_.get_executor()),
        limits_(limits),
        handler_(std::move(handler)),
        started_(std::move(started)) {}

  void run() {
    timer_.expires_after(limits_.request_timeout);
    timer_.async_wait([self = shared_from_this()](boost::system::error_code ec) {
      if (!ec) self->socket_.close();  // too slow to say anything
    });
    read_more();
  }

 private:
  void read_more() {
    socket_.async_read_some(net::buffer(chunk_),
                            [self = shared_from_this()](boost::system::error_code ec, size_t n) {
                              self->on_read(ec, n);
                            });
  }

  void on_read(boost::system::error_code ec, size_t n) {
    if (ec) {
      timer_.cancel();
      return;  // closed or timed out before saying anything
    }
    seen_.append(chunk_.data(), n);
    size_t common = std::min(seen_.size(), kHttp2Preface.size());
    bool matches = std::memcmp(seen_.data(), kHttp2Preface.data(), common) == 0;
    if (matches && seen_.size() < kHttp2Preface.size()) {
      read_more();
      return;
    }
    timer_.cancel();
    PlainStream stream(std::move(socket_));
    auto session =
        matches ? start_http2_session(std::move(stream), std::move(seen_), limits_, handler_)
                : start_http1_session(std::move(stream), std::move(seen_), limits_, handler_);
    started_(std::move(session));
  }

  tcp::socket socket_;
  net::steady_timer timer_;
  const SessionLimits& limits_;
  Handler handler_;
  SessionStarted started_;
  std::array<char, 4096> chunk_;
  std::string seen_;
};

}  // namespace

HttpServer::HttpServer(Options options, Handler handler)
    // The acceptor lives on a strand: its accept handler (which re-arms it)
    // and stop_accepting()'s close() run on different I/O threads otherwise,
    // and a socket object is not safe for concurrent use (closing it while
    // async_accept re-registers it crashed in epoll_reactor).
    : options_(std::move(options)),
      handler_(std::move(handler)),
      acceptor_(net::make_strand(io_)),
      accept_retry_(acceptor_.get_executor()) {}

HttpServer::~HttpServer() { shutdown(); }

void HttpServer::start() {
  if (options_.tls) tls_context_ = make_server_tls_context(*options_.tls);
  tcp::endpoint endpoint(net::ip::make_address(options_.host), options_.port);
  acceptor_.open(endpoint.protocol());
  acceptor_.set_option(net::socket_base::reuse_address(true));
  acceptor_.bind(endpoint);
  acceptor_.listen(net::socket_base::max_listen_connections);
  accept_next();
  int n = std::max(1, options_.threads);
  for (int i = 0; i < n; ++i) {
    threads_.emplace_back([this] { io_.run(); });
  }
}

uint16_t HttpServer::local_port() const { return acceptor_.local_endpoint().port(); }

void HttpServer::accept_next() {
  acceptor_.async_accept(net::make_strand(io_),
                         [this](boost::system::error_code ec, tcp::socket socket) {
                           if (ec) {
                             if (ec != net::error::operation_aborted) retry_accept(ec);
                             return;
                           }
                           on_accepted(std::move(socket));
                           accept_next();
                         });
}

void HttpServer::retry_accept(boost::system::error_code ec) {
  // Out of descriptors (EMFILE/ENFILE) or memory: the pending connection
  // stays in the backlog, so accepting again at once fails again at once, a
  // busy loop that floods the log. Pause, as long as the condition lasts.
  spdlog::warn("accept failed: {}; retrying in {} ms", ec.message(), kAcceptRetry.count());
  accept_retry_.expires_after(kAcceptRetry);
  accept_retry_.async_wait([this](boost::system::error_code wait_ec) {
    if (!wait_ec && acceptor_.is_open()) accept_next();
  });
}

void HttpServer::on_accepted(tcp::socket socket) {
  boost::system::error_code ignored;
  socket.set_option(tcp::no_delay(true), ignored);
  SessionStarted started = [this](std::shared_ptr<Session> session) {
    std::lock_guard<std::mutex> lock(sessions_mu_);
    if (shut_down_) {
      session->shutdown();
      return;
    }
    // Forget connections that have ended, then remember this one.
    sessions_.remove_if([](const auto& w) { return w.expired(); });
    sessions_.push_back(session);
  };
  if (tls_context_) {
    start_tls_connection(std::move(socket), *tls_context_, options_.limits, handler_,
                         std::move(started));
    return;
  }
  std::make_shared<Sniffer>(std::move(socket), options_.limits, handler_, std::move(started))
      ->run();
}

size_t HttpServer::open_connections() {
  std::lock_guard<std::mutex> lock(sessions_mu_);
  sessions_.remove_if([](const std::weak_ptr<Session>& s) { return s.expired(); });
  return sessions_.size();
}

void HttpServer::stop_accepting() {
  net::post(acceptor_.get_executor(), [this] {
    boost::system::error_code ignored;
    acceptor_.close(ignored);
    accept_retry_.cancel();
  });
}

void HttpServer::shutdown() {
  if (threads_.empty()) return;
  stop_accepting();
  {
    std::lock_guard<std::mutex> lock(sessions_mu_);
    shut_down_ = true;
    for (auto& weak : sessions_) {
      if (auto session = weak.lock()) session->shutdown();
    }
    sessions_.clear();
  }
  // Give the sessions a moment to flush GOAWAY and close, then stop.
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  io_.stop();
  for (auto& t : threads_) t.join();
  threads_.clear();
}

void log_access(std::string_view protocol, const Request& request, int status, size_t body_bytes,
                std::chrono::steady_clock::time_point started) {
  if (!spdlog::should_log(spdlog::level::trace)) return;
  auto us = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() -
                                                                  started)
                .count();
  spdlog::trace("{} {} {} -> {} ({} bytes, {} us)", protocol, request.method, request.path, status,
                body_bytes, us);
}

}  // namespace openkv::server::transport
