// Copyright (c) OpenKV authors.
//
// HTTP/2 on nghttp2's server session, over plain TCP (h2c with prior
// knowledge) or TLS (ALPN h2): nghttp2 does framing, HPACK, flow control, PING
// and stream state; this file moves bytes between it and the connection's
// byte stream and turns streams into Requests.

#include "server/transport/http2_session.h"

#include <nghttp2/nghttp2.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <cstring>
#include <deque>
#include <map>
#include <utility>

namespace openkv::server::transport {
namespace net = boost::asio;

namespace {

constexpr std::string_view kProtocol = "HTTP/2";
// Large receive windows so a ~900 KB atomic write flows without waiting for
// WINDOW_UPDATE round trips (nghttp2 still sends them as data is consumed).
constexpr int32_t kStreamWindow = 4 * 1024 * 1024;
constexpr int32_t kConnectionWindow = 16 * 1024 * 1024;
constexpr uint32_t kMaxConcurrentStreams = 256;
// CONTINUATION frames allowed after one HEADERS frame. Each may be empty, so
// the header size limit alone does not bound them (the CONTINUATION flood
// of CVE-2024-27316 and its kin); real clients need none or a few.
constexpr int kMaxContinuations = 32;

// One request/response on the connection; owned by Http2Session::streams_.
struct Stream {
  int32_t id = 0;
  uint64_t serial = 0;  // distinguishes reused pointers across streams
  Request request;
  size_t header_bytes = 0;    // the header list so far, as HTTP/2 counts it
  bool rejected = false;      // answered early (413); its body is discarded
  bool request_done = false;  // handed to the handler
  bool responding = false;    // response headers submitted
  bool streaming = false;     // an open-ended body (watch)
  bool eof = false;           // no more body after `out`
  std::string out;            // response body bytes not yet taken by nghttp2
  size_t unsent = 0;
  std::chrono::steady_clock::time_point started;
  std::function<void()> on_closed;
};

// Serialised on the connection's strand; Exchange and StreamSink objects
// handed to the application post back onto it.
template <typename AsyncStream>
class Http2Session : public Session,
                     public std::enable_shared_from_this<Http2Session<AsyncStream>> {
 public:
  Http2Session(AsyncStream stream, const SessionLimits& limits, Handler handler)
      : stream_(std::move(stream)),
        idle_timer_(stream_.get_executor()),
        limits_(limits),
        handler_(std::move(handler)) {}

  ~Http2Session() override {
    if (session_ != nullptr) nghttp2_session_del(session_);
  }

  void start(std::string initial_bytes) {
    nghttp2_session_callbacks* callbacks = nullptr;
    nghttp2_session_callbacks_new(&callbacks);
    nghttp2_session_callbacks_set_on_begin_frame_callback(callbacks, &on_begin_frame);
    nghttp2_session_callbacks_set_on_begin_headers_callback(callbacks, &on_begin_headers);
    nghttp2_session_callbacks_set_on_header_callback(callbacks, &on_header);
    nghttp2_session_callbacks_set_on_data_chunk_recv_callback(callbacks, &on_data_chunk);
    nghttp2_session_callbacks_set_on_frame_recv_callback(callbacks, &on_frame_recv);
    nghttp2_session_callbacks_set_on_stream_close_callback(callbacks, &on_stream_close);
    nghttp2_session_server_new(&session_, callbacks, this);
    nghttp2_session_callbacks_del(callbacks);

    const nghttp2_settings_entry settings[] = {
        {NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS, kMaxConcurrentStreams},
        {NGHTTP2_SETTINGS_INITIAL_WINDOW_SIZE, kStreamWindow},
        {NGHTTP2_SETTINGS_MAX_HEADER_LIST_SIZE, static_cast<uint32_t>(limits_.max_header_bytes)},
    };
    nghttp2_submit_settings(session_, NGHTTP2_FLAG_NONE, settings,
                            sizeof(settings) / sizeof(settings[0]));
    nghttp2_session_set_local_window_size(session_, NGHTTP2_FLAG_NONE, 0, kConnectionWindow);
    if (!feed(initial_bytes.data(), initial_bytes.size())) return;
    flush();
    read_more();
    arm_idle_timer();
  }

  void shutdown() override {
    net::post(stream_.get_executor(), [self = this->shared_from_this()] {
      if (self->closed_) return;
      nghttp2_session_terminate_session(self->session_, NGHTTP2_NO_ERROR);
      self->flush();
    });
  }

  // --- entry points for Exchange / StreamSink (any thread) ---

  template <typename Fn>
  void on_strand(int32_t id, uint64_t serial, Fn fn) {
    net::post(stream_.get_executor(),
              [self = this->shared_from_this(), id, serial, fn = std::move(fn)]() mutable {
                Stream* s = self->find(id, serial);
                fn(*self, s);
                self->flush();
              });
  }

  // Set per stream when it can take no more data; read by sinks.
  struct SinkState {
    std::atomic<bool> closed{false};
  };

  void respond(Stream& s, Response response) {
    log_access(kProtocol, s.request, response.status, response.body.size(), s.started);
    s.out = std::move(response.body);
    s.eof = true;
    submit_headers(s, response.status, response.content_type);
  }

  void open_stream(Stream& s, int status, std::string type, std::function<void()> on_closed) {
    log_access(kProtocol, s.request, status, 0, s.started);
    s.streaming = true;
    s.on_closed = std::move(on_closed);
    submit_headers(s, status, type);
  }

  void stream_data(Stream& s, std::string data) {
    if (s.eof) return;
    s.unsent += data.size();
    if (s.unsent > limits_.max_unsent_stream_bytes) {
      spdlog::warn("HTTP/2 stream {} client is not reading; resetting", s.id);
      nghttp2_submit_rst_stream(session_, NGHTTP2_FLAG_NONE, s.id, NGHTTP2_CANCEL);
      return;
    }
    s.out += data;
    nghttp2_session_resume_data(session_, s.id);
  }

  void stream_finish(Stream& s) {
    s.eof = true;
    s.on_closed = nullptr;  // ending normally
    nghttp2_session_resume_data(session_, s.id);
  }

  std::shared_ptr<Exchange> make_exchange(Stream& s);

 private:
  Stream* find(int32_t id, uint64_t serial) {
    auto it = streams_.find(id);
    if (it == streams_.end() || it->second->serial != serial) return nullptr;
    return it->second.get();
  }

  void submit_headers(Stream& s, int status, const std::string& type) {
    s.responding = true;
    std::string status_text = std::to_string(status);
    std::vector<nghttp2_nv> headers;
    auto add = [&headers](std::string_view name, const std::string& value) {
      headers.push_back({reinterpret_cast<uint8_t*>(const_cast<char*>(name.data())),
                         reinterpret_cast<uint8_t*>(const_cast<char*>(value.data())), name.size(),
                         value.size(), NGHTTP2_NV_FLAG_NONE});
    };
    add(":status", status_text);
    if (!type.empty()) add("content-type", type);
    std::string length;
    if (!s.streaming) {
      length = std::to_string(s.out.size());
      add("content-length", length);
    }
    nghttp2_data_provider provider;
    provider.source.ptr = &s;
    provider.read_callback = &read_body;
    // nghttp2 copies the header name/value bytes before returning.
    int rv = nghttp2_submit_response(session_, s.id, headers.data(), headers.size(), &provider);
    if (rv != 0) spdlog::warn("nghttp2_submit_response: {}", nghttp2_strerror(rv));
  }

  static ssize_t read_body(nghttp2_session*, int32_t, uint8_t* buf, size_t length,
                           uint32_t* data_flags, nghttp2_data_source* source, void*) {
    auto* s = static_cast<Stream*>(source->ptr);
    size_t n = std::min(length, s->out.size());
    std::memcpy(buf, s->out.data(), n);
    s->out.erase(0, n);
    s->unsent -= std::min(s->unsent, n);
    if (s->out.empty()) {
      if (s->eof) {
        *data_flags |= NGHTTP2_DATA_FLAG_EOF;
      } else if (n == 0) {
        return NGHTTP2_ERR_DEFERRED;  // resumed by stream_data / stream_finish
      }
    }
    return static_cast<ssize_t>(n);
  }

  // --- nghttp2 callbacks (run inside feed() / flush(), on the strand) ---

  static Http2Session& self_of(void* user_data) { return *static_cast<Http2Session*>(user_data); }

  // Every frame header, CONTINUATION ones included (on_frame_recv sees a
  // header block only once it is complete).
  static int on_begin_frame(nghttp2_session*, const nghttp2_frame_hd* hd, void* user_data) {
    auto& self = self_of(user_data);
    if (hd->type == NGHTTP2_HEADERS) self.continuations_ = 0;
    if (hd->type == NGHTTP2_CONTINUATION && ++self.continuations_ > kMaxContinuations) {
      return NGHTTP2_ERR_CALLBACK_FAILURE;  // ends the connection
    }
    return 0;
  }

  static int on_begin_headers(nghttp2_session*, const nghttp2_frame* frame, void* user_data) {
    if (frame->hd.type != NGHTTP2_HEADERS || frame->headers.cat != NGHTTP2_HCAT_REQUEST) {
      return 0;
    }
    auto& self = self_of(user_data);
    auto stream = std::make_unique<Stream>();
    stream->id = frame->hd.stream_id;
    stream->serial = ++self.next_serial_;
    stream->started = std::chrono::steady_clock::now();
    self.streams_[stream->id] = std::move(stream);
    return 0;
  }

  static int on_header(nghttp2_session*, const nghttp2_frame* frame, const uint8_t* name,
                       size_t namelen, const uint8_t* value, size_t valuelen, uint8_t,
                       void* user_data) {
    auto& self = self_of(user_data);
    auto it = self.streams_.find(frame->hd.stream_id);
    if (it == self.streams_.end()) return 0;
    // Over the advertised SETTINGS_MAX_HEADER_LIST_SIZE: a client that
    // ignores it is not worth a stream-level answer.
    it->second->header_bytes += namelen + valuelen + 32;
    if (it->second->header_bytes > self.limits_.max_header_bytes) {
      return NGHTTP2_ERR_CALLBACK_FAILURE;
    }
    std::string_view n(reinterpret_cast<const char*>(name), namelen);
    std::string v(reinterpret_cast<const char*>(value), valuelen);
    Request& r = it->second->request;
    if (n == ":method") {
      r.method = std::move(v);
    } else if (n == ":path") {
      const size_t question = v.find('?');
      r.path = v.substr(0, question);
      if (question != std::string::npos) r.query = v.substr(question + 1);
    } else if (!n.empty() && n[0] != ':') {
      r.headers.emplace_back(std::string(n), std::move(v));  // nghttp2 checked lowercase
    }
    return 0;
  }

  static int on_data_chunk(nghttp2_session*, uint8_t, int32_t stream_id, const uint8_t* data,
                           size_t len, void* user_data) {
    auto& self = self_of(user_data);
    auto it = self.streams_.find(stream_id);
    if (it == self.streams_.end()) return 0;
    Stream& s = *it->second;
    if (s.rejected) return 0;
    if (s.request.body.size() + len > self.limits_.max_body_bytes) {
      // Answer now; nghttp2 resets the stream once the response is sent
      // while the client is still uploading.
      s.rejected = true;
      s.request.body.clear();
      self.respond(s, {413, std::string(kPlainText), std::string(kTooLargeText)});
      return 0;
    }
    s.request.body.append(reinterpret_cast<const char*>(data), len);
    return 0;
  }

  static int on_frame_recv(nghttp2_session*, const nghttp2_frame* frame, void* user_data) {
    auto& self = self_of(user_data);
    if ((frame->hd.type != NGHTTP2_HEADERS && frame->hd.type != NGHTTP2_DATA) ||
        (frame->hd.flags & NGHTTP2_FLAG_END_STREAM) == 0) {
      return 0;
    }
    auto it = self.streams_.find(frame->hd.stream_id);
    if (it == self.streams_.end()) return 0;
    Stream& s = *it->second;
    if (s.rejected || s.request_done) return 0;
    s.request_done = true;
    Request request = std::move(s.request);
    s.request.method = request.method;  // kept for the access log
    s.request.path = request.path;
    self.handler_(std::move(request), self.make_exchange(s));
    return 0;
  }

  static int on_stream_close(nghttp2_session*, int32_t stream_id, uint32_t, void* user_data) {
    auto& self = self_of(user_data);
    auto it = self.streams_.find(stream_id);
    if (it == self.streams_.end()) return 0;
    auto stream = std::move(it->second);
    self.streams_.erase(it);
    if (auto on_closed = std::move(stream->on_closed)) on_closed();
    return 0;
  }

  // --- connection I/O ---

  bool feed(const char* data, size_t n) {
    ssize_t rv = nghttp2_session_mem_recv(session_, reinterpret_cast<const uint8_t*>(data), n);
    if (rv < 0) {
      spdlog::debug("HTTP/2 protocol error: {}", nghttp2_strerror(static_cast<int>(rv)));
      // nghttp2 queues a GOAWAY for protocol errors, not when a callback
      // refused the peer (too many CONTINUATIONs, headers over the limit):
      // say why then. Either way the connection closes once it is written,
      // or at once when there is nothing to write.
      if (rv == NGHTTP2_ERR_CALLBACK_FAILURE) {
        nghttp2_session_terminate_session(session_, NGHTTP2_ENHANCE_YOUR_CALM);
      }
      close_after_write_ = true;
      flush();
      return false;
    }
    return true;
  }

  void read_more() {
    stream_.async_read_some(net::buffer(read_buf_), [self = this->shared_from_this()](
                                                        boost::system::error_code ec, size_t n) {
      if (ec) return self->close();
      self->last_activity_ = std::chrono::steady_clock::now();
      if (!self->feed(self->read_buf_.data(), n)) return;
      self->flush();
      if (!self->closed_) self->read_more();
    });
  }

  // Moves everything nghttp2 wants to send onto the stream, one write at a
  // time; closes when neither side has anything left to say.
  void flush() {
    if (closed_ || writing_) return;
    out_.clear();
    for (;;) {
      const uint8_t* data = nullptr;
      ssize_t n = nghttp2_session_mem_send(session_, &data);
      if (n < 0) return close();
      if (n == 0) break;
      out_.append(reinterpret_cast<const char*>(data), static_cast<size_t>(n));
      if (out_.size() >= 64 * 1024) break;
    }
    if (out_.empty()) {
      if (close_after_write_ ||
          (!nghttp2_session_want_read(session_) && !nghttp2_session_want_write(session_))) {
        close();
      }
      return;
    }
    writing_ = true;
    net::async_write(stream_, net::buffer(out_),
                     [self = this->shared_from_this()](boost::system::error_code ec, size_t) {
                       self->writing_ = false;
                       if (ec) return self->close();
                       self->flush();
                     });
  }

  // Closes a connection that has had no open stream and no incoming bytes for
  // the idle timeout (or a request that stalls beyond the request timeout).
  void arm_idle_timer() {
    idle_timer_.expires_after(std::min(limits_.idle_timeout, limits_.request_timeout));
    idle_timer_.async_wait([self = this->shared_from_this()](boost::system::error_code ec) {
      if (ec || self->closed_) return;
      auto quiet = std::chrono::steady_clock::now() - self->last_activity_;
      bool idle = true;
      for (const auto& [id, s] : self->streams_) {
        if (s->streaming) continue;  // a watch may be quiet for ever
        idle = false;                // a request in progress
        if (!s->request_done && quiet > self->limits_.request_timeout) {
          return self->close();  // a request that stopped arriving
        }
      }
      if (idle && self->streams_.empty() && quiet > self->limits_.idle_timeout) {
        nghttp2_session_terminate_session(self->session_, NGHTTP2_NO_ERROR);
        self->close_after_write_ = true;
        self->flush();
        return;
      }
      self->arm_idle_timer();
    });
  }

  void close() {
    if (closed_) return;
    closed_ = true;
    idle_timer_.cancel();
    close_stream(stream_);
    auto streams = std::move(streams_);
    streams_.clear();
    for (auto& [id, s] : streams) {
      if (auto on_closed = std::move(s->on_closed)) on_closed();
    }
  }

  AsyncStream stream_;
  net::steady_timer idle_timer_;
  SessionLimits limits_;
  Handler handler_;
  nghttp2_session* session_ = nullptr;
  std::map<int32_t, std::unique_ptr<Stream>> streams_;
  uint64_t next_serial_ = 0;
  int continuations_ = 0;  // CONTINUATION frames since the last HEADERS frame
  std::array<char, 16384> read_buf_;
  std::string out_;
  bool writing_ = false;
  bool closed_ = false;
  bool close_after_write_ = false;
  std::chrono::steady_clock::time_point last_activity_ = std::chrono::steady_clock::now();
};

template <typename AsyncStream>
class Http2Sink : public StreamSink {
 public:
  using Connection = Http2Session<AsyncStream>;
  Http2Sink(std::shared_ptr<Connection> session, int32_t id, uint64_t serial,
            std::shared_ptr<std::atomic<bool>> closed)
      : session_(std::move(session)), id_(id), serial_(serial), closed_(std::move(closed)) {}
  bool write(std::string data) override {
    if (*closed_) return false;
    session_->on_strand(id_, serial_, [data = std::move(data)](Connection& h, Stream* s) mutable {
      if (s != nullptr) h.stream_data(*s, std::move(data));
    });
    return true;
  }
  void finish() override {
    *closed_ = true;
    session_->on_strand(id_, serial_, [](Connection& h, Stream* s) {
      if (s != nullptr) h.stream_finish(*s);
    });
  }

