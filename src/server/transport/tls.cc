// Copyright (c) OpenKV authors.

#include "server/transport/tls.h"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <spdlog/spdlog.h>

#include <boost/asio/ssl/context.hpp>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string_view>
#include <utility>

#include "server/transport/http1_session.h"
#include "server/transport/http2_session.h"
#include "server/transport/stream.h"

namespace openkv::server::transport {
namespace net = boost::asio;
namespace ssl = boost::asio::ssl;

namespace {

// ALPN wire format (length-prefixed names) in the server's order of
// preference.
constexpr unsigned char kAlpnProtocols[] = "\x02h2\x08http/1.1";

int select_alpn(SSL*, const unsigned char** out, unsigned char* out_len,
                const unsigned char* offered, unsigned int offered_len, void*) {
  unsigned char* selected = nullptr;
  if (SSL_select_next_proto(&selected, out_len, kAlpnProtocols, sizeof(kAlpnProtocols) - 1, offered,
                            offered_len) != OPENSSL_NPN_NEGOTIATED) {
    // Nothing in common: carry on without ALPN (served as HTTP/1.1) rather
    // than failing the handshake; a client that insists on h2 will say so.
    return SSL_TLSEXT_ERR_NOACK;
  }
  *out = selected;
  return SSL_TLSEXT_ERR_OK;
}

// Checked before OpenSSL sees the path, because OpenSSL's text for a missing
// file ("system lib") does not say what is wrong.
void require_readable(const std::string& path, std::string_view what) {
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) {
    throw TlsSetupError("cannot read the TLS " + std::string(what) + " '" + path +
                        "': " + std::strerror(errno));
  }
  std::fclose(file);
}

bool is_key_mismatch(const boost::system::error_code& ec) {
  auto code = static_cast<unsigned long>(ec.value());
  return ec.category() == boost::asio::error::get_ssl_category() &&
         ERR_GET_LIB(code) == ERR_LIB_X509 && ERR_GET_REASON(code) == X509_R_KEY_VALUES_MISMATCH;
}

bool alpn_selected_h2(TlsStream& stream) {
  const unsigned char* name = nullptr;
  unsigned int length = 0;
  SSL_get0_alpn_selected(stream.native_handle(), &name, &length);
  return length == 2 && std::memcmp(name, "h2", 2) == 0;
}

// Owns the connection during the handshake, then hands the stream to the
// session. Serialised on the socket's strand.
class TlsHandshake : public std::enable_shared_from_this<TlsHandshake> {
 public:
  TlsHandshake(net::ip::tcp::socket socket, ssl::context& context, const SessionLimits& limits,
               Handler handler, SessionStarted started)
      : stream_(std::move(socket), context),
        limits_(limits),
        handler_(std::move(handler)),
        started_(std::move(started)) {}

  void run() {
    tcp_layer().expires_after(limits_.request_timeout);
    stream_.async_handshake(
        ssl::stream_base::server,
        [self = shared_from_this()](boost::system::error_code ec) { self->on_handshake(ec); });
  }

 private:
  PlainStream& tcp_layer() { return boost::beast::get_lowest_layer(stream_); }

  void on_handshake(boost::system::error_code ec) {
    if (ec) {
      spdlog::debug("TLS handshake failed: {}", ec.message());
      close_stream(stream_);
      return;
    }
    tcp_layer().expires_never();  // the session sets its own timeouts
    bool h2 = alpn_selected_h2(stream_);
    // Asio's handshake is complete and touches the stream no more, so the
    // stream may move into the session here.
    started_(h2 ? start_http2_session(std::move(stream_), {}, limits_, handler_)
                : start_http1_session(std::move(stream_), {}, limits_, handler_));
  }

  TlsStream stream_;
  const SessionLimits& limits_;
  Handler handler_;
  SessionStarted started_;
};

}  // namespace

std::unique_ptr<ssl::context> make_server_tls_context(const TlsFiles& files) {
  require_readable(files.certificate_chain, "certificate");
  require_readable(files.private_key, "private key");

  auto context = std::make_unique<ssl::context>(ssl::context::tls_server);
  SSL_CTX* native = context->native_handle();
  // HTTP/2 requires TLS 1.2 or newer and forbids renegotiation (RFC 9113
  // §9.2.1); HTTP/1.1 clients of this server all speak TLS 1.2+ too.
  SSL_CTX_set_min_proto_version(native, TLS1_2_VERSION);
  SSL_CTX_set_options(native, SSL_OP_NO_RENEGOTIATION);
  // An encrypted key would make OpenSSL prompt on the terminal; a server
  // must fail instead, so the passphrase is always empty.
  context->set_password_callback(
      [](size_t, ssl::context::password_purpose) { return std::string(); });

  boost::system::error_code ec;
  context->use_certificate_chain_file(files.certificate_chain, ec);
  if (ec) {
    throw TlsSetupError("the TLS certificate '" + files.certificate_chain +
                        "' is not a usable PEM certificate chain: " + ec.message());
  }
  context->use_private_key_file(files.private_key, ssl::context::pem, ec);
  if (ec || SSL_CTX_check_private_key(native) != 1) {
    if (!ec || is_key_mismatch(ec)) {
      throw TlsSetupError("the TLS private key '" + files.private_key +
                          "' does not match the certificate '" + files.certificate_chain + "'");
    }
    throw TlsSetupError("the TLS private key '" + files.private_key +
                        "' is not a usable unencrypted PEM private key: " + ec.message());
  }
  SSL_CTX_set_alpn_select_cb(native, &select_alpn, nullptr);
  return context;
}

void check_server_tls_files(const TlsFiles& files) { make_server_tls_context(files); }

void start_tls_connection(net::ip::tcp::socket socket, ssl::context& context,
                          const SessionLimits& limits, Handler handler, SessionStarted started) {
  std::make_shared<TlsHandshake>(std::move(socket), context, limits, std::move(handler),
                                 std::move(started))
      ->run();
}

}  // namespace openkv::server::transport
