// Copyright (c) OpenKV authors.
//
// The two byte streams a connection can run over. The HTTP/1.1 and HTTP/2
// sessions are templates on the stream type, so one implementation of each
// protocol serves both plain TCP and TLS; only the explicit instantiations in
// their .cc files name these types. Internal to the transport.
#ifndef OPENKV_SERVER_TRANSPORT_STREAM_H_
#define OPENKV_SERVER_TRANSPORT_STREAM_H_

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/beast/core/stream_traits.hpp>
#include <boost/beast/core/tcp_stream.hpp>

namespace openkv::server::transport {

// A TCP connection with Beast's per-operation timeouts (expires_after).
using PlainStream = boost::beast::tcp_stream;
// TLS (OpenSSL through Asio) over the same kind of TCP connection, so
// timeouts work the same way on its lowest layer.
using TlsStream = boost::asio::ssl::stream<PlainStream>;

// Ends a connection at once, failing any pending operation. On TLS no
// close_notify is sent: waiting for the peer's reply would keep a dead
// connection around, and every HTTP message is length-delimited (or
// chunked, or framed by HTTP/2), so a client cannot mistake a cut-off
// response for a complete one.
template <typename AsyncStream>
void close_stream(AsyncStream& stream) {
  auto& tcp = boost::beast::get_lowest_layer(stream);
  boost::system::error_code ignored;
  tcp.socket().shutdown(boost::asio::ip::tcp::socket::shutdown_both, ignored);
  tcp.close();
}

}  // namespace openkv::server::transport

#endif  // OPENKV_SERVER_TRANSPORT_STREAM_H_