 private:
  std::shared_ptr<Connection> session_;
  int32_t id_;
  uint64_t serial_;
  std::shared_ptr<std::atomic<bool>> closed_;
};

template <typename AsyncStream>
class Http2Exchange : public Exchange {
 public:
  using Connection = Http2Session<AsyncStream>;
  Http2Exchange(std::shared_ptr<Connection> session, int32_t id, uint64_t serial)
      : session_(std::move(session)), id_(id), serial_(serial) {}
  ~Http2Exchange() override {
    if (!answered_.exchange(true)) {
      send({500, std::string(kPlainText), "An internal server error occurred."});
    }
  }
  void respond(Response response) override {
    if (!answered_.exchange(true)) send(std::move(response));
  }
  std::shared_ptr<StreamSink> open_stream(int status, std::string content_type,
                                          std::function<void()> on_closed) override {
    answered_ = true;
    auto closed = std::make_shared<std::atomic<bool>>(false);
    // The stream may already be gone; then on_closed runs right away.
    session_->on_strand(id_, serial_,
                        [status, type = std::move(content_type), on_closed = std::move(on_closed),
                         closed](Connection& h, Stream* s) mutable {
                          if (s == nullptr) {
                            *closed = true;
                            if (on_closed) on_closed();
                            return;
                          }
                          h.open_stream(*s, status, std::move(type),
                                        [closed, on_closed = std::move(on_closed)] {
                                          *closed = true;
                                          if (on_closed) on_closed();
                                        });
                        });
    return std::make_shared<Http2Sink<AsyncStream>>(session_, id_, serial_, closed);
  }

