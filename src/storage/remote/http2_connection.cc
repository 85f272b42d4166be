// Copyright (c) OpenKV authors.
//
// HTTP/2 (spec 04 §1.1), cleartext with prior knowledge or over TLS after
// ALPN chose `h2`: nghttp2 does all the framing, HPACK and flow control; this
// file only moves bytes between the session and the ByteStream and collects
// one stream's reply.
#include <nghttp2/nghttp2.h>

#include <algorithm>
#include <cstring>
#include <memory>

#include "storage/remote/http_connection.h"
#include "storage/remote/transport_error.h"

namespace openkv::storage::remote {
namespace {

// Large windows so that a ~900 KB atomic write and a busy watch stream never
// wait for WINDOW_UPDATEs.
constexpr int32_t kWindowSize = 16 << 20;
constexpr size_t kMaxReplyBytes = 64 << 20;

nghttp2_nv header(const std::string& name, const std::string& value) {
  return {reinterpret_cast<uint8_t*>(const_cast<char*>(name.data())),
          reinterpret_cast<uint8_t*>(const_cast<char*>(value.data())), name.size(), value.size(),
          NGHTTP2_NV_FLAG_NONE};
}

class Http2Connection : public HttpConnection {
 public:
  Http2Connection(std::unique_ptr<ByteStream> stream, const Url& origin)
      : scheme_(origin.scheme), authority_(origin.authority()), stream_(std::move(stream)) {
    nghttp2_session_callbacks* callbacks = nullptr;
    nghttp2_session_callbacks_new(&callbacks);
    nghttp2_session_callbacks_set_on_header_callback(callbacks, &on_header);
    nghttp2_session_callbacks_set_on_data_chunk_recv_callback(callbacks, &on_data);
    nghttp2_session_callbacks_set_on_stream_close_callback(callbacks, &on_stream_close);
    nghttp2_session* session = nullptr;
    int rc = nghttp2_session_client_new(&session, callbacks, this);
    nghttp2_session_callbacks_del(callbacks);
    if (rc != 0) throw NetworkError(std::string("nghttp2: ") + nghttp2_strerror(rc));
    owned_session_.reset(session);
    session_ = session;

    nghttp2_settings_entry settings[] = {{NGHTTP2_SETTINGS_ENABLE_PUSH, 0},
                                         {NGHTTP2_SETTINGS_INITIAL_WINDOW_SIZE, kWindowSize}};
    nghttp2_submit_settings(session_, NGHTTP2_FLAG_NONE, settings, std::size(settings));
    nghttp2_session_set_local_window_size(session_, NGHTTP2_FLAG_NONE, 0, kWindowSize);
    try {
      flush();
    } catch (const NetworkError&) {
      // An HTTP/1.1-only server may already have answered the preface with
      // an error and closed; what it answered decides, below.
    }
    handshake();
  }

  HttpResponse post(const HttpRequest& request, const BodySink* sink) override {
    reply_ = {};
    sink_ = sink;
    body_ = &request.body;
    body_offset_ = 0;
    stream_closed_ = false;
    stream_error_ = NGHTTP2_NO_ERROR;
    stopped_ = false;

    const std::string method = ":method", post = "POST", scheme = ":scheme",
                      authority = ":authority", path = ":path", length = "content-length",
                      length_value = std::to_string(request.body.size());
    std::vector<nghttp2_nv> nva = {header(method, post), header(scheme, scheme_),
                                   header(authority, authority_), header(path, request.path)};
    for (const auto& [name, value] : request.headers) nva.push_back(header(name, value));
    nva.push_back(header(length, length_value));
    nghttp2_data_provider provider{};
    provider.source.ptr = this;
    provider.read_callback = &read_body;
    stream_id_ = nghttp2_submit_request(session_, nullptr, nva.data(), nva.size(), &provider, this);
    if (stream_id_ < 0) {
      broken_ = true;
      throw NetworkError(std::string("nghttp2: ") + nghttp2_strerror(stream_id_));
    }
    try {
      for (;;) {
        flush();
        if (stream_closed_ || stopped_) break;
        if (!nghttp2_session_want_read(session_) && !nghttp2_session_want_write(session_)) {
          throw NetworkError("the server closed the HTTP/2 connection");
        }
        receive();
      }
    } catch (...) {
      broken_ = true;
      throw;
    }
    if (stopped_) {
      // The sink gave up on a stream that would go on forever; the
      // connection is not worth keeping for the next request.
      broken_ = true;
      return std::move(reply_);
    }
    if (stream_error_ != NGHTTP2_NO_ERROR && reply_.status == 0) {
      throw NetworkError(std::string("HTTP/2 stream reset: ") +
                         nghttp2_http2_strerror(stream_error_));
    }
    if (reply_.status == 0) throw NetworkError("HTTP/2 reply without :status");
    return std::move(reply_);
  }

  bool reusable() const override {
    return !broken_ && nghttp2_session_want_read(session_) &&
           nghttp2_session_get_next_stream_id(session_) < (1u << 30);
  }

  void cancel() override { stream_->cancel(); }

