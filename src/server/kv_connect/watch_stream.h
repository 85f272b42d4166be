// Copyright (c) OpenKV authors.
//
// One open `/v2/watch` response (spec 04 §4.3): turns engine notifications
// into `u32 LE length ‖ WatchOutput` frames, sends an empty keep-alive frame
// immediately and then every few seconds, and releases the engine watch and
// its timer as soon as the client goes away or the server stops it.
//
// Thread-safety: stop() may be called from any thread except inside the
// engine's watch callback (the stream itself defers to its strand there).
#ifndef OPENKV_SERVER_KV_CONNECT_WATCH_STREAM_H_
#define OPENKV_SERVER_KV_CONNECT_WATCH_STREAM_H_

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include "core/raw.h"
#include "engine/engine.h"
#include "engine/engine.h"
#include "server/transport/http.h"

namespace openkv::server::kv_connect {

class WatchStream : public std::enable_shared_from_this<WatchStream> {
 public:
  struct Options {
    std::chrono::milliseconds keepalive_interval{5000};
  };

  // Opens the streaming response on `exchange` and starts watching. `on_end`
  // runs once when the stream has stopped for any reason.
  static std::shared_ptr<WatchStream> start(engine::Engine& engine, std::vector<core::Bytes> keys,
                                            transport::Exchange& exchange,
                                            boost::asio::any_io_executor executor, Options options,
                                            std::function<void(WatchStream*)> on_end);

  WatchStream(boost::asio::any_io_executor executor, Options options,
              std::function<void(WatchStream*)> on_end);

  // Ends the watch and the response; idempotent.
  void stop();
  bool stopped();

 private:
  void on_change(const engine::WatchSnapshot& state);
  void arm_keepalive();

  boost::asio::strand<boost::asio::any_io_executor> strand_;
  boost::asio::steady_timer keepalive_;  // used on strand_ only
  Options options_;
  std::function<void(WatchStream*)> on_end_;
  std::shared_ptr<transport::StreamSink> sink_;  // set once in start()

  std::mutex mu_;
  bool stopped_ = false;                         // guarded by mu_
  std::unique_ptr<engine::WatchHandle> handle_;  // guarded by mu_
  std::string last_frame_;                       // guarded by mu_
};

}  // namespace openkv::server::kv_connect

#endif  // OPENKV_SERVER_KV_CONNECT_WATCH_STREAM_H_
