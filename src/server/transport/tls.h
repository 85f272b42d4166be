// Copyright (c) OpenKV authors.
//
// TLS on the server's port: loading the certificate and key, the handshake,
// and choosing the protocol by ALPN. Deno only speaks HTTP/2 to an
// `https://` KV Connect URL and needs `h2` chosen by ALPN; @deno/kv (Node's
// fetch) offers only `http/1.1`. So the server offers both, prefers `h2`, and
// serves HTTP/1.1 when the client offers neither or no ALPN at all.
// Internal to the transport; the OpenSSL headers stay in tls.cc.
#ifndef OPENKV_SERVER_TRANSPORT_TLS_H_
#define OPENKV_SERVER_TRANSPORT_TLS_H_

#include <boost/asio/ip/tcp.hpp>
#include <memory>
#include <stdexcept>
#include <string>

#include "server/transport/http.h"
#include "server/transport/session.h"

namespace boost::asio::ssl {
class context;
}  // namespace boost::asio::ssl

namespace openkv::server::transport {

// PEM files: the server certificate followed by any intermediates, and its
// unencrypted private key.
struct TlsFiles {
  std::string certificate_chain;
  std::string private_key;
};

// A certificate or key that cannot be used; the message names the file and
// the reason.
class TlsSetupError : public std::runtime_error {
 public:
  explicit TlsSetupError(const std::string& message) : std::runtime_error(message) {}
};

// A server context with TLS 1.2 or newer (HTTP/2 requires it), the given
// certificate and key (checked to match), and ALPN `h2` > `http/1.1`.
// Throws TlsSetupError. The context is not changed afterwards, so connections
// on any thread may share it.
std::unique_ptr<boost::asio::ssl::context> make_server_tls_context(const TlsFiles& files);

// Loads and checks the files as make_server_tls_context does, keeping
// nothing: lets a caller refuse bad files before it touches anything else.
void check_server_tls_files(const TlsFiles& files);

// Runs the TLS handshake on `socket` (bound to a strand executor), which must
// finish within limits.request_timeout like any slow request, then starts an
// HTTP/2 session if ALPN chose `h2`, else an HTTP/1.1 session, and passes it
// to `started`. A failed or timed-out handshake (e.g. plain HTTP sent to the
// TLS port) closes the connection and is logged at debug level. `context`
// and `limits` must outlive the connection.
void start_tls_connection(boost::asio::ip::tcp::socket socket, boost::asio::ssl::context& context,
                          const SessionLimits& limits, Handler handler, SessionStarted started);

}  // namespace openkv::server::transport

#endif  // OPENKV_SERVER_TRANSPORT_TLS_H_
