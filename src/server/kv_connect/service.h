// Copyright (c) OpenKV authors.
//
// The KV Connect application of one database: routes requests to the
// metadata exchange (`/`), the three data-path endpoints (and the OpenKV
// queue extension, QueueService), applies the header checks of spec 04 §3.3,
// the validation of §6 and the token's permissions in order, maps protobuf
// to the raw layer and calls the engine. It never decodes keys or values.
// Paths are relative to the database: the server's Router strips the
// `/<name>` of a data directory before calling handle().
//
// Thread-safety: handle() is called concurrently by the transport's threads;
// drain() from the controlling thread during shutdown.
#ifndef OPENKV_SERVER_KV_CONNECT_SERVICE_H_
#define OPENKV_SERVER_KV_CONNECT_SERVICE_H_

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include <boost/asio/any_io_executor.hpp>

#include "server/kv_connect/access.h"
#include "server/kv_connect/data_path.h"
#include "server/kv_connect/metadata.h"
#include "server/kv_connect/queue_service.h"
#include "engine/engine.h"
#include "server/kv_connect/watch_stream.h"
#include "server/transport/http.h"

namespace openkv::server::kv_connect {

class Service {
 public:
  struct Options {
    // Which tokens are valid and what they grant; when null, `access_token`
    // is the one read-write token.
    std::shared_ptr<const Authenticator> authenticator;
    std::string access_token;
    std::string database_id = "00000000-0000-0000-0000-000000000000";
    // The data path's URL as the metadata announces it (`/<name>/v2` in a
    // data directory).
    std::string endpoint = "/v2";
    bool read_only = false;  // the database itself: every write is refused
    WatchOptions watch;
  };

  // Counters for /metrics, read without stopping the service.
  struct Stats {
    uint64_t commits = 0;         // atomic writes that committed
    uint64_t check_failures = 0;  // atomic writes refused by a failed check
    uint64_t commit_errors = 0;   // atomic writes the engine failed
    size_t watch_streams = 0;     // open now
    engine::Engine::Stats engine;  // writer queue, queue depth, given-up messages
  };

  // `executor` runs the watch keep-alive timers.
  Service(Options options, engine::Engine& engine, boost::asio::any_io_executor executor);
  ~Service();

  void handle(transport::Request request, std::shared_ptr<transport::Exchange> exchange);

  // For shutdown: from now on data-path requests get 503, every watch stream
  // ends, and this waits up to `timeout` for commits already handed to the
  // engine to be answered. Returns whether they all were.
  bool drain(std::chrono::milliseconds timeout);

  Stats stats();
  engine::Engine& engine() { return engine_; }

 private:
  void snapshot_read(const transport::Request& request, transport::Exchange& exchange,
                     Consistency consistency);
  void atomic_write(const transport::Request& request,
                    std::shared_ptr<transport::Exchange> exchange);
  void watch(const transport::Request& request, transport::Exchange& exchange);
  void commit_finished();

  Options options_;
  std::shared_ptr<const Authenticator> authenticator_;
  DataPathIdentity identity_;
  MetadataOptions metadata_;
  engine::Engine& engine_;
  boost::asio::any_io_executor executor_;
  QueueService queue_;  // the OpenKV queue extension, under /v2/openkv/queue/
  // The engine's eventual reads may lag (a standby): the eventual endpoint
  // is advertised, and its replies say they are not strongly consistent.
  bool eventual_reads_lag_ = false;

  std::atomic<bool> draining_{false};
  std::mutex mu_;
  std::condition_variable idle_cv_;
  int commits_in_flight_ = 0;                                             // guarded by mu_
  std::atomic<uint64_t> commits_{0};
  std::atomic<uint64_t> check_failures_{0};
  std::atomic<uint64_t> commit_errors_{0};
  std::unordered_map<WatchStream*, std::weak_ptr<WatchStream>> watches_;  // guarded by mu_
};

}  // namespace openkv::server::kv_connect

#endif  // OPENKV_SERVER_KV_CONNECT_SERVICE_H_
