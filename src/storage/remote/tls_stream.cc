// Copyright (c) OpenKV authors.
#include "storage/remote/tls_stream.h"

#include <arpa/inet.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <poll.h>

#include <cerrno>
#include <cstdlib>
#include <string>

#include <boost/asio/error.hpp>
#include <boost/asio/ssl/error.hpp>

#include "openkv/errors.h"
#include "storage/remote/transport_error.h"

namespace openkv::storage::remote {
namespace {

// ALPN wire format: length-prefixed protocol names, preferred first.
constexpr unsigned char kAlpn[] = {2, 'h', '2', 8, 'h', 't', 't', 'p', '/', '1', '.', '1'};

// The newest queued OpenSSL error as text (and clears the queue, so that it
// does not leak into the next call's diagnosis).
std::string openssl_error(const char* fallback) {
  unsigned long code = ERR_get_error();
  ERR_clear_error();
  if (code == 0) return fallback;
  char text[256];
  ERR_error_string_n(code, text, sizeof text);
  return text;
}

bool is_ip_literal(const std::string& host) {
  unsigned char address[16];
  return ::inet_pton(AF_INET, host.c_str(), address) == 1 ||
         ::inet_pton(AF_INET6, host.c_str(), address) == 1;
}

// Whether the chain ends at a CA nobody trusts here, which a private CA file
// would fix (unlike, say, a wrong host name or an expired certificate).
bool unknown_issuer(long verify) {
  return verify == X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY ||
         verify == X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT ||
         verify == X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT ||
         verify == X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN;
}

}  // namespace

TlsContext::TlsContext(const std::string& extra_ca_file) : ctx_(SSL_CTX_new(TLS_client_method())) {
  if (ctx_ == nullptr) throw NetworkError("TLS: " + openssl_error("cannot create a context"));
  // HTTP/2 over TLS requires 1.2 or newer (RFC 9113 §9.2).
  SSL_CTX_set_min_proto_version(ctx_, TLS1_2_VERSION);
  // Servers may close without close_notify (ours does, see
  // server/transport/stream.h); HTTP framing already tells a complete reply
  // from a cut-off one, so that is a plain end of stream.
  SSL_CTX_set_options(ctx_, SSL_OP_IGNORE_UNEXPECTED_EOF);
  SSL_CTX_set_verify(ctx_, SSL_VERIFY_PEER, nullptr);
  SSL_CTX_set_alpn_protos(ctx_, kAlpn, sizeof kAlpn);
  // A missing system store only means fewer trusted CAs; verification then
  // fails with a clear reason, so this result is not checked.
  SSL_CTX_set_default_verify_paths(ctx_);
  std::string ca_file = extra_ca_file;
  if (ca_file.empty()) {
    if (const char* env = std::getenv("DENO_CERT")) ca_file = env;
  }
  if (!ca_file.empty() && SSL_CTX_load_verify_locations(ctx_, ca_file.c_str(), nullptr) != 1) {
    std::string reason = openssl_error("unknown error");
    SSL_CTX_free(ctx_);
    throw Error(ErrorCode::kInvalidArgument,
                "Cannot load the CA certificates in '" + ca_file + "': " + reason);
  }
}

TlsContext::~TlsContext() { SSL_CTX_free(ctx_); }

TlsStream::TlsStream(std::unique_ptr<Socket> socket, const TlsContext& context,
                     const std::string& host)
    : socket_(std::move(socket)), ssl_(SSL_new(context.native_handle())) {
  if (ssl_ == nullptr) throw NetworkError("TLS: " + openssl_error("cannot create a session"));
  SSL_set_fd(ssl_, socket_->native_handle());
  if (is_ip_literal(host)) {
    // No SNI for addresses (RFC 6066 §3); the certificate must name the IP.
    X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl_), host.c_str());
  } else {
    SSL_set_tlsext_host_name(ssl_, host.c_str());
    SSL_set1_host(ssl_, host.c_str());
  }
  boost::system::error_code ec;
  for (;;) {
    int rc = SSL_connect(ssl_);
    if (rc == 1) break;
    long verify = SSL_get_verify_result(ssl_);
    if (verify != X509_V_OK) {
      ERR_clear_error();
      SSL_free(ssl_);
      throw Error(ErrorCode::kPermissionDenied,
                  "The TLS certificate of the KV Connect server '" + host +
                      "' could not be verified: " + X509_verify_cert_error_string(verify) +
                      (unknown_issuer(verify)
                           ? " (trust a private CA with Options::tls_ca_file or DENO_CERT)."
                           : "."));
    }
    if (!retry(rc, ec)) {
      SSL_free(ssl_);
      throw NetworkError("TLS handshake with '" + host + "' failed: " + ec.message());
    }
  }
  const unsigned char* protocol = nullptr;
  unsigned int length = 0;
  SSL_get0_alpn_selected(ssl_, &protocol, &length);
  alpn_.assign(reinterpret_cast<const char*>(protocol), length);
}

TlsStream::~TlsStream() { SSL_free(ssl_); }

bool TlsStream::retry(int rc, boost::system::error_code& ec) {
  switch (SSL_get_error(ssl_, rc)) {
    case SSL_ERROR_WANT_READ:
      return socket_->wait(POLLIN, ec);
    case SSL_ERROR_WANT_WRITE:
      return socket_->wait(POLLOUT, ec);
    case SSL_ERROR_ZERO_RETURN:
      ec = boost::asio::error::eof;
      return false;
    case SSL_ERROR_SYSCALL:
      if (errno != 0) {
        ec = boost::system::error_code(errno, boost::system::system_category());
      } else {
        ec = boost::asio::error::eof;
      }
      ERR_clear_error();
      return false;
    default:
      // A protocol failure: OpenSSL's reason, as an error code of its own
      // category so that message() tells it.
      ec = boost::system::error_code(static_cast<int>(ERR_get_error()),
                                     boost::asio::error::get_ssl_category());
      ERR_clear_error();
      return false;
  }
}

size_t TlsStream::do_read(void* data, size_t size, boost::system::error_code& ec) {
  ec = {};
  for (;;) {
    size_t n = 0;
    errno = 0;
    int rc = SSL_read_ex(ssl_, data, size, &n);
    if (rc == 1) return n;
    if (!retry(rc, ec)) return 0;
  }
}

size_t TlsStream::do_write(const void* data, size_t size, boost::system::error_code& ec) {
  ec = {};
  for (;;) {
    size_t n = 0;
    errno = 0;
    int rc = SSL_write_ex(ssl_, data, size, &n);
    if (rc == 1) return n;
    if (!retry(rc, ec)) return 0;
  }
}

}  // namespace openkv::storage::remote
