// Copyright (c) OpenKV authors.
//
// Socket is a connected TCP socket with blocking reads and writes that are
// bounded in time and can be abandoned from another thread: the ByteStream
// of http:// connections, and the transport under TlsStream for https://.
//
// Why not a plain asio socket: asio's synchronous calls have no timeout, and
// a watch stream must notice both a silent peer (no keep-alive for too long)
// and a cancel() from another thread without closing the descriptor under a
// reader's feet.
//
// Thread-safety: one thread does I/O at a time; cancel() may be called from
// any thread.
#ifndef OPENKV_STORAGE_REMOTE_SOCKET_H_
#define OPENKV_STORAGE_REMOTE_SOCKET_H_

#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>

#include "storage/remote/byte_stream.h"

namespace openkv::storage::remote {

class Socket : public ByteStream {
 public:
  // Connects to host:port within `timeout`. Throws NetworkError.
  Socket(const std::string& host, uint16_t port, std::chrono::milliseconds timeout);
  ~Socket() override;
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;

  // A read or write that makes no progress for this long fails with
  // boost::asio::error::timed_out.
  void set_idle_timeout(std::chrono::milliseconds timeout) { idle_timeout_ = timeout; }

  void cancel() override { cancelled_.store(true); }

  // The non-blocking descriptor, for a layer (TLS) that does its own I/O on
  // it and waits through wait().
  int native_handle() const { return fd_; }

  // Waits until the descriptor is ready for `events` (POLLIN/POLLOUT); false
  // with ec set on idle timeout or cancellation.
  bool wait(short events, boost::system::error_code& ec);

 protected:
  size_t do_read(void* data, size_t size, boost::system::error_code& ec) override;
  size_t do_write(const void* data, size_t size, boost::system::error_code& ec) override;

 private:
  int fd_ = -1;
  std::chrono::milliseconds idle_timeout_{30000};
  std::atomic<bool> cancelled_{false};
};

}  // namespace openkv::storage::remote

#endif  // OPENKV_STORAGE_REMOTE_SOCKET_H_
