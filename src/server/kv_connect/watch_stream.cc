// Copyright (c) OpenKV authors.

#include "server/kv_connect/watch_stream.h"

#include "protocol/convert.h"

namespace openkv::server::kv_connect {

namespace {

std::string frame(const std::string& message) {
  std::string out(4, '\0');
  auto n = static_cast<uint32_t>(message.size());
  for (int i = 0; i < 4; ++i) out[i] = static_cast<char>((n >> (8 * i)) & 0xff);
  return out + message;
}

}  // namespace

std::shared_ptr<WatchStream> start_watch_stream(engine::Engine& engine,
                                                std::vector<core::Bytes> keys,
                                                transport::Exchange& exchange,
                                                boost::asio::any_io_executor executor,
                                                WatchOptions options,
                                                std::function<void(WatchStream*)> on_end) {
  WatchStream::Format format;
  format.content_type = "application/octet-stream";
  format.opening = std::string(4, '\0');  // an empty frame: the keep-alive
  format.keepalive = format.opening;
  format.keepalive_interval = options.keepalive_interval;
  // Every frame marks all keys changed, so an identical frame tells the
  // client nothing; skip it. (The stream calls this one call at a time.)
  format.frame = [last = std::string()](const engine::WatchSnapshot& state) mutable {
    std::string message;
    protocol::to_proto(state).SerializeToString(&message);
    if (message == last) return std::string();
    last = message;
    return frame(message);
  };
  return WatchStream::start(engine, std::move(keys), exchange, std::move(executor),
                            std::move(format), std::move(on_end));
}

}  // namespace openkv::server::kv_connect
