// Copyright (c) OpenKV authors.
//
// HttpClient hands out connections to KV Connect servers and keeps idle ones
// for reuse (one pool per origin). An http:// origin is tried with HTTP/2
// (h2c prior knowledge, as Deno does); if the server answers the preface in
// HTTP/1.1, that origin uses HTTP/1.1 from then on (as @deno/kv does). An
// https:// connection speaks what the TLS handshake's ALPN chose: `h2`, or
// HTTP/1.1 for `http/1.1` or no choice.
//
// Thread-safety: all methods are thread-safe; a connection taken out of the
// pool belongs to the caller until it is returned.
#ifndef OPENKV_STORAGE_REMOTE_HTTP_CLIENT_H_
#define OPENKV_STORAGE_REMOTE_HTTP_CLIENT_H_

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "storage/remote/http_connection.h"
#include "storage/remote/tls_stream.h"
#include "storage/remote/url.h"

namespace openkv::storage::remote {

class HttpClient {
 public:
  struct Options {
    ConnectionOptions connection;
    size_t max_idle_per_origin = 8;
  };

  explicit HttpClient(Options options) : options_(options) {}

  // POSTs on a pooled connection to `url` (which sets the request's path).
  // Throws NetworkError.
  HttpResponse post(const Url& url, HttpRequest request);

  // A connection of its own, for a long-lived stream the caller may cancel.
  // Throws NetworkError.
  std::unique_ptr<HttpConnection> connect(const Url& url);

  // Which protocol an origin turned out to speak; for tests and diagnostics.
  bool uses_http1(const Url& url);

  // Drops idle connections.
  void clear();

 private:
  // Throws openkv::Error(kInvalidArgument) when the CA file cannot be loaded.
  std::shared_ptr<const TlsContext> tls_context();
  std::unique_ptr<HttpConnection> take_idle(const std::string& origin);
  void give_back(const std::string& origin, std::unique_ptr<HttpConnection> connection);

  Options options_;
  std::mutex mu_;
  std::map<std::string, std::vector<std::unique_ptr<HttpConnection>>> idle_;  // guarded by mu_
  std::map<std::string, bool> http1_;                                         // guarded by mu_
  // Made at the first https:// connection, so http:// users never load CAs.
  std::shared_ptr<const TlsContext> tls_;  // guarded by mu_
};

}  // namespace openkv::storage::remote

#endif  // OPENKV_STORAGE_REMOTE_HTTP_CLIENT_H_
