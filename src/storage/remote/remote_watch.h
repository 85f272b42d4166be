// Copyright (c) OpenKV authors.
//
// RemoteWatch follows a set of keys through the protocol-v3 `watch` stream
// (spec 04 §4.3): frames of `u32 LE length ‖ WatchOutput`, empty frames as
// keep-alives. When the stream drops it reconnects with backoff and gets a
// fresh full state; a state equal (by versionstamps) to the last one
// delivered is not delivered again, so a reconnect is invisible unless
// something changed meanwhile.
//
// Thread-safety: one thread per watch reads the stream and runs the
// callbacks; cancel() and end() may be called from any thread, including
// from inside a callback.
#ifndef OPENKV_STORAGE_REMOTE_REMOTE_WATCH_H_
#define OPENKV_STORAGE_REMOTE_REMOTE_WATCH_H_

#include <chrono>
#include <exception>
#include <functional>
#include <memory>
#include <vector>

#include "storage/backend.h"
#include "storage/remote/kv_connect_client.h"

namespace openkv::storage::remote {

class RemoteWatch : public WatchSubscription {
 public:
  struct Options {
    std::chrono::milliseconds initial_backoff{200};
    std::chrono::milliseconds max_backoff{5000};
  };

  // `client` must stay alive until end() or cancel() has returned.
  RemoteWatch(KvConnectClient& client, std::vector<core::Bytes> keys,
              std::function<void(const WatchState&)> on_change,
              std::function<void(std::exception_ptr)> on_end, Options options);
  ~RemoteWatch() override;  // cancel()

  void cancel() override;
  // Stops like cancel(), then runs on_end(nullptr) unless the watch had
  // already ended or been cancelled: the backend is closing.
  void end();

 private:
  struct State;
  std::shared_ptr<State> state_;
};

}  // namespace openkv::storage::remote

#endif  // OPENKV_STORAGE_REMOTE_REMOTE_WATCH_H_
