// Copyright (c) OpenKV authors.
//
// WatchHub keeps the registered watches and decides which of them must
// re-read their keys. It does not read by itself: the engine's background
// thread calls dispatch() with a reader, so all watch callbacks run on that
// one thread and a slow storage read never happens under the hub's lock.
//
// A watch is "dirty" when a commit touched one of its keys, when another
// process may have changed the storage (mark_all_dirty), or when it is new.
// A dirty watch re-reads all its keys in one consistent read and emits only
// if some key's versionstamp differs from what it emitted last, so
// notifications that changed nothing visible (or a burst of them) collapse
// into at most one emission with the latest state. A WatchMode::kEveryWakeUp
// watch skips that comparison; its bursts still collapse into one re-read.
//
// Thread-safety: all methods are thread-safe. Callbacks run only inside
// dispatch(); cancel() from another thread waits for a running callback.
#ifndef OPENKV_ENGINE_WATCH_HUB_H_
#define OPENKV_ENGINE_WATCH_HUB_H_

#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "engine/engine.h"

namespace openkv::engine {

class WatchHub {
 public:
  using Reader = std::function<WatchSnapshot(const std::vector<core::Bytes>& keys)>;

  WatchHub();
  ~WatchHub();

  std::unique_ptr<WatchHandle> add(std::vector<core::Bytes> keys, WatchCallback on_change,
                                   WatchEndCallback on_end, WatchMode mode);
  // Marks the watches of any of `written_keys` dirty. Returns true when one
  // of them was not dirty before, i.e. when a dispatch has new work.
  bool mark_dirty(const std::vector<core::Bytes>& written_keys);
  void mark_all_dirty();
  bool has_dirty();
  size_t size();  // watches registered and not cancelled or ended
  // Re-reads and emits for every dirty watch. Called by one thread only.
  void dispatch(const Reader& read);
  // Ends every watch (on_end(nullptr)); later add() calls get ended watches.
  void close();

 private:
  struct Watch;
  class Handle;
  void remove(const std::shared_ptr<Watch>& watch);

  std::mutex mu_;
  std::vector<std::shared_ptr<Watch>> watches_;
  bool closed_ = false;
};

}  // namespace openkv::engine

#endif  // OPENKV_ENGINE_WATCH_HUB_H_
