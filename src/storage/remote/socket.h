// Copyright (c) OpenKV authors.
//
// Socket is a connected TCP socket with blocking reads and writes that are
// bounded in time and can be abandoned from another thread. It models Beast's
// SyncReadStream/SyncWriteStream, so the HTTP/1.1 connection reads with
// Beast's parser, and it is the byte pipe under the nghttp2 session.
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
#include <cstddef>
#include <cstdint>
#include <string>

#include <boost/asio/buffer.hpp>
#include <boost/system/error_code.hpp>
#include <boost/system/system_error.hpp>

namespace openkv::storage::remote {

class Socket {
 public:
  // Connects to host:port within `timeout`. Throws NetworkError.
  Socket(const std::string& host, uint16_t port, std::chrono::milliseconds timeout);
  ~Socket();
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;

  // A read or write that makes no progress for this long fails with
  // boost::asio::error::timed_out.
  void set_idle_timeout(std::chrono::milliseconds timeout) { idle_timeout_ = timeout; }

  // Makes the current and every later read or write fail with
  // boost::asio::error::operation_aborted (within a poll slice).
  void cancel() { cancelled_.store(true); }

  // Reads into the first non-empty buffer; returns 0 only with an error set
  // (boost::asio::error::eof when the peer closed).
  template <typename MutableBufferSequence>
  size_t read_some(const MutableBufferSequence& buffers, boost::system::error_code& ec) {
    for (auto it = boost::asio::buffer_sequence_begin(buffers);
         it != boost::asio::buffer_sequence_end(buffers); ++it) {
      boost::asio::mutable_buffer b = *it;
      if (b.size() > 0) return read_some(b.data(), b.size(), ec);
    }
    ec = {};
    return 0;
  }
  template <typename MutableBufferSequence>
  size_t read_some(const MutableBufferSequence& buffers) {
    boost::system::error_code ec;
    size_t n = read_some(buffers, ec);
    if (ec) throw boost::system::system_error(ec);
    return n;
  }

  template <typename ConstBufferSequence>
  size_t write_some(const ConstBufferSequence& buffers, boost::system::error_code& ec) {
    for (auto it = boost::asio::buffer_sequence_begin(buffers);
         it != boost::asio::buffer_sequence_end(buffers); ++it) {
      boost::asio::const_buffer b = *it;
      if (b.size() > 0) return write_some(b.data(), b.size(), ec);
    }
    ec = {};
    return 0;
  }
  template <typename ConstBufferSequence>
  size_t write_some(const ConstBufferSequence& buffers) {
    boost::system::error_code ec;
    size_t n = write_some(buffers, ec);
    if (ec) throw boost::system::system_error(ec);
    return n;
  }

  size_t read_some(void* data, size_t size, boost::system::error_code& ec);
  size_t write_some(const void* data, size_t size, boost::system::error_code& ec);
  // Writes everything or fails.
  void write_all(const void* data, size_t size, boost::system::error_code& ec);

 private:
  // Waits until the descriptor is ready for `events`; false with ec set on
  // timeout or cancellation.
  bool wait(short events, boost::system::error_code& ec);

  int fd_ = -1;
  std::chrono::milliseconds idle_timeout_{30000};
  std::atomic<bool> cancelled_{false};
};

}  // namespace openkv::storage::remote

#endif  // OPENKV_STORAGE_REMOTE_SOCKET_H_
