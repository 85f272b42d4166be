// Copyright (c) OpenKV authors.
//
// One open `/v2/watch` response (spec 04 §4.3): engine notifications as
// `u32 LE length ‖ WatchOutput` frames, an empty keep-alive frame at once
// and then every few seconds, on the shared server::WatchStream (its
// lifetime: server/watch_stream.h).
//
// Thread-safety: as server::WatchStream.
#ifndef OPENKV_SERVER_KV_CONNECT_WATCH_STREAM_H_
#define OPENKV_SERVER_KV_CONNECT_WATCH_STREAM_H_

#include <chrono>
#include <functional>
#include <memory>
#include <vector>

#include <boost/asio/any_io_executor.hpp>

#include "core/raw.h"
#include "engine/engine.h"
#include "server/transport/http.h"
#include "server/watch_stream.h"

namespace openkv::server::kv_connect {

struct WatchOptions {
  std::chrono::milliseconds keepalive_interval{5000};
};

// Opens the streaming response on `exchange` and starts watching `keys` in
// `engine` (which must outlive the stream). `on_end` runs once when the
// stream has stopped for any reason, possibly before this returns.
std::shared_ptr<WatchStream> start_watch_stream(engine::Engine& engine,
                                                std::vector<core::Bytes> keys,
                                                transport::Exchange& exchange,
                                                boost::asio::any_io_executor executor,
                                                WatchOptions options,
                                                std::function<void(WatchStream*)> on_end);

}  // namespace openkv::server::kv_connect

#endif  // OPENKV_SERVER_KV_CONNECT_WATCH_STREAM_H_
