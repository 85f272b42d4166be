// Copyright (c) OpenKV authors.
//
// ByteStream is the connected byte pipe an HTTP connection runs over: plain
// TCP (Socket) or TLS on top of it (TlsStream). The HTTP/1.1 and HTTP/2
// connections are written once against this interface, so each protocol has
// one implementation for http:// and https://.
//
// Reads and writes block, are bounded in time by the idle timeout of the
// underlying Socket, and fail with boost::asio::error::operation_aborted
// once cancel() was called. The buffer-sequence overloads make every stream
// a Beast SyncReadStream/SyncWriteStream.
//
// Thread-safety: one thread does I/O at a time; cancel() may be called from
// any thread.
#ifndef OPENKV_STORAGE_REMOTE_BYTE_STREAM_H_
#define OPENKV_STORAGE_REMOTE_BYTE_STREAM_H_

#include <cstddef>
#include <cstdint>

#include <boost/asio/buffer.hpp>
#include <boost/system/error_code.hpp>
#include <boost/system/system_error.hpp>

namespace openkv::storage::remote {

class ByteStream {
 public:
  virtual ~ByteStream() = default;

  // Makes the current and every later read or write fail with
  // boost::asio::error::operation_aborted (within a poll slice).
  virtual void cancel() = 0;

  // Reads at least one byte; returns 0 only with an error set
  // (boost::asio::error::eof when the peer closed).
  size_t read_some(void* data, size_t size, boost::system::error_code& ec) {
    return do_read(data, size, ec);
  }
  size_t write_some(const void* data, size_t size, boost::system::error_code& ec) {
    return do_write(data, size, ec);
  }
  // Writes everything or fails.
  void write_all(const void* data, size_t size, boost::system::error_code& ec) {
    const auto* p = static_cast<const uint8_t*>(data);
    while (size > 0) {
      size_t n = do_write(p, size, ec);
      if (ec) return;
      p += n;
      size -= n;
    }
  }

  // Reads into the first non-empty buffer.
  template <typename MutableBufferSequence>
  size_t read_some(const MutableBufferSequence& buffers, boost::system::error_code& ec) {
    for (auto it = boost::asio::buffer_sequence_begin(buffers);
         it != boost::asio::buffer_sequence_end(buffers); ++it) {
      boost::asio::mutable_buffer b = *it;
      if (b.size() > 0) return do_read(b.data(), b.size(), ec);
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
      if (b.size() > 0) return do_write(b.data(), b.size(), ec);
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

 protected:
  virtual size_t do_read(void* data, size_t size, boost::system::error_code& ec) = 0;
  virtual size_t do_write(const void* data, size_t size, boost::system::error_code& ec) = 0;
};

}  // namespace openkv::storage::remote

#endif  // OPENKV_STORAGE_REMOTE_BYTE_STREAM_H_
