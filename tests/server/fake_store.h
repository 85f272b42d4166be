// Copyright (c) OpenKV authors.
//
// A small in-memory Store for server tests: deterministic versionstamps
// (1, 2, 3, …), set/delete/LE64 sum, checks reporting every failing
// position, and watches notified synchronously after each commit.
// Thread-safety: all methods lock one mutex; callbacks run outside it.
#ifndef OPENKV_TESTS_SERVER_FAKE_STORE_H_
#define OPENKV_TESTS_SERVER_FAKE_STORE_H_

#include <map>
#include <mutex>
#include <set>

#include "openkv/errors.h"
#include "server/kv_connect/store.h"

namespace openkv::server::testing {

class FakeStore : public kv_connect::Store {
 public:
  core::ReadResult snapshot_read(const std::vector<core::ReadRange>& ranges) override {
    std::lock_guard<std::mutex> lock(mu_);
    ++reads;
    core::ReadResult result;
    for (const auto& r : ranges) {
      std::vector<core::RawEntry> out;
      auto lo = data_.lower_bound(r.start);
      auto hi = data_.lower_bound(r.end);
      if (r.start >= r.end) lo = hi;
      std::vector<core::RawEntry> all;
      for (auto it = lo; it != hi; ++it) all.push_back(it->second);
      if (r.reverse) std::reverse(all.begin(), all.end());
      for (auto& e : all) {
        if (static_cast<int32_t>(out.size()) >= r.limit) break;
        out.push_back(e);
      }
      result.ranges.push_back(std::move(out));
    }
    return result;
  }

  void atomic_write(core::AtomicWrite write, storage::CommitCallback done) override {
    core::CommitResult result;
    std::vector<Watcher> to_notify;
    {
      std::lock_guard<std::mutex> lock(mu_);
      last_write = write;
      for (uint32_t i = 0; i < write.checks.size(); ++i) {
        auto it = data_.find(write.checks[i].key);
        std::optional<Versionstamp> current;
        if (it != data_.end()) current = it->second.versionstamp;
        if (current != write.checks[i].versionstamp) result.failed_checks.push_back(i);
      }
      if (!result.failed_checks.empty()) {
        done(result, nullptr);
        return;
      }
      // Validate first so a failing write leaves no trace.
      for (const auto& m : write.mutations) {
        if (m.type == core::MutationType::kSum) {
          auto it = data_.find(m.key);
          if (it != data_.end() && it->second.value.encoding != core::Encoding::kLe64) {
            done({}, std::make_exception_ptr(Error(
                         ErrorCode::kTypeMismatch,
                         "Failed to perform 'sum' mutation on a non-U64 value in the database")));
            return;
          }
        }
      }
      result.ok = true;
      result.versionstamp = Versionstamp::from_version(++version_);
      for (const auto& m : write.mutations) {
        if (m.type == core::MutationType::kDelete) {
          data_.erase(m.key);
        } else if (m.type == core::MutationType::kSum) {
          uint64_t sum = le64(m.value.data);
          if (auto it = data_.find(m.key); it != data_.end()) sum += le64(it->second.value.data);
          core::Bytes b(8);
          for (int i = 0; i < 8; ++i) b[i] = static_cast<uint8_t>(sum >> (8 * i));
          data_[m.key] = {m.key, {b, core::Encoding::kLe64}, result.versionstamp};
        } else {
          data_[m.key] = {m.key, m.value, result.versionstamp};
        }
      }
      to_notify.assign(watchers_.begin(), watchers_.end());
    }
    done(result, nullptr);
    for (const auto& w : to_notify) notify(w);
  }

  std::unique_ptr<engine::WatchHandle> watch(std::vector<core::Bytes> keys,
                                             engine::WatchCallback on_change) override {
    auto watcher = std::make_shared<WatchState>();
    watcher->keys = std::move(keys);
    watcher->callback = std::move(on_change);
    {
      std::lock_guard<std::mutex> lock(mu_);
      watchers_.insert(watcher);
      ++watches_started;
    }
    notify(watcher);
    return std::make_unique<Handle>(this, watcher);
  }

  size_t active_watches() {
    std::lock_guard<std::mutex> lock(mu_);
    return watchers_.size();
  }

  int reads = 0;
  int watches_started = 0;
  core::AtomicWrite last_write;

 private:
  struct WatchState {
    std::vector<core::Bytes> keys;
    engine::WatchCallback callback;
    std::mutex running;  // held while the callback runs
  };
  using Watcher = std::shared_ptr<WatchState>;

  class Handle : public engine::WatchHandle {
   public:
    Handle(FakeStore* store, Watcher w) : store_(store), w_(std::move(w)) {}
    ~Handle() override { cancel(); }
    void cancel() override {
      {
        std::lock_guard<std::mutex> lock(store_->mu_);
        store_->watchers_.erase(w_);
      }
      std::lock_guard<std::mutex> wait(w_->running);
    }

   private:
    FakeStore* store_;
    Watcher w_;
  };

  static uint64_t le64(const core::Bytes& b) {
    uint64_t v = 0;
    for (size_t i = 0; i < 8 && i < b.size(); ++i) v |= uint64_t{b[i]} << (8 * i);
    return v;
  }

  void notify(const Watcher& w) {
    std::lock_guard<std::mutex> running(w->running);
    engine::WatchSnapshot state;
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (!watchers_.count(w)) return;
      for (const auto& k : w->keys) {
        auto it = data_.find(k);
        state.push_back(it == data_.end() ? std::nullopt : std::optional(it->second));
      }
    }
    w->callback(state);
  }

  std::mutex mu_;
  std::map<core::Bytes, core::RawEntry> data_;
  uint64_t version_ = 0;
  std::set<Watcher> watchers_;
};

}  // namespace openkv::server::testing

#endif  // OPENKV_TESTS_SERVER_FAKE_STORE_H_
