// Copyright (c) OpenKV authors.
//
// One open streaming response fed by an engine watch, shared by KV Connect's
// `/v2/watch` (kv_connect/watch_stream.h: protobuf frames) and the data API's
// `/watch` (admin/data_api.h: server-sent events). A Format says how
// notifications, keep-alives and an ending look on the wire; the lifetime is
// the same for both: the response opens, every notification is sent, a
// keep-alive goes out every interval (a failed write is how a vanished
// client is noticed), and the engine watch and the timer are released as
// soon as the client leaves, the engine ends the watch, or stop() is called.
//
// Thread-safety: stop() may be called from any thread except inside the
// engine's watch callback (the stream itself defers to its strand there).
#ifndef OPENKV_SERVER_WATCH_STREAM_H_
#define OPENKV_SERVER_WATCH_STREAM_H_

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
#include "server/transport/http.h"

namespace openkv::server {

class WatchStream : public std::enable_shared_from_this<WatchStream> {
 public:
  struct Format {
    std::string content_type;
    std::string opening;    // written as soon as the response opens; "" for nothing
    std::string keepalive;  // written every keepalive_interval
    std::chrono::milliseconds keepalive_interval{5000};
    // The bytes for one notification; "" sends nothing. Called with the
    // stream's lock held, so one call at a time (it may keep state).
    std::function<std::string(const engine::WatchSnapshot&)> frame;
    // The bytes written before the stream ends for a reason other than the
    // client leaving or stop() (the engine refused or ended the watch, or
    // still_served said no); `reason` says why. Null: the stream does not
    // end when the engine ends the watch (it ends when the client leaves or
    // on stop()), and ends without a word otherwise.
    std::function<std::string(const std::string& reason)> farewell;
    // Asked before every keep-alive; false ends the stream (farewell "the
    // database is no longer served"). Null: always true.
    std::function<bool()> still_served;
  };

  // Opens the streaming response on `exchange` and starts watching `keys`
  // in `engine`, which must outlive the stream. `on_end` runs once, when the
  // stream has stopped for any reason (possibly before start() returns).
  static std::shared_ptr<WatchStream> start(engine::Engine& engine, std::vector<core::Bytes> keys,
                                            transport::Exchange& exchange,
                                            boost::asio::any_io_executor executor, Format format,
                                            std::function<void(WatchStream*)> on_end);

  WatchStream(boost::asio::any_io_executor executor, Format format,
              std::function<void(WatchStream*)> on_end);

  // Ends the watch and the response; idempotent.
  void stop();
  bool stopped();

 private:
  void on_change(const engine::WatchSnapshot& state);
  // Writes the farewell (if the format has one), then stops on the strand.
  void end(const std::string& reason);
  // False once stopped or the client is gone.
  bool write(std::string data);
  void arm_keepalive();

  boost::asio::strand<boost::asio::any_io_executor> strand_;
  boost::asio::steady_timer keepalive_;  // used on strand_ only
  Format format_;  // frame is called under mu_ only
  const std::function<void(WatchStream*)> on_end_;

  std::mutex mu_;
  bool stopped_ = false;                         // guarded by mu_
  std::shared_ptr<transport::StreamSink> sink_;  // guarded by mu_; set once in start()
  std::unique_ptr<engine::WatchHandle> handle_;  // guarded by mu_
};

}  // namespace openkv::server

#endif  // OPENKV_SERVER_WATCH_STREAM_H_
