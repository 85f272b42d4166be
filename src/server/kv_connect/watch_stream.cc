// Copyright (c) OpenKV authors.

#include "server/kv_connect/watch_stream.h"

#include <boost/asio/post.hpp>

#include "protocol/convert.h"

namespace openkv::server::kv_connect {

using protocol::to_proto;
using protocol::to_raw;
namespace net = boost::asio;

namespace {

std::string frame(const std::string& message) {
  std::string out(4, '\0');
  auto n = static_cast<uint32_t>(message.size());
  for (int i = 0; i < 4; ++i) out[i] = static_cast<char>((n >> (8 * i)) & 0xff);
  return out + message;
}

const std::string kKeepaliveFrame(4, '\0');

}  // namespace

WatchStream::WatchStream(net::any_io_executor executor, Options options,
                         std::function<void(WatchStream*)> on_end)
    : strand_(net::make_strand(executor)),
      keepalive_(strand_),
      options_(options),
      on_end_(std::move(on_end)) {}

std::shared_ptr<WatchStream> WatchStream::start(engine::Engine& engine, std::vector<core::Bytes> keys,
                                                transport::Exchange& exchange,
                                                net::any_io_executor executor, Options options,
                                                std::function<void(WatchStream*)> on_end) {
  auto stream = std::make_shared<WatchStream>(executor, options, std::move(on_end));
  std::weak_ptr<WatchStream> weak = stream;
  auto sink = exchange.open_stream(200, "application/octet-stream", [weak] {
    if (auto s = weak.lock()) s->stop();
  });
  sink->write(kKeepaliveFrame);
  {
    // on_closed may already be running on a transport thread.
    std::lock_guard<std::mutex> lock(stream->mu_);
    stream->sink_ = sink;
  }
  try {
    auto handle = engine.watch(std::move(keys), [weak](const engine::WatchSnapshot& state) {
      if (auto s = weak.lock()) s->on_change(state);
    });
    std::unique_lock<std::mutex> lock(stream->mu_);
    if (stream->stopped_) {
      lock.unlock();
      handle->cancel();  // the client left while the watch was starting
    } else {
      stream->handle_ = std::move(handle);
    }
  } catch (...) {
    // The engine refused (e.g. closed): end the response; the client retries.
    stream->stop();
    return stream;
  }
  net::post(stream->strand_, [stream] { stream->arm_keepalive(); });
  return stream;
}

void WatchStream::on_change(const engine::WatchSnapshot& state) {
  std::string message;
  to_proto(state).SerializeToString(&message);
  std::lock_guard<std::mutex> lock(mu_);
  // Every frame marks all keys changed, so an identical frame tells the
  // client nothing; skip it.
  if (stopped_ || message == last_frame_) return;
  last_frame_ = message;
  if (!sink_->write(frame(message))) {
    // Cannot cancel the engine watch from inside its own callback.
    net::post(strand_, [self = shared_from_this()] { self->stop(); });
  }
}

void WatchStream::arm_keepalive() {
  keepalive_.expires_after(options_.keepalive_interval);
  keepalive_.async_wait([self = shared_from_this()](boost::system::error_code ec) {
    if (ec) return;
    {
      std::lock_guard<std::mutex> lock(self->mu_);
      if (self->stopped_) return;
    }
    // A failed keep-alive is how a vanished client is noticed.
    if (!self->sink_->write(kKeepaliveFrame)) return self->stop();
    self->arm_keepalive();
  });
}

bool WatchStream::stopped() {
  std::lock_guard<std::mutex> lock(mu_);
  return stopped_;
}

void WatchStream::stop() {
  std::unique_ptr<engine::WatchHandle> handle;
  std::shared_ptr<transport::StreamSink> sink;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopped_) return;
    stopped_ = true;
    handle = std::move(handle_);
    sink = sink_;
  }
  if (handle) handle->cancel();
  net::post(strand_, [self = shared_from_this()] { self->keepalive_.cancel(); });
  if (sink) sink->finish();
  if (on_end_) on_end_(this);
}

}  // namespace openkv::server::kv_connect
