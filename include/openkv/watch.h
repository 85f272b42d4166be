// Copyright (c) OpenKV authors.
//
// watch(): follow a few keys as they change, like Deno's `kv.watch(keys)`.
//
//   openkv::WatchStream stream = db->watch({{"config"}, {"users", "alice"}});
//   while (auto entries = stream.next()) {  // blocks until the next state
//     for (const auto& e : *entries) use(e);  // one EntryMaybe per key, in order
//   }                                         // ends on cancel() or db close
//
// The first next() returns the current state of every key (missing keys too)
// at once. Each later one returns the state after a change: a set, delete,
// sum/min/max, versionstamp-suffixed set of the stored key, expiry or
// dead-letter write, in this process or (noticed by polling, within about a
// second) in another process sharing the file.
//
// States are not queued: a consumer that falls behind gets the latest state
// when it asks, and the states in between are skipped. Without `raw`, a state
// whose versionstamps all equal those of the state next() returned last is
// not returned (a write that changed nothing visible, e.g. deleting a missing
// key, or a key written and deleted again while the consumer was busy).
#ifndef OPENKV_WATCH_H_
#define OPENKV_WATCH_H_

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "openkv/entry.h"
#include "openkv/key.h"

namespace openkv {

struct WatchOptions {
  // Return a state after every wake-up of the watch, even when no
  // versionstamp changed (Deno's `raw: true`).
  bool raw = false;
};

class Database;
namespace engine {
class Engine;
class WatchHandle;
}  // namespace engine

// One watch of up to 10 keys. Move-only; destroying it cancels the watch.
//
// Thread-safety: next(), next_for() and done() are for one consumer thread at
// a time. cancel() may be called from any thread, also while another thread
// blocks in next(), which then returns nullopt. The stream keeps the database
// engine alive but not open: closing the Database ends the stream.
class WatchStream {
 public:
  WatchStream(WatchStream&&) noexcept;
  WatchStream& operator=(WatchStream&&) noexcept;
  ~WatchStream();

  // Blocks until the next state and returns one entry per watched key in the
  // order given (a missing key has the caller's key and no value). Returns
  // nullopt once the stream was cancelled or the database closed; rethrows
  // the error (openkv::Error) if reading the keys failed, on every call.
  std::optional<std::vector<EntryMaybe>> next();

  // As next(), but gives up after `timeout` and returns nullopt; done() tells
  // a timeout from the end of the stream.
  std::optional<std::vector<EntryMaybe>> next_for(std::chrono::milliseconds timeout);

  // True once the stream has ended (cancelled, closed or failed): next()
  // would not block any more.
  bool done() const;

  // Ends the stream and releases the watch; idempotent. When it returns, the
  // engine no longer reads these keys for this stream.
  void cancel();

 private:
  friend class Database;
  struct State;
  WatchStream(std::shared_ptr<engine::Engine> engine, std::vector<Key> keys,
              std::vector<std::vector<uint8_t>> encoded_keys, WatchOptions options);
  std::optional<std::vector<EntryMaybe>> take(
      std::optional<std::chrono::steady_clock::time_point> deadline);

  // Declared in this order so the watch is cancelled before the engine
  // reference is dropped.
  std::shared_ptr<engine::Engine> engine_;
  std::shared_ptr<State> state_;
  std::unique_ptr<engine::WatchHandle> handle_;
};

}  // namespace openkv

#endif  // OPENKV_WATCH_H_
