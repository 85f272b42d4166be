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
      // Validate first so a failing write leaves no trace.
      for (const auto& m : write.mutations) {
        auto it = data_.find(m.key);
        if (m.type == core::MutationType::kSum && it != data_.end() &&
            it->second.value.encoding != core::Encoding::kLe64) {
          done({}, std::make_exception_ptr(Error(
                       ErrorCode::kTypeMismatch,
                       "Failed to perform 'sum' mutation on a non-U64 value in the database")));
          return;
        }
      }
      result.ok = true;
      result.versionstamp = Versionstamp::from_version(++version_);
      for (const auto& m : write.mutations) apply(m, result.versionstamp);
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
  static uint64_t le64(const core::Bytes& b) {
    uint64_t v = 0;
    for (size_t i = 0; i < 8 && i < b.size(); ++i) v |= uint64_t{b[i]} << (8 * i);
    return v;
  }

  void apply(const core::Mutation& m, const Versionstamp& versionstamp) {
    if (m.type == core::MutationType::kDelete) {
      data_.erase(m.key);
    } else if (m.type == core::MutationType::kSum) {
      uint64_t sum = le64(m.value.data);
      if (auto it = data_.find(m.key); it != data_.end()) sum += le64(it->second.value.data);
      core::Bytes b(8);
      for (int i = 0; i < 8; ++i) b[i] = static_cast<uint8_t>(sum >> (8 * i));
      data_[m.key] = {m.key, {b, core::Encoding::kLe64}, versionstamp};
    } else {
      data_[m.key] = {m.key, m.value, versionstamp};
    }
  }

  std::mutex mu_;
  std::map<core::Bytes, core::RawEntry> data_;
  uint64_t version_ = 0;
};

// An engine over a fresh FakeBackend.
inline std::unique_ptr<engine::Engine> make_fake_engine() {
  return std::make_unique<engine::Engine>(std::make_unique<FakeBackend>(),
                                          engine::Engine::Options{});
}

}  // namespace openkv::server::testing

#endif  // OPENKV_TESTS_SERVER_FAKE_BACKEND_H_
