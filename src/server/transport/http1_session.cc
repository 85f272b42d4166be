// Copyright (c) OpenKV authors.
//
// HTTP/1.1 with Boost.Beast: persistent connections, one request at a time,
// bodies bounded by the parser's body_limit, chunked streaming responses.
// Templated on the byte stream (plain TCP or TLS); timeouts are set on the
// stream's lowest (TCP) layer, which both share.

#include "server/transport/http1_session.h"

#include <spdlog/spdlog.h>

#include <atomic>
#include <boost/asio/post.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <deque>
#include <optional>
#include <utility>

namespace openkv::server::transport {
namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

namespace {

constexpr std::string_view kProtocol = "HTTP/1.1";

std::string lowercase(beast::string_view s) {
  std::string out(s.data(), s.size());
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// Serialised on the socket's strand; Exchange and StreamSink objects handed to
// the application post back onto it.
template <typename AsyncStream>
class Http1Session : public Session,
                     public std::enable_shared_from_this<Http1Session<AsyncStream>> {
 public:
  Http1Session(AsyncStream stream, std::string initial_bytes, const SessionLimits& limits,
               Handler handler)
      : stream_(std::move(stream)), limits_(limits), handler_(std::move(handler)) {
    auto dst = buffer_.prepare(initial_bytes.size());
    buffer_.commit(net::buffer_copy(dst, net::buffer(initial_bytes)));
  }

  void start() { read_next_request(); }

  void shutdown() override {
    net::post(stream_.get_executor(), [self = this->shared_from_this()] { self->close(); });
  }

  // --- entry points for Exchange / StreamSink (any thread) ---

  void post_response(uint64_t request_id, Response response) {
    net::post(stream_.get_executor(), [self = this->shared_from_this(), request_id,
                                       response = std::move(response)]() mutable {
      if (request_id == self->request_id_) {
        self->send_response(std::move(response));
      }
    });
  }

  void post_open_stream(uint64_t request_id, int status, std::string type,
                        std::function<void()> on_closed) {
    net::post(stream_.get_executor(),
              [self = this->shared_from_this(), request_id, status, type = std::move(type),
               on_closed = std::move(on_closed)]() mutable {
                if (request_id == self->request_id_ && !self->closed_) {
                  self->open_stream(status, std::move(type), std::move(on_closed));
                } else if (on_closed) {
                  on_closed();
                }
              });
  }

  void post_stream_data(std::string data) {
    net::post(stream_.get_executor(),
              [self = this->shared_from_this(), data = std::move(data)]() mutable {
                self->queue_chunk(std::move(data));
              });
  }

  void post_stream_finish() {
    net::post(stream_.get_executor(), [self = this->shared_from_this()] {
      self->finishing_ = true;
      self->pump_stream();
    });
  }

  // Set once the stream can take no more data; read by sinks on any thread.
  std::atomic<bool> stream_closed{false};

 private:
  void read_next_request() {
    parser_.emplace();
    parser_->body_limit(limits_.max_body_bytes);
    parser_->header_limit(static_cast<uint32_t>(limits_.max_header_bytes));
    if (buffer_.size() > 0) {
      read_request();
      return;
    }
    // Idle between requests: wait for the first byte under the (longer) idle
    // timeout, then give the whole request the request timeout.
    tcp_layer().expires_after(limits_.idle_timeout);
    stream_.async_read_some(buffer_.prepare(4096),
                            [self = this->shared_from_this()](beast::error_code ec, size_t n) {
                              if (ec) return self->close();
                              self->buffer_.commit(n);
                              self->read_request();
                            });
  }

  void read_request() {
    tcp_layer().expires_after(limits_.request_timeout);
    http::async_read(
        stream_, buffer_, *parser_,
        [self = this->shared_from_this()](beast::error_code ec, size_t) { self->on_request(ec); });
  }

  void on_request(beast::error_code ec) {
    if (ec == http::error::body_limit) {
      keep_alive_ = false;
      started_ = std::chrono::steady_clock::now();
      current_ = Request{std::string(parser_->get().method_string()),
                         std::string(parser_->get().target()),
                         {},
                         {},
                         {}};
      send_response({413, std::string(kPlainText), std::string(kTooLargeText)});
      return;
    }
    if (ec == http::error::header_limit) {
      // The method and target may not have arrived whole: log none.
      keep_alive_ = false;
      started_ = std::chrono::steady_clock::now();
      current_ = Request{};
      send_response({431, std::string(kPlainText), std::string(kHeadersTooLargeText)});
      return;
    }
    if (ec) {
      // A malformed request gets a 400 so a confused client sees why; a
      // closed or timed-out connection just ends.
      if (ec.category() == beast::error_code(http::error::end_of_stream).category() &&
          ec != http::error::end_of_stream && ec != http::error::partial_message) {
        keep_alive_ = false;
        send_response({400, std::string(kPlainText), "Bad request."});
        return;
      }
      return close();
    }
    auto message = parser_->release();
    keep_alive_ = message.keep_alive();
    version_ = message.version();
    Request request;
    request.method = std::string(message.method_string());
    std::string_view target(message.target().data(), message.target().size());
    const size_t question = target.find('?');
    request.path = std::string(target.substr(0, question));
    if (question != std::string_view::npos) request.query = std::string(target.substr(question + 1));
    for (const auto& field : message) {
      request.headers.emplace_back(lowercase(field.name_string()), std::string(field.value()));
    }
    request.body = std::move(message.body());
    current_ = Request{request.method, request.path, {}, {}, {}};
    started_ = std::chrono::steady_clock::now();
    ++request_id_;
    // The handler may take a while (a commit); the connection waits without
    // a timer until it answers.
    tcp_layer().expires_never();
    handler_(std::move(request), make_exchange());
  }

  std::shared_ptr<Exchange> make_exchange();

  void send_response(Response response) {
    if (closed_) return;
    log_access(kProtocol, current_, response.status, response.body.size(), started_);
    auto res = std::make_shared<http::response<http::string_body>>(
        static_cast<http::status>(response.status), version_);
    if (!response.content_type.empty()) {
      res->set(http::field::content_type, response.content_type);
    }
    res->keep_alive(keep_alive_);
    res->body() = std::move(response.body);
    res->prepare_payload();
    ++request_id_;  // the exchange is answered; late calls are ignored
    tcp_layer().expires_after(limits_.request_timeout);
    http::async_write(stream_, *res,
                      [self = this->shared_from_this(), res](beast::error_code ec, size_t) {
                        if (ec || !res->keep_alive()) return self->close();
                        self->read_next_request();
                      });
  }

  void open_stream(int status, std::string type, std::function<void()> on_closed) {
    log_access(kProtocol, current_, status, 0, started_);
    on_stream_closed_ = std::move(on_closed);
    streaming_ = true;
    stream_header_ = std::make_unique<http::response<http::empty_body>>(
        static_cast<http::status>(status), version_);
    stream_header_->set(http::field::content_type, type);
    stream_header_->keep_alive(keep_alive_);
    stream_header_->chunked(true);
    serializer_ = std::make_unique<http::response_serializer<http::empty_body>>(*stream_header_);
    tcp_layer().expires_never();
    writing_ = true;
    http::async_write_header(stream_, *serializer_,
                             [self = this->shared_from_this()](beast::error_code ec, size_t) {
                               self->writing_ = false;
                               if (ec) return self->close();
                               self->pump_stream();
                             });
    watch_for_disconnect();
  }

  // A streaming client sends nothing more; any read completion means it went
  // away (EOF or error), which is how the stream's resources get released.
  void watch_for_disconnect() {
    stream_.async_read_some(buffer_.prepare(1024),
                            [self = this->shared_from_this()](beast::error_code ec, size_t n) {
                              if (ec) return self->close();
                              self->buffer_.consume(n);
                              self->watch_for_disconnect();
                            });
  }

  void queue_chunk(std::string data) {
    // An empty chunk would be the terminating chunk; never send one here.
    if (!streaming_ || closed_ || data.empty()) return;
    unsent_ += data.size();
    if (unsent_ > limits_.max_unsent_stream_bytes) {
      spdlog::warn("HTTP/1.1 stream client is not reading; closing");
      return close();
    }
    chunks_.push_back(std::move(data));
    pump_stream();
  }

  void pump_stream() {
    if (writing_ || closed_ || !serializer_) return;
    if (chunks_.empty()) {
      if (!finishing_) return;
      writing_ = true;
      net::async_write(stream_, http::make_chunk_last(),
                       [self = this->shared_from_this()](beast::error_code, size_t) {
                         self->on_stream_closed_ = nullptr;  // finished normally
                         self->close();
                       });
      return;
    }
    writing_ = true;
    net::async_write(stream_, http::make_chunk(net::buffer(chunks_.front())),
                     [self = this->shared_from_this()](beast::error_code ec, size_t) {
                       self->writing_ = false;
                       self->unsent_ -= self->chunks_.front().size();
                       self->chunks_.pop_front();
                       if (ec) return self->close();
                       self->pump_stream();
                     });
  }

  void close() {
    if (closed_) return;
    closed_ = true;
    stream_closed = true;
    ++request_id_;
    close_stream(stream_);
    if (auto on_closed = std::move(on_stream_closed_)) on_closed();
  }

  // The TCP connection under the stream, where the timeouts are.
  PlainStream& tcp_layer() { return beast::get_lowest_layer(stream_); }

  AsyncStream stream_;
  beast::flat_buffer buffer_;
  SessionLimits limits_;
  Handler handler_;
  std::optional<http::request_parser<http::string_body>> parser_;

  // The request being answered; request_id_ changes whenever it is answered
  // or the connection closes, so stale Exchange calls are dropped.
  uint64_t request_id_ = 0;
  Request current_;  // method and path only, for the access log
  std::chrono::steady_clock::time_point started_;
  bool keep_alive_ = true;
  unsigned version_ = 11;
  bool closed_ = false;

  // Streaming response state.
  bool streaming_ = false;
  bool writing_ = false;
  bool finishing_ = false;
  size_t unsent_ = 0;
  std::deque<std::string> chunks_;
  std::unique_ptr<http::response<http::empty_body>> stream_header_;
  std::unique_ptr<http::response_serializer<http::empty_body>> serializer_;
  std::function<void()> on_stream_closed_;
};

template <typename AsyncStream>
class Http1Sink : public StreamSink {
 public:
  explicit Http1Sink(std::shared_ptr<Http1Session<AsyncStream>> session)
      : session_(std::move(session)) {}
  bool write(std::string data) override {
    if (session_->stream_closed) return false;
    session_->post_stream_data(std::move(data));
    return true;
  }
  void finish() override { session_->post_stream_finish(); }

 private:
  std::shared_ptr<Http1Session<AsyncStream>> session_;
};

template <typename AsyncStream>
class Http1Exchange : public Exchange {
 public:
  Http1Exchange(std::shared_ptr<Http1Session<AsyncStream>> session, uint64_t request_id)
      : session_(std::move(session)), request_id_(request_id) {}
  ~Http1Exchange() override {
    if (!answered_.exchange(true)) {
      session_->post_response(request_id_,
                              {500, std::string(kPlainText), "An internal server error occurred."});
    }
  }
  void respond(Response response) override {
    if (answered_.exchange(true)) return;
    session_->post_response(request_id_, std::move(response));
  }
  std::shared_ptr<StreamSink> open_stream(int status, std::string content_type,
                                          std::function<void()> on_closed) override {
    answered_ = true;
    session_->post_open_stream(request_id_, status, std::move(content_type), std::move(on_closed));
    return std::make_shared<Http1Sink<AsyncStream>>(session_);
  }

 private:
  std::shared_ptr<Http1Session<AsyncStream>> session_;
  uint64_t request_id_;
  std::atomic<bool> answered_{false};
};

template <typename AsyncStream>
std::shared_ptr<Exchange> Http1Session<AsyncStream>::make_exchange() {
  return std::make_shared<Http1Exchange<AsyncStream>>(this->shared_from_this(), request_id_);
}

template <typename AsyncStream>
std::shared_ptr<Session> start_session(AsyncStream stream, std::string initial_bytes,
                                       const SessionLimits& limits, Handler handler) {
  auto session = std::make_shared<Http1Session<AsyncStream>>(
      std::move(stream), std::move(initial_bytes), limits, std::move(handler));
  session->start();
  return session;
}

}  // namespace

std::shared_ptr<Session> start_http1_session(PlainStream stream, std::string initial_bytes,
                                             const SessionLimits& limits, Handler handler) {
  return start_session(std::move(stream), std::move(initial_bytes), limits, std::move(handler));
}

std::shared_ptr<Session> start_http1_session(TlsStream stream, std::string initial_bytes,
                                             const SessionLimits& limits, Handler handler) {
  return start_session(std::move(stream), std::move(initial_bytes), limits, std::move(handler));
}

}  // namespace openkv::server::transport
