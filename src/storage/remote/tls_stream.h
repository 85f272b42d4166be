// Copyright (c) OpenKV authors.
//
// TLS for https:// KV Connect URLs, with OpenSSL: TlsContext is the client
// configuration (whom to trust, which protocols to offer), TlsStream one
// verified TLS connection over a Socket.
//
// The server certificate is checked against the system trust store
// (OpenSSL's default paths, which honour SSL_CERT_FILE / SSL_CERT_DIR) plus
// an optional PEM file of extra CAs, and against the host of the URL (DNS
// name or IP address). ALPN offers `h2` then `http/1.1` (spec 04 §1): Deno
// needs `h2`, servers behind HTTP/1.1-only proxies pick `http/1.1`.
//
// Thread-safety: a TlsContext is immutable after construction and shared by
// every connection; a TlsStream is a ByteStream (one I/O thread, cancel()
// from any thread).
#ifndef OPENKV_STORAGE_REMOTE_TLS_STREAM_H_
#define OPENKV_STORAGE_REMOTE_TLS_STREAM_H_

#include <memory>
#include <string>

#include "storage/remote/byte_stream.h"
#include "storage/remote/socket.h"

typedef struct ssl_ctx_st SSL_CTX;
typedef struct ssl_st SSL;

namespace openkv::storage::remote {

class TlsContext {
 public:
  // `extra_ca_file`: PEM certificates trusted besides the system's; empty
  // reads the environment variable DENO_CERT, as Deno does. Throws
  // openkv::Error(kInvalidArgument) when that file cannot be loaded.
  explicit TlsContext(const std::string& extra_ca_file);
  ~TlsContext();
  TlsContext(const TlsContext&) = delete;
  TlsContext& operator=(const TlsContext&) = delete;

  SSL_CTX* native_handle() const { return ctx_; }

 private:
  SSL_CTX* ctx_ = nullptr;
};

class TlsStream : public ByteStream {
 public:
  // Runs the handshake over `socket` (each wait bounded by its idle
  // timeout) and verifies the certificate for `host`. Throws
  // openkv::Error(kPermissionDenied) when the certificate cannot be
  // verified — a retry would fail the same way — and NetworkError when the
  // connection fails otherwise.
  TlsStream(std::unique_ptr<Socket> socket, const TlsContext& context, const std::string& host);
  ~TlsStream() override;
  TlsStream(const TlsStream&) = delete;
  TlsStream& operator=(const TlsStream&) = delete;

  // The protocol the server chose by ALPN ("h2", "http/1.1"), or empty when
  // it did not take part in ALPN (which means HTTP/1.1).
  const std::string& alpn_protocol() const { return alpn_; }

  void cancel() override { socket_->cancel(); }

 protected:
  size_t do_read(void* data, size_t size, boost::system::error_code& ec) override;
  size_t do_write(const void* data, size_t size, boost::system::error_code& ec) override;

 private:
  // After an SSL call returned `rc`: waits for what OpenSSL needs and
  // returns true to call it again, or sets ec and returns false.
  bool retry(int rc, boost::system::error_code& ec);

  std::unique_ptr<Socket> socket_;
  SSL* ssl_ = nullptr;
  std::string alpn_;
};

}  // namespace openkv::storage::remote

#endif  // OPENKV_STORAGE_REMOTE_TLS_STREAM_H_
