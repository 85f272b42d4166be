// Copyright (c) OpenKV authors.
//
// HTTP/2 connection handling with nghttp2: h2c with prior knowledge, or h2
// negotiated by TLS ALPN.
#ifndef OPENKV_SERVER_TRANSPORT_HTTP2_SESSION_H_
#define OPENKV_SERVER_TRANSPORT_HTTP2_SESSION_H_

#include <memory>
#include <string>

#include "server/transport/http.h"
#include "server/transport/session.h"
#include "server/transport/stream.h"

namespace openkv::server::transport {

// Takes over `stream` (bound to a strand executor; a TLS stream has finished
// its handshake); `initial_bytes` are bytes already read from it (by the
// protocol sniffer on plain TCP). One implementation serves both stream
// types.
std::shared_ptr<Session> start_http2_session(PlainStream stream, std::string initial_bytes,
                                             const SessionLimits& limits, Handler handler);
std::shared_ptr<Session> start_http2_session(TlsStream stream, std::string initial_bytes,
                                             const SessionLimits& limits, Handler handler);

}  // namespace openkv::server::transport

#endif  // OPENKV_SERVER_TRANSPORT_HTTP2_SESSION_H_
