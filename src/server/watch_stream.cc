// Copyright (c) OpenKV authors.

#include "server/watch_stream.h"

#include <boost/asio/post.hpp>

namespace openkv::server {

namespace net = boost::asio;

WatchStream::WatchStream(net::any_io_executor executor, Format format,
                         std::function<void(WatchStream*)> on_end)
    : strand_(net::make_strand(executor)),
      keepalive_(strand_),
      format_(std::move(format)),
      on_end_(std::move(on_end)) {}

std::shared_ptr<WatchStream> WatchStream::start(engine::Engine& engine, std::vector<core::Bytes> keys,
                                                transport::Exchange& exchange,
                                                net::any_io_executor executor, Format format,
                                                std::function<void(WatchStream*)> on_end) {
  auto stream = std::make_shared<WatchStream>(executor, std::move(format), std::move(on_end));
  std::weak_ptr<WatchStream> weak = stream;
  auto sink = exchange.open_stream(200, stream->format_.content_type, [weak] {
    if (auto s = weak.lock()) s->stop();
  });
  {
    // on_closed may already be running on a transport thread.
    std::lock_guard<std::mutex> lock(stream->mu_);
    stream->sink_ = sink;
  }
  if (!stream->format_.opening.empty()) stream->write(stream->format_.opening);
  try {
    auto handle = engine.watch(
        std::move(keys),
        [weak](const engine::WatchSnapshot& state) {
          if (auto s = weak.lock()) s->on_change(state);
        },
        [weak](std::exception_ptr error) {
          auto s = weak.lock();
          // A format without a farewell (KV Connect's) leaves the response
          // open until the client leaves or stop() runs, as it always has.
          if (!s || !s->format_.farewell) return;
          std::string reason = "the database closed";
          if (error) {
            try {
              std::rethrow_exception(error);
            } catch (const std::exception& e) {
              reason = e.what();
            }
          }
          s->end(reason);
        });
    std::unique_lock<std::mutex> lock(stream->mu_);
    if (stream->stopped_) {
      lock.unlock();
      handle->cancel();  // the client left while the watch was starting
    } else {
      stream->handle_ = std::move(handle);
    }
  } catch (const std::exception& e) {
    // The engine refused (e.g. closed): say so if the format can, and end
    // the response; a KV Connect client retries.
    if (stream->format_.farewell) stream->write(stream->format_.farewell(e.what()));
    stream->stop();
    return stream;
  }
  net::post(stream->strand_, [stream] { stream->arm_keepalive(); });
  return stream;
}

void WatchStream::on_change(const engine::WatchSnapshot& state) {
  std::lock_guard<std::mutex> lock(mu_);
  if (stopped_) return;
  std::string data = format_.frame(state);
  if (data.empty()) return;
  if (!sink_->write(std::move(data))) {
    // Cannot cancel the engine watch from inside its own callback.
    net::post(strand_, [self = shared_from_this()] { self->stop(); });
  }
}

void WatchStream::end(const std::string& reason) {
  if (format_.farewell) write(format_.farewell(reason));
  // Possibly inside the engine's callback, where the watch cannot be cancelled.
  net::post(strand_, [self = shared_from_this()] { self->stop(); });
}

bool WatchStream::write(std::string data) {
  std::lock_guard<std::mutex> lock(mu_);
  return !stopped_ && sink_ && sink_->write(std::move(data));
}

void WatchStream::arm_keepalive() {
  keepalive_.expires_after(format_.keepalive_interval);
  keepalive_.async_wait([self = shared_from_this()](boost::system::error_code ec) {
    if (ec) return;
    if (self->format_.still_served && !self->format_.still_served()) {
      if (self->format_.farewell) {
        self->write(self->format_.farewell("the database is no longer served"));
      }
      return self->stop();
    }
    // A failed keep-alive is how a vanished client is noticed (also once
    // stopped, when the write is refused).
    if (!self->write(self->format_.keepalive)) return self->stop();
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

}  // namespace openkv::server
