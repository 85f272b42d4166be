// Copyright (c) OpenKV authors.
//
// HTTP/1.1 connection handling with Boost.Beast.
#ifndef OPENKV_SERVER_TRANSPORT_HTTP1_SESSION_H_
#define OPENKV_SERVER_TRANSPORT_HTTP1_SESSION_H_

#include <memory>
#include <string>

#include <boost/asio/ip/tcp.hpp>

#include "server/transport/http.h"
#include "server/transport/session.h"

namespace openkv::server::transport {

// Takes over `socket` (bound to a strand executor); `initial_bytes` are the
// bytes the protocol sniffer already read from it.
std::shared_ptr<Session> start_http1_session(
    boost::asio::ip::tcp::socket socket, std::string initial_bytes,
    const SessionLimits& limits, Handler handler);

}  // namespace openkv::server::transport

#endif  // OPENKV_SERVER_TRANSPORT_HTTP1_SESSION_H_
