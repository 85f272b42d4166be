// Copyright (c) OpenKV authors.
//
// HTTP/1.1 keep-alive connection: Beast serializes requests and parses
// replies (content-length or chunked) over a plain or TLS ByteStream.
#include <limits>

#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>

#include "storage/remote/http_connection.h"
#include "storage/remote/transport_error.h"

namespace openkv::storage::remote {
namespace {

namespace http = boost::beast::http;

// Replies are protobuf messages well below this; a larger one is broken.
constexpr uint64_t kMaxReplyBytes = 64 << 20;

class Http1Connection : public HttpConnection {
 public:
  Http1Connection(std::unique_ptr<ByteStream> stream, const Url& origin)
      : authority_(origin.authority()), stream_(std::move(stream)) {}

  HttpResponse post(const HttpRequest& request, const BodySink* sink) override {
    reusable_ = false;  // until the reply has been read completely
    http::request<http::string_body> req{http::verb::post, request.path, 11};
    req.set(http::field::host, authority_);
    req.set(http::field::user_agent, "openkv");
    for (const auto& [name, value] : request.headers) req.set(name, value);
    req.keep_alive(true);
    req.body() = request.body;
    req.prepare_payload();
    boost::system::error_code ec;
    http::write(*stream_, req, ec);
    if (ec) throw NetworkError("HTTP/1.1 write failed: " + ec.message());

    // buffer_body lets the body be consumed as it arrives, which a watch
    // stream (chunked, never ending) needs.
    http::response_parser<http::buffer_body> parser;
    // Not boost::none: Boost 1.74 compares the content length against the
    // empty optional and always reports body_limit. Plain replies are bounded
    // below; a watch stream has no length at all.
    parser.body_limit(std::numeric_limits<uint64_t>::max());
    http::read_header(*stream_, buffer_, parser, ec);
    if (ec) throw NetworkError("HTTP/1.1 read failed: " + ec.message());

    HttpResponse response;
    response.status = static_cast<int>(parser.get().result_int());
    response.content_type = std::string(parser.get()[http::field::content_type]);
    const bool streaming = sink != nullptr && response.status == 200;
    char piece[16384];
    while (!parser.is_done()) {
      parser.get().body().data = piece;
      parser.get().body().size = sizeof piece;
      http::read(*stream_, buffer_, parser, ec);
      if (ec == http::error::need_buffer) ec = {};
      if (ec) throw NetworkError("HTTP/1.1 read failed: " + ec.message());
      size_t n = sizeof piece - parser.get().body().size;
      if (streaming) {
        if (n > 0 && !(*sink)(std::string_view(piece, n))) return response;
      } else {
        response.body.append(piece, n);
        if (response.body.size() > kMaxReplyBytes) {
          throw NetworkError("HTTP/1.1 reply is too large");
        }
      }
    }
    reusable_ = parser.get().keep_alive();
    return response;
  }

  bool reusable() const override { return reusable_; }
  void cancel() override { stream_->cancel(); }

 private:
  std::string authority_;
  std::unique_ptr<ByteStream> stream_;
  boost::beast::flat_buffer buffer_;
  bool reusable_ = true;
};

}  // namespace

std::unique_ptr<HttpConnection> connect_http1(std::unique_ptr<ByteStream> stream,
                                              const Url& origin) {
  return std::make_unique<Http1Connection>(std::move(stream), origin);
}

}  // namespace openkv::storage::remote
