// Copyright (c) OpenKV authors.
#include "storage/remote/socket.h"

#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <boost/asio/error.hpp>

#include "storage/remote/transport_error.h"

namespace openkv::storage::remote {
namespace {

// How often a blocked call looks at its cancel flag.
constexpr int kPollSliceMs = 100;

using Clock = std::chrono::steady_clock;

}  // namespace

Socket::Socket(const std::string& host, uint16_t port, std::chrono::milliseconds timeout) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  std::string service = std::to_string(port);
  int rc = ::getaddrinfo(host.c_str(), service.c_str(), &hints, &found);
  if (rc != 0) {
    throw NetworkError("cannot resolve '" + host + "': " + ::gai_strerror(rc));
  }
  std::string last_error = "no address";
  const auto deadline = Clock::now() + timeout;
  for (addrinfo* ai = found; ai != nullptr && fd_ < 0; ai = ai->ai_next) {
    int fd = ::socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
    if (fd < 0) continue;
    // Non-blocking for the whole life of the socket: every wait goes
    // through poll() so that it can time out and be cancelled.
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
    int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (::connect(fd, ai->ai_addr, ai->ai_addrlen) == 0) {
      fd_ = fd;
      break;
    }
    if (errno == EINPROGRESS) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
      pollfd p{fd, POLLOUT, 0};
      int ready = ::poll(&p, 1, static_cast<int>(std::max<int64_t>(left.count(), 0)));
      int err = 0;
      socklen_t len = sizeof err;
      if (ready == 1 && ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) == 0 && err == 0) {
        fd_ = fd;
        break;
      }
      last_error = ready == 0 ? "connection timed out" : std::strerror(err ? err : errno);
    } else {
      last_error = std::strerror(errno);
    }
    ::close(fd);
  }
  ::freeaddrinfo(found);
  if (fd_ < 0) {
    throw NetworkError("cannot connect to " + host + ":" + service + ": " + last_error);
  }
}

Socket::~Socket() {
  if (fd_ >= 0) ::close(fd_);
}

bool Socket::wait(short events, boost::system::error_code& ec) {
  const auto deadline = Clock::now() + idle_timeout_;
  for (;;) {
    if (cancelled_.load()) {
      ec = boost::asio::error::operation_aborted;
      return false;
    }
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) {
      ec = boost::asio::error::timed_out;
      return false;
    }
    pollfd p{fd_, events, 0};
    int ready = ::poll(&p, 1, static_cast<int>(std::min<int64_t>(left.count(), kPollSliceMs)));
    if (ready > 0) return true;
    if (ready < 0 && errno != EINTR) {
      ec = boost::system::error_code(errno, boost::system::system_category());
      return false;
    }
  }
}

size_t Socket::do_read(void* data, size_t size, boost::system::error_code& ec) {
  ec = {};
  for (;;) {
    ssize_t n = ::recv(fd_, data, size, 0);
    if (n > 0) return static_cast<size_t>(n);
    if (n == 0) {
      ec = boost::asio::error::eof;
      return 0;
    }
    if (errno == EINTR) continue;
    if (errno != EAGAIN && errno != EWOULDBLOCK) {
      ec = boost::system::error_code(errno, boost::system::system_category());
      return 0;
    }
    if (!wait(POLLIN, ec)) return 0;
  }
}

size_t Socket::do_write(const void* data, size_t size, boost::system::error_code& ec) {
  ec = {};
  for (;;) {
    ssize_t n = ::send(fd_, data, size, MSG_NOSIGNAL);
    if (n >= 0) return static_cast<size_t>(n);
    if (errno == EINTR) continue;
    if (errno != EAGAIN && errno != EWOULDBLOCK) {
      ec = boost::system::error_code(errno, boost::system::system_category());
      return 0;
    }
    if (!wait(POLLOUT, ec)) return 0;
  }
}

}  // namespace openkv::storage::remote
