// Copyright (c) OpenKV authors.
#include "engine/watch_hub.h"

#include <algorithm>
#include <thread>

namespace openkv::engine {

struct WatchHub::Watch {
  std::vector<core::Bytes> keys;
  WatchCallback on_change;
  WatchEndCallback on_end;
  WatchMode mode = WatchMode::kOnChange;
  // Guarded by the hub's mu_.
  bool dirty = true;  // new watches emit their first state at once
  bool ended = false;
  // Guarded by call_mu_: held while a callback runs, so cancel() can wait.
  std::mutex call_mu;
  bool emitted = false;
  std::vector<std::optional<Versionstamp>> last_versionstamps;
  std::thread::id dispatch_thread;
};

class WatchHub::Handle : public WatchHandle {
 public:
  Handle(WatchHub* hub, std::weak_ptr<Watch> watch) : hub_(hub), watch_(std::move(watch)) {}
  ~Handle() override { cancel(); }

  void cancel() override {
    auto watch = watch_.lock();
    if (!watch) return;
    watch_.reset();
    hub_->remove(watch);
    // A callback running on the dispatch thread finishes before cancel()
    // returns — unless cancel() is called from that callback itself.
    if (std::this_thread::get_id() != watch->dispatch_thread) {
      std::lock_guard<std::mutex> wait_for_callback(watch->call_mu);
    }
  }

 private:
  WatchHub* hub_;
  std::weak_ptr<Watch> watch_;
};

WatchHub::WatchHub() = default;
WatchHub::~WatchHub() { close(); }

std::unique_ptr<WatchHandle> WatchHub::add(std::vector<core::Bytes> keys, WatchCallback on_change,
                                           WatchEndCallback on_end, WatchMode mode) {
  auto watch = std::make_shared<Watch>();
  watch->keys = std::move(keys);
  watch->on_change = std::move(on_change);
  watch->on_end = std::move(on_end);
  watch->mode = mode;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!closed_) {
      watches_.push_back(watch);
      return std::make_unique<Handle>(this, watch);
    }
  }
  if (watch->on_end) watch->on_end(nullptr);
  return std::make_unique<Handle>(this, std::weak_ptr<Watch>());
}

void WatchHub::remove(const std::shared_ptr<Watch>& watch) {
  std::lock_guard<std::mutex> lock(mu_);
  watch->ended = true;
  std::erase(watches_, watch);
}

bool WatchHub::mark_dirty(const std::vector<core::Bytes>& written_keys) {
  std::lock_guard<std::mutex> lock(mu_);
  bool newly_dirty = false;
  for (auto& watch : watches_) {
    if (watch->dirty) continue;
    for (const auto& key : watch->keys) {
      if (std::find(written_keys.begin(), written_keys.end(), key) != written_keys.end()) {
        watch->dirty = true;
        newly_dirty = true;
        break;
      }
    }
  }
  return newly_dirty;
}

void WatchHub::mark_all_dirty() {
  std::lock_guard<std::mutex> lock(mu_);
  for (auto& watch : watches_) watch->dirty = true;
}

size_t WatchHub::size() {
  std::lock_guard<std::mutex> lock(mu_);
  return watches_.size();
}

bool WatchHub::has_dirty() {
  std::lock_guard<std::mutex> lock(mu_);
  return std::any_of(watches_.begin(), watches_.end(), [](auto& w) { return w->dirty; });
}

void WatchHub::dispatch(const Reader& read) {
  std::vector<std::shared_ptr<Watch>> due;
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (auto& watch : watches_) {
      if (watch->dirty) {
        watch->dirty = false;
        due.push_back(watch);
      }
    }
  }
  for (auto& watch : due) {
    std::lock_guard<std::mutex> call(watch->call_mu);
    watch->dispatch_thread = std::this_thread::get_id();
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (watch->ended) continue;
    }
    WatchSnapshot snapshot;
    try {
      snapshot = read(watch->keys);
    } catch (...) {
      remove(watch);
      if (watch->on_end) watch->on_end(std::current_exception());
      continue;
    }
    std::vector<std::optional<Versionstamp>> versionstamps;
    versionstamps.reserve(snapshot.size());
    for (const auto& entry : snapshot) {
      versionstamps.push_back(entry ? std::optional(entry->versionstamp) : std::nullopt);
    }
    if (watch->mode == WatchMode::kOnChange && watch->emitted &&
        versionstamps == watch->last_versionstamps) {
      continue;
    }
    watch->emitted = true;
    watch->last_versionstamps = std::move(versionstamps);
    watch->on_change(snapshot);
  }
}

void WatchHub::close() {
  std::vector<std::shared_ptr<Watch>> ended;
  {
    std::lock_guard<std::mutex> lock(mu_);
    closed_ = true;
    ended.swap(watches_);
    for (auto& watch : ended) watch->ended = true;
  }
  for (auto& watch : ended) {
    std::lock_guard<std::mutex> call(watch->call_mu);
    if (watch->on_end) watch->on_end(nullptr);
  }
}

}  // namespace openkv::engine
