// Copyright (c) OpenKV authors.
//
// The two ways an HTTP exchange fails before a usable reply exists. They are
// internal to the remote backend: the retry loop turns them into
// openkv::Error once it gives up.
#ifndef OPENKV_STORAGE_REMOTE_TRANSPORT_ERROR_H_
#define OPENKV_STORAGE_REMOTE_TRANSPORT_ERROR_H_

#include <stdexcept>
#include <string>

namespace openkv::storage::remote {

// The connection could not be made, broke, timed out or was refused by the
// peer's HTTP/2 layer: a retry on a new connection may succeed.
class NetworkError : public std::runtime_error {
 public:
  explicit NetworkError(const std::string& what) : std::runtime_error(what) {}
};

// The peer answered the HTTP/2 connection preface in HTTP/1.1: it does not
// speak h2c, so the client must use HTTP/1.1 on a new connection.
class NotHttp2 : public std::runtime_error {
 public:
  NotHttp2() : std::runtime_error("the server does not speak HTTP/2") {}
};

}  // namespace openkv::storage::remote

#endif  // OPENKV_STORAGE_REMOTE_TRANSPORT_ERROR_H_
