// Copyright (c) OpenKV authors.
//
// Blocking test clients for the server: HTTP/1.1 (Beast) and HTTP/2
// (nghttp2), each over plain TCP or over TLS that verifies the server
// against a given CA and offers a given ALPN list. Not thread-safe: one test
// thread per client.
#ifndef OPENKV_TESTS_SERVER_HTTP_CLIENTS_H_
#define OPENKV_TESTS_SERVER_HTTP_CLIENTS_H_

#include <gtest/gtest.h>
#include <nghttp2/nghttp2.h>

#include <array>
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cstring>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace openkv::server::testing {

namespace net = boost::asio;
namespace http = boost::beast::http;
using tcp = net::ip::tcp;

// The token and database id the test servers use.
inline constexpr const char* kToken = "secret-token-123";
inline constexpr const char* kDbId = "00000000-0000-0000-0000-000000000000";

struct Reply {
  int status = 0;
  std::string content_type;
  std::string body;
};

using Headers = std::vector<std::pair<std::string, std::string>>;

inline Headers data_path_headers() {
  return {{"authorization", std::string("Bearer ") + kToken},
          {"x-denokv-version", "3"},
          {"x-denokv-database-id", kDbId},
          {"content-type", "application/x-protobuf"}};
}

// A connected client socket to 127.0.0.1:port, optionally wrapped in TLS. A
// synchronous stream (read_some/write_some) for Beast and the nghttp2 pump.
class Connection {
 public:
  explicit Connection(uint16_t port) : socket_(io_) {
    socket_.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port));
  }

  // TLS: trusts only `ca_file`, checks that the certificate is for
  // 127.0.0.1, and offers `alpn` (wire format, e.g. "\x02h2"; empty = no
  // ALPN). Throws boost::system::system_error if the handshake fails.
  Connection(uint16_t port, const std::string& ca_file, const std::string& alpn)
      : Connection(port) {
    context_ = std::make_unique<net::ssl::context>(net::ssl::context::tls_client);
    context_->load_verify_file(ca_file);
    context_->set_verify_mode(net::ssl::verify_peer);
    tls_ = std::make_unique<net::ssl::stream<tcp::socket&>>(socket_, *context_);
    tls_->set_verify_callback(net::ssl::host_name_verification("127.0.0.1"));
    if (!alpn.empty()) {
      SSL_set_alpn_protos(tls_->native_handle(),
                          reinterpret_cast<const unsigned char*>(alpn.data()),
                          static_cast<unsigned int>(alpn.size()));
    }
    tls_->handshake(net::ssl::stream_base::client);
  }

  bool tls() const { return tls_ != nullptr; }

  // The protocol the server chose by ALPN ("" if none).
  std::string alpn_selected() const {
    const unsigned char* name = nullptr;
    unsigned int length = 0;
    if (tls_) SSL_get0_alpn_selected(tls_->native_handle(), &name, &length);
    return std::string(reinterpret_cast<const char*>(name), length);
  }

  template <typename Buffers>
  size_t read_some(const Buffers& buffers, boost::system::error_code& ec) {
    return tls_ ? tls_->read_some(buffers, ec) : socket_.read_some(buffers, ec);
  }
  template <typename Buffers>
  size_t read_some(const Buffers& buffers) {
    return tls_ ? tls_->read_some(buffers) : socket_.read_some(buffers);
  }
  template <typename Buffers>
  size_t write_some(const Buffers& buffers, boost::system::error_code& ec) {
    return tls_ ? tls_->write_some(buffers, ec) : socket_.write_some(buffers, ec);
  }
  template <typename Buffers>
  size_t write_some(const Buffers& buffers) {
    return tls_ ? tls_->write_some(buffers) : socket_.write_some(buffers);
  }

  void close() {
    boost::system::error_code ignored;
    socket_.close(ignored);
  }

 private:
  net::io_context io_;
  tcp::socket socket_;
  std::unique_ptr<net::ssl::context> context_;
  std::unique_ptr<net::ssl::stream<tcp::socket&>> tls_;
};

// --- HTTP/1.1 client (Beast) ---

class H1Client {
 public:
  explicit H1Client(uint16_t port) : H1Client(std::make_unique<Connection>(port)) {}
  explicit H1Client(std::unique_ptr<Connection> connection) : connection_(std::move(connection)) {}

  void send(const std::string& method, const std::string& path, const Headers& headers,
            const std::string& body, std::optional<size_t> claimed_length = std::nullopt) {
    http::request<http::string_body> req{http::string_to_verb(method), path, 11};
    req.set(http::field::host, "127.0.0.1");
    for (const auto& [k, v] : headers) req.set(k, v);
    req.body() = body;
    req.prepare_payload();
    if (claimed_length) {
      req.content_length(*claimed_length);
      http::request_serializer<http::string_body> sr{req};
      http::write_header(*connection_, sr);
      return;
    }
    http::write(*connection_, req);
  }

  Reply read() {
    http::response<http::string_body> res;
    http::read(*connection_, buffer_, res);
    return {static_cast<int>(res.result_int()), std::string(res[http::field::content_type]),
            res.body()};
  }

  Reply call(const std::string& method, const std::string& path, const Headers& headers,
             const std::string& body) {
    send(method, path, headers, body);
    return read();
  }

  // Streaming: reads the response header, then chunk data until `n` bytes.
  std::string read_stream_bytes(size_t n) {
    if (!parser_) {
      parser_.emplace();
      on_chunk_ = [this](uint64_t, boost::beast::string_view data, boost::beast::error_code&) {
        streamed_.append(data.data(), data.size());
        return data.size();
      };
      parser_->on_chunk_body(on_chunk_);
      http::read_header(*connection_, buffer_, *parser_);
      EXPECT_EQ(parser_->get().result_int(), 200u);
      EXPECT_TRUE(parser_->get().chunked());
    }
    while (streamed_.size() < n) http::read_some(*connection_, buffer_, *parser_);
    std::string out = streamed_.substr(0, n);
    streamed_.erase(0, n);
    return out;
  }