 private:
  void send(Response response) {
    session_->on_strand(id_, serial_,
                        [response = std::move(response)](Connection& h, Stream* s) mutable {
                          if (s != nullptr) h.respond(*s, std::move(response));
                        });
  }

  std::shared_ptr<Connection> session_;
  int32_t id_;
  uint64_t serial_;
  std::atomic<bool> answered_{false};
};

template <typename AsyncStream>
std::shared_ptr<Exchange> Http2Session<AsyncStream>::make_exchange(Stream& s) {
  return std::make_shared<Http2Exchange<AsyncStream>>(this->shared_from_this(), s.id, s.serial);
}

template <typename AsyncStream>
std::shared_ptr<Session> start_session(AsyncStream stream, std::string initial_bytes,
                                       const SessionLimits& limits, Handler handler) {
  auto session =
      std::make_shared<Http2Session<AsyncStream>>(std::move(stream), limits, std::move(handler));
  session->start(std::move(initial_bytes));
  return session;
}

}  // namespace

std::shared_ptr<Session> start_http2_session(PlainStream stream, std::string initial_bytes,
                                             const SessionLimits& limits, Handler handler) {
  return start_session(std::move(stream), std::move(initial_bytes), limits, std::move(handler));
}

std::shared_ptr<Session> start_http2_session(TlsStream stream, std::string initial_bytes,
                                             const SessionLimits& limits, Handler handler) {
  return start_session(std::move(stream), std::move(initial_bytes), limits, std::move(handler));
}

}  // namespace openkv::server::transport
