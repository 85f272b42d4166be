// Copyright (c) OpenKV authors.
//
// A small in-memory storage::Backend for server tests, run under a real
// engine::Engine (FakeEngine): deterministic versionstamps (1, 2, 3, …),
// set/delete/LE64 sum, checks reporting every failing position, no expiry
// and no queues (the Backend defaults answer kUnsupported, so the server
// behaves as one without the queue extension).
// Thread-safety: all methods lock one mutex; callbacks run outside it.
#ifndef OPENKV_TESTS_SERVER_FAKE_BACKEND_H_
#define OPENKV_TESTS_SERVER_FAKE_BACKEND_H_

#include <algorithm>
#include <map>
#include <memory>
#include <mutex>

#include "core/mutation_math.h"
#include "engine/engine.h"
#include "openkv/errors.h"
#include "storage/backend.h"

namespace openkv::server::testing {

class FakeBackend : public storage::Backend {
 public:
  core::ReadResult snapshot_read(const std::vector<core::ReadRange>& ranges, int64_t) override {
    std::lock_guard<std::mutex> lock(mu_);
    core::ReadResult result;
    for (const auto& r : ranges) {
      std::vector<core::RawEntry> all;
      if (r.start < r.end) {
        for (auto it = data_.lower_bound(r.start); it != data_.lower_bound(r.end); ++it) {
          all.push_back(it->second);
        }
      }
      if (r.reverse) std::reverse(all.begin(), all.end());
      if (static_cast<int64_t>(all.size()) > r.limit) all.resize(r.limit);
      result.ranges.push_back(std::move(all));
    }
    return result;
  }

  void atomic_write(core::AtomicWrite write, int64_t, storage::CommitCallback done) override {
    core::CommitResult result;
    {
      std::lock_guard<std::mutex> lock(mu_);
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
      // Applied to a copy, so a failing mutation leaves no trace.
      auto next = data_;
      const Versionstamp versionstamp = Versionstamp::from_version(version_ + 1);
      try {
        for (const auto& m : write.mutations) apply(next, m, versionstamp);
      } catch (...) {
        done({}, std::current_exception());
        return;
      }
      data_ = std::move(next);
      ++version_;
      result.ok = true;
      result.versionstamp = versionstamp;
    }
    done(result, nullptr);
  }

  storage::SweepResult sweep_expired(int64_t) override { return {}; }
  std::optional<int64_t> next_expiration() override { return std::nullopt; }
  Versionstamp current_version() override {
    std::lock_guard<std::mutex> lock(mu_);
    return Versionstamp::from_version(version_);
  }
  void close() override {}

 private:
  using Rows = std::map<core::Bytes, core::RawEntry>;

  // Sums (and min/max) follow the data rules every backend shares.
  static void apply(Rows& rows, const core::Mutation& m, const Versionstamp& versionstamp) {
    auto it = rows.find(m.key);
    if (m.type == core::MutationType::kDelete) {
      if (it != rows.end()) rows.erase(it);
    } else if (m.type == core::MutationType::kSum || m.type == core::MutationType::kMin ||
               m.type == core::MutationType::kMax) {
      std::optional<core::RawValue> stored;
      if (it != rows.end()) stored = it->second.value;
      rows[m.key] = {m.key, core::apply_numeric_mutation(stored, m), versionstamp};
    } else {
      rows[m.key] = {m.key, m.value, versionstamp};
    }
  }

  std::mutex mu_;
  Rows data_;
  uint64_t version_ = 0;
};

// An engine over a fresh FakeBackend.
inline std::unique_ptr<engine::Engine> make_fake_engine() {
  return std::make_unique<engine::Engine>(std::make_unique<FakeBackend>(),
                                          engine::Engine::Options{});
}

}  // namespace openkv::server::testing

#endif  // OPENKV_TESTS_SERVER_FAKE_BACKEND_H_
