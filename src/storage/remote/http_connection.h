// Copyright (c) OpenKV authors.
//
// One client connection to a KV Connect server, carrying one request at a
// time: HTTP/2 (what Deno speaks: h2c with prior knowledge, or `h2` by ALPN
// over TLS; nghttp2 does the framing) or HTTP/1.1 keep-alive (what @deno/kv
// speaks, Beast does the parsing), each over a plain or TLS ByteStream.
// Every request is a POST (spec 04 §3.1).
//
// Thread-safety: a connection is used by one thread at a time; cancel() may
// be called from any thread to abandon a request (a watch stream) in flight.
#ifndef OPENKV_STORAGE_REMOTE_HTTP_CONNECTION_H_
#define OPENKV_STORAGE_REMOTE_HTTP_CONNECTION_H_

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "storage/remote/byte_stream.h"
#include "storage/remote/url.h"

namespace openkv::storage::remote {

struct HttpRequest {
  std::string path;
  std::vector<std::pair<std::string, std::string>> headers;  // lowercase names
  std::string body;
};

struct HttpResponse {
  int status = 0;
  std::string content_type;
  std::string body;  // empty when the body went to a BodySink
};

// Receives the body of a 200 reply piece by piece as it arrives; returning
// false abandons the exchange (and the connection).
using BodySink = std::function<bool(std::string_view piece)>;

struct ConnectionOptions {
  std::chrono::milliseconds connect_timeout{5000};
  // A request (or a stream) fails when the server sends nothing for this long.
  std::chrono::milliseconds idle_timeout{30000};
  // For https://: PEM certificates trusted besides the system's; empty reads
  // the environment variable DENO_CERT (see TlsContext).
  std::string tls_ca_file;
};

class HttpConnection {
 public:
  virtual ~HttpConnection() = default;

  // Sends `request` and returns the reply. With a sink, the body of a 200
  // reply is streamed to it until the server ends it or the sink says stop
  // (other statuses are returned whole). Throws NetworkError.
  virtual HttpResponse post(const HttpRequest& request, const BodySink* sink) = 0;

  // Whether another request may follow on this connection.
  virtual bool reusable() const = 0;

  virtual void cancel() = 0;
};

// Performs the HTTP/2 handshake on a connected `stream` to `origin`. Throws
// NetworkError, or NotHttp2 when the server answered in HTTP/1.1.
std::unique_ptr<HttpConnection> connect_http2(std::unique_ptr<ByteStream> stream,
                                              const Url& origin);
std::unique_ptr<HttpConnection> connect_http1(std::unique_ptr<ByteStream> stream,
                                              const Url& origin);

}  // namespace openkv::storage::remote

#endif  // OPENKV_STORAGE_REMOTE_HTTP_CONNECTION_H_
