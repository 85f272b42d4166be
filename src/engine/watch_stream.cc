// Copyright (c) OpenKV authors.
#include "openkv/watch.h"

#include <condition_variable>
#include <exception>
#include <mutex>

#include "engine/engine.h"
#include "engine/entry_maybe.h"

namespace openkv {

// What the engine's watch callbacks (on the engine's thread) hand to the
// consumer. Only the latest state is kept: the callbacks must not block, and
// a slow consumer wants the current state, not a backlog.
struct WatchStream::State {
  std::vector<Key> keys;  // the caller's keys, for missing entries
  WatchOptions options;

  std::mutex mu;
  std::condition_variable wake;
  std::optional<engine::WatchSnapshot> pending;        // guarded by mu
  std::optional<engine::WatchSnapshot> last_returned;  // guarded by mu
  bool ended = false;                                  // guarded by mu
  std::exception_ptr error;                            // guarded by mu

  // Serializes cancel() calls: WatchHandle::cancel is not reentrant, and a
  // second caller must not return before the first one's cancel finished.
  std::mutex cancel_mu;

  void on_change(const engine::WatchSnapshot& snapshot) {
    {
      std::lock_guard<std::mutex> lock(mu);
      if (ended) return;
      pending = snapshot;
    }
    wake.notify_all();
  }

  // `failure` is null when the stream simply ends (cancel, database closed).
  void end(std::exception_ptr failure) {
    {
      std::lock_guard<std::mutex> lock(mu);
      if (ended) return;
      ended = true;
      error = std::move(failure);
      pending.reset();
    }
    wake.notify_all();
  }

  // Whether the consumer should see `snapshot`. Equal entries mean equal
  // versionstamps, so without `raw` a state the consumer already has (a
  // write that changed nothing visible, or one undone while the consumer was
  // busy) is dropped here, as Deno compares with the last chunk it emitted.
  bool worth_returning(const engine::WatchSnapshot& snapshot) const {
    return options.raw || !last_returned || snapshot != *last_returned;
  }
};

WatchStream::WatchStream(std::shared_ptr<engine::Engine> engine, std::vector<Key> keys,
                         std::vector<std::vector<uint8_t>> encoded_keys, WatchOptions options)
    : engine_(std::move(engine)), state_(std::make_shared<State>()) {
  state_->keys = std::move(keys);
  state_->options = options;
  // The callbacks hold the state, not the stream: the stream may be moved,
  // and the engine may still be inside a callback while the stream is gone.
  auto state = state_;
  handle_ = engine_->watch(
      std::move(encoded_keys),
      [state](const engine::WatchSnapshot& snapshot) { state->on_change(snapshot); },
      [state](std::exception_ptr error) { state->end(std::move(error)); },
      options.raw ? engine::WatchMode::kEveryWakeUp : engine::WatchMode::kOnChange);
}

WatchStream::WatchStream(WatchStream&&) noexcept = default;

WatchStream& WatchStream::operator=(WatchStream&& other) noexcept {
  if (this != &other) {
    // The old watch must go before the engine reference that keeps its hub.
    handle_.reset();
    engine_ = std::move(other.engine_);
    state_ = std::move(other.state_);
    handle_ = std::move(other.handle_);
  }
  return *this;
}

WatchStream::~WatchStream() = default;

std::optional<std::vector<EntryMaybe>> WatchStream::next() { return take(std::nullopt); }

std::optional<std::vector<EntryMaybe>> WatchStream::next_for(std::chrono::milliseconds timeout) {
  return take(std::chrono::steady_clock::now() + timeout);
}

bool WatchStream::done() const {
  if (!state_) return true;
  std::lock_guard<std::mutex> lock(state_->mu);
  return state_->ended;
}

void WatchStream::cancel() {
  if (!state_) return;
  std::lock_guard<std::mutex> lock(state_->cancel_mu);
  state_->end(nullptr);
  // Not under state_->mu: cancel waits for a running callback, which takes it.
  handle_->cancel();
}

std::optional<std::vector<EntryMaybe>> WatchStream::take(
    std::optional<std::chrono::steady_clock::time_point> deadline) {
  if (!state_) return std::nullopt;
  State& s = *state_;
  engine::WatchSnapshot snapshot;
  {
    std::unique_lock<std::mutex> lock(s.mu);
    auto ready = [&s] { return s.ended || s.pending.has_value(); };
    for (;;) {
      if (deadline) {
        if (!s.wake.wait_until(lock, *deadline, ready)) return std::nullopt;
      } else {
        s.wake.wait(lock, ready);
      }
      if (s.error) std::rethrow_exception(s.error);
      if (s.ended) return std::nullopt;
      snapshot = std::move(*s.pending);
      s.pending.reset();
      if (s.worth_returning(snapshot)) break;
    }
    s.last_returned = snapshot;
  }
  // Decoding happens outside the lock so the engine's callback never waits
  // for it.
  std::vector<EntryMaybe> entries;
  entries.reserve(snapshot.size());
  for (size_t i = 0; i < snapshot.size(); ++i) {
    const auto& found = snapshot[i];
    entries.push_back(engine::to_entry_maybe(s.keys[i], found ? &*found : nullptr));
  }
  return entries;
}

}  // namespace openkv