 private:
  // The server's first bytes must be its SETTINGS frame; an HTTP/1.1-only
  // server answers the preface with a status line instead.
  void handshake() {
    static constexpr std::string_view kHttp1 = "HTTP/";
    std::string first;
    uint8_t buffer[4096];
    while (first.size() < kHttp1.size()) {
      boost::system::error_code ec;
      size_t n = stream_->read_some(buffer, sizeof buffer, ec);
      if (ec) throw NetworkError("HTTP/2 handshake failed: " + ec.message());
      first.append(reinterpret_cast<char*>(buffer), n);
      if (kHttp1.substr(0, std::min(first.size(), kHttp1.size())) !=
          std::string_view(first).substr(0, std::min(first.size(), kHttp1.size()))) {
        break;
      }
    }
    if (first.compare(0, kHttp1.size(), kHttp1) == 0) throw NotHttp2();
    feed(reinterpret_cast<const uint8_t*>(first.data()), first.size());
    flush();
  }

  void receive() {
    uint8_t buffer[16384];
    boost::system::error_code ec;
    size_t n = stream_->read_some(buffer, sizeof buffer, ec);
    if (ec) throw NetworkError("HTTP/2 read failed: " + ec.message());
    feed(buffer, n);
  }

  void feed(const uint8_t* data, size_t size) {
    ssize_t rc = nghttp2_session_mem_recv(session_, data, size);
    if (rc < 0) throw NetworkError(std::string("HTTP/2 protocol error: ") + nghttp2_strerror(rc));
  }

  void flush() {
    for (;;) {
      const uint8_t* data = nullptr;
      ssize_t n = nghttp2_session_mem_send(session_, &data);
      if (n < 0) throw NetworkError(std::string("HTTP/2 error: ") + nghttp2_strerror(n));
      if (n == 0) return;
      boost::system::error_code ec;
      stream_->write_all(data, static_cast<size_t>(n), ec);
      if (ec) throw NetworkError("HTTP/2 write failed: " + ec.message());
    }
  }

  static ssize_t read_body(nghttp2_session*, int32_t, uint8_t* buf, size_t length,
                           uint32_t* data_flags, nghttp2_data_source*, void* user_data) {
    auto* self = static_cast<Http2Connection*>(user_data);
    size_t n = std::min(length, self->body_->size() - self->body_offset_);
    std::memcpy(buf, self->body_->data() + self->body_offset_, n);
    self->body_offset_ += n;
    if (self->body_offset_ == self->body_->size()) *data_flags |= NGHTTP2_DATA_FLAG_EOF;
    return static_cast<ssize_t>(n);
  }

  static int on_header(nghttp2_session*, const nghttp2_frame* frame, const uint8_t* name,
                       size_t namelen, const uint8_t* value, size_t valuelen, uint8_t,
                       void* user_data) {
    auto* self = static_cast<Http2Connection*>(user_data);
    if (frame->hd.stream_id != self->stream_id_) return 0;
    std::string_view n(reinterpret_cast<const char*>(name), namelen);
    std::string_view v(reinterpret_cast<const char*>(value), valuelen);
    if (n == ":status") {
      int status = 0;
      for (char c : v) status = status * 10 + (c - '0');
      self->reply_.status = status;
    } else if (n == "content-type") {
      self->reply_.content_type = std::string(v);
    }
    return 0;
  }

  static int on_data(nghttp2_session* session, uint8_t, int32_t stream_id, const uint8_t* data,
                     size_t len, void* user_data) {
    auto* self = static_cast<Http2Connection*>(user_data);
    if (stream_id != self->stream_id_ || self->stopped_) return 0;
    std::string_view piece(reinterpret_cast<const char*>(data), len);
    if (self->sink_ != nullptr && self->reply_.status == 200) {
      if (!(*self->sink_)(piece)) {
        self->stopped_ = true;
        nghttp2_submit_rst_stream(session, NGHTTP2_FLAG_NONE, stream_id, NGHTTP2_CANCEL);
      }
      return 0;
    }
    if (self->reply_.body.size() + len > kMaxReplyBytes) {
      return NGHTTP2_ERR_CALLBACK_FAILURE;
    }
    self->reply_.body.append(piece);
    return 0;
  }

  static int on_stream_close(nghttp2_session*, int32_t stream_id, uint32_t error_code,
                             void* user_data) {
    auto* self = static_cast<Http2Connection*>(user_data);
    if (stream_id == self->stream_id_) {
      self->stream_closed_ = true;
      self->stream_error_ = error_code;
    }
    return 0;
  }

  std::string scheme_;
  std::string authority_;
  std::unique_ptr<ByteStream> stream_;
  // Owned through a unique_ptr so that a handshake that throws from the
  // constructor still frees it.
  std::unique_ptr<nghttp2_session, decltype(&nghttp2_session_del)> owned_session_{
      nullptr, &nghttp2_session_del};
  nghttp2_session* session_ = nullptr;
  bool broken_ = false;

  // The one request in flight (connections carry one at a time).
  int32_t stream_id_ = -1;
  HttpResponse reply_;
  const BodySink* sink_ = nullptr;
  const std::string* body_ = nullptr;
  size_t body_offset_ = 0;
  bool stream_closed_ = false;
  uint32_t stream_error_ = NGHTTP2_NO_ERROR;
  bool stopped_ = false;
};

}  // namespace

std::unique_ptr<HttpConnection> connect_http2(std::unique_ptr<ByteStream> stream,
                                              const Url& origin) {
  return std::make_unique<Http2Connection>(std::move(stream), origin);
}

}  // namespace openkv::storage::remote