  void close() { connection_->close(); }

 private:
  std::unique_ptr<Connection> connection_;
  boost::beast::flat_buffer buffer_;
  std::function<size_t(uint64_t, boost::beast::string_view, boost::beast::error_code&)> on_chunk_;
  std::optional<http::response_parser<http::empty_body>> parser_;
  std::string streamed_;
};

// --- HTTP/2 client (nghttp2): h2c with prior knowledge, or h2 over TLS ---

class H2Client {
 public:
  explicit H2Client(uint16_t port) : H2Client(std::make_unique<Connection>(port)) {}
  explicit H2Client(std::unique_ptr<Connection> connection) : connection_(std::move(connection)) {
    nghttp2_session_callbacks* cb;
    nghttp2_session_callbacks_new(&cb);
    nghttp2_session_callbacks_set_on_header_callback(
        cb, [](nghttp2_session*, const nghttp2_frame* frame, const uint8_t* name, size_t nlen,
               const uint8_t* value, size_t vlen, uint8_t, void* user) {
          auto& s = static_cast<H2Client*>(user)->streams_[frame->hd.stream_id];
          std::string n(reinterpret_cast<const char*>(name), nlen);
          std::string v(reinterpret_cast<const char*>(value), vlen);
          if (n == ":status") s.reply.status = std::stoi(v);
          if (n == "content-type") s.reply.content_type = v;
          return 0;
        });
    nghttp2_session_callbacks_set_on_data_chunk_recv_callback(
        cb, [](nghttp2_session*, uint8_t, int32_t id, const uint8_t* data, size_t len, void* user) {
          static_cast<H2Client*>(user)->streams_[id].reply.body.append(
              reinterpret_cast<const char*>(data), len);
          return 0;
        });
    nghttp2_session_callbacks_set_on_stream_close_callback(
        cb, [](nghttp2_session*, int32_t id, uint32_t, void* user) {
          static_cast<H2Client*>(user)->streams_[id].closed = true;
          return 0;
        });
    nghttp2_session_client_new(&session_, cb, this);
    nghttp2_session_callbacks_del(cb);
    nghttp2_submit_settings(session_, NGHTTP2_FLAG_NONE, nullptr, 0);
  }
  ~H2Client() { nghttp2_session_del(session_); }

  int32_t start(const std::string& path, const Headers& headers, const std::string& body) {
    body_ = body;
    std::vector<std::pair<std::string, std::string>> all = {
        {":method", "POST"},
        {":scheme", connection_->tls() ? "https" : "http"},
        {":authority", "127.0.0.1"},
        {":path", path}};
    all.insert(all.end(), headers.begin(), headers.end());
    std::vector<nghttp2_nv> nva;
    for (auto& [k, v] : all) {
      nva.push_back({reinterpret_cast<uint8_t*>(k.data()), reinterpret_cast<uint8_t*>(v.data()),
                     k.size(), v.size(), NGHTTP2_NV_FLAG_NONE});
    }
    nghttp2_data_provider provider;
    provider.source.ptr = this;
    provider.read_callback = [](nghttp2_session*, int32_t, uint8_t* buf, size_t len,
                                uint32_t* flags, nghttp2_data_source* src, void*) -> ssize_t {
      auto* self = static_cast<H2Client*>(src->ptr);
      size_t n = std::min(len, self->body_.size());
      std::memcpy(buf, self->body_.data(), n);
      self->body_.erase(0, n);
      if (self->body_.empty()) *flags |= NGHTTP2_DATA_FLAG_EOF;
      return static_cast<ssize_t>(n);
    };
    return nghttp2_submit_request(session_, nullptr, nva.data(), nva.size(), &provider, nullptr);
  }

  Reply call(const std::string& path, const Headers& headers, const std::string& body) {
    int32_t id = start(path, headers, body);
    pump_until([&] { return streams_[id].closed; });
    return streams_[id].reply;
  }

  const Reply& reply(int32_t id) { return streams_[id].reply; }

  // Exchanges frames until `done()` or the server closes the connection.
  template <typename Pred>
  void pump_until(Pred done) {
    while (!done()) {
      const uint8_t* data;
      ssize_t n;
      while ((n = nghttp2_session_mem_send(session_, &data)) > 0) {
        net::write(*connection_, net::buffer(data, static_cast<size_t>(n)));
      }
      if (done()) break;
      std::array<char, 16384> buf;
      boost::system::error_code ec;
      size_t got = connection_->read_some(net::buffer(buf), ec);
      if (ec) return;
      nghttp2_session_mem_recv(session_, reinterpret_cast<const uint8_t*>(buf.data()), got);
    }
  }

  void reset(int32_t id) {
    nghttp2_submit_rst_stream(session_, NGHTTP2_FLAG_NONE, id, NGHTTP2_CANCEL);
    const uint8_t* data;
    ssize_t n;
    while ((n = nghttp2_session_mem_send(session_, &data)) > 0) {
      net::write(*connection_, net::buffer(data, static_cast<size_t>(n)));
    }
  }

 private:
  struct StreamState {
    Reply reply;
    bool closed = false;
  };
  std::unique_ptr<Connection> connection_;
  nghttp2_session* session_ = nullptr;
  std::map<int32_t, StreamState> streams_;
  std::string body_;
};

}  // namespace openkv::server::testing

#endif  // OPENKV_TESTS_SERVER_HTTP_CLIENTS_H_
