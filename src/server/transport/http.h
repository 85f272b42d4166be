// Copyright (c) OpenKV authors.
//
// The protocol-neutral face of the transport: a request as the application
// sees it, and the channel it answers through. HTTP/1.1 (Beast) and HTTP/2
// (nghttp2) sessions both produce these, so KV Connect never knows which
// protocol a client speaks.
#ifndef OPENKV_SERVER_TRANSPORT_HTTP_H_
#define OPENKV_SERVER_TRANSPORT_HTTP_H_

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace openkv::server::transport {

// A complete request: headers and the whole body (bounded by the server's
// body limit before it gets here).
struct Request {
  std::string method;
  std::string path;  // the request target without the query string
  // Header names are lowercase (HTTP/2 requires it; HTTP/1.1 ones are folded).
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::string query;  // what follows the first '?', still percent-encoded; "" when none

  // The first value of header `name` (lowercase), or nullptr.
  const std::string* header(std::string_view name) const {
    for (const auto& [k, v] : headers) {
      if (k == name) return &v;
    }
    return nullptr;
  }
};

struct Response {
  int status = 200;
  std::string content_type;
  std::string body;
};

// The body of a response that stays open (KV Connect watch): HTTP/1.1 chunks
// or HTTP/2 DATA frames.
//
// Thread-safety: all methods may be called from any thread; data is handed to
// the connection's strand and written in call order.
class StreamSink {
 public:
  virtual ~StreamSink() = default;
  // Queues bytes. Returns false once the stream is closed (client gone, write
  // failed, too much unsent data, or finish() was called): the caller should
  // stop producing.
  virtual bool write(std::string data) = 0;
  // Ends the body normally (last chunk / END_STREAM). Idempotent.
  virtual void finish() = 0;
};

// How a handler answers one request. Exactly one of respond() or
// open_stream() is called, once. An Exchange destroyed without an answer
// replies 500, so a forgotten path cannot hang a client.
//
// Thread-safety: may be used from any thread (completion callbacks of the
// engine run on engine threads).
class Exchange {
 public:
  virtual ~Exchange() = default;
  virtual void respond(Response response) = 0;
  // Sends the status line and headers of a streaming response. `on_closed`
  // runs exactly once, on a transport thread, when the stream ends for a
  // reason other than finish(): client disconnect, reset or server shutdown.
  virtual std::shared_ptr<StreamSink> open_stream(int status, std::string content_type,
                                                  std::function<void()> on_closed) = 0;
};

// Called on a transport thread for each complete request. Must not block for
// long: it shares the server's fixed thread pool.
using Handler = std::function<void(Request request, std::shared_ptr<Exchange> exchange)>;

}  // namespace openkv::server::transport

#endif  // OPENKV_SERVER_TRANSPORT_HTTP_H_
