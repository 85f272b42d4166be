// Copyright (c) OpenKV authors.
//
// The queue operations of the Backend contract (src/storage/backend.h,
// spec 02 §9.4–§9.5), checked through the Backend interface only, with
// explicit clocks. Every backend that delivers queue messages gets a factory
// in queue_backends(); a backend without queues (the defaults throw
// kUnsupported) is not listed.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "storage/backend.h"
#include "storage/sqlite/sqlite_backend.h"

namespace openkv::storage {
namespace {

using core::Bytes;

constexpr int64_t kNow = 1'700'000'000'000;
constexpr int64_t kDeadline = kNow + 5000;

struct QueueBackendFactory {
  std::string name;
  std::function<std::unique_ptr<Backend>(const std::string& dir)> make;
};

std::vector<QueueBackendFactory> queue_backends() {
  return {
      {"SqliteFile",
       [](const std::string& dir) -> std::unique_ptr<Backend> {
         sqlite::SqliteBackend::Options o;
         o.path = dir + "/kv.sqlite3";
         return std::make_unique<sqlite::SqliteBackend>(o);
       }},
      {"SqliteMemory",
       [](const std::string&) -> std::unique_ptr<Backend> {
         return std::make_unique<sqlite::SqliteBackend>(sqlite::SqliteBackend::Options{});
       }},
  };
}

Bytes b(std::string_view s) { return Bytes(s.begin(), s.end()); }

class QueueConformance : public ::testing::TestWithParam<QueueBackendFactory> {
 protected:
  void SetUp() override {
    std::string tmpl = (std::filesystem::temp_directory_path() / "openkv-qconf-XXXXXX").string();
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
    backend_ = GetParam().make(dir_);
  }

  void TearDown() override {
    backend_.reset();
    std::filesystem::remove_all(dir_);
  }

  void enqueue(std::string_view payload, int64_t ts, std::vector<uint32_t> schedule = {},
               std::vector<Bytes> keys = {}) {
    core::AtomicWrite w;
    w.enqueues.push_back(core::Enqueue{b(payload), ts, std::move(keys), std::move(schedule)});
    ASSERT_TRUE(commit_and_wait(*backend_, std::move(w), kNow).ok);
  }

  // Dequeues the one ready message at `now`.
  DequeuedMessage take_one(int64_t now, int64_t deadline) {
    auto messages = backend_->dequeue_ready(now, deadline, 10);
    EXPECT_EQ(messages.size(), 1u);
    return messages.empty() ? DequeuedMessage{} : messages.front();
  }

  std::optional<core::RawEntry> get(const Bytes& key) {
    Bytes end = key;
    end.push_back(0);
    auto r = backend_->snapshot_read({core::ReadRange{key, end, 1, false}}, kNow);
    if (r.ranges[0].empty()) return std::nullopt;
    return r.ranges[0][0];
  }

  std::string dir_;
  std::unique_ptr<Backend> backend_;
};

std::vector<std::string> payloads(const std::vector<DequeuedMessage>& messages) {
  std::vector<std::string> out;
  for (const auto& m : messages) out.emplace_back(m.payload.begin(), m.payload.end());
  return out;
}

TEST_P(QueueConformance, DequeueTakesReadyMessagesOldestFirstUpToTheLimit) {
  enqueue("later", kNow + 5000);
  enqueue("second", kNow + 10);
  enqueue("first", kNow);
  enqueue("third", kNow + 20);
  EXPECT_EQ(backend_->next_queue_ts(), kNow);

  auto batch = backend_->dequeue_ready(kNow + 20, kDeadline, 2);
  EXPECT_EQ(payloads(batch), (std::vector<std::string>{"first", "second"}));
  for (const auto& m : batch) EXPECT_EQ(m.lease.deadline_ms, kDeadline);
  EXPECT_NE(batch[0].lease.id, batch[1].lease.id);
  EXPECT_EQ(payloads(backend_->dequeue_ready(kNow + 20, kDeadline, 10)),
            std::vector<std::string>{"third"});
  EXPECT_TRUE(backend_->dequeue_ready(kNow + 20, kDeadline, 10).empty());
  EXPECT_EQ(backend_->next_queue_ts(), kNow + 5000);
}

TEST_P(QueueConformance, EmptyQueueHasNoNextTs) {
  EXPECT_EQ(backend_->next_queue_ts(), std::nullopt);
  EXPECT_TRUE(backend_->dequeue_ready(kNow, kDeadline, 10).empty());
}

TEST_P(QueueConformance, SuccessRemovesTheMessage) {
  enqueue("m", kNow, {100});
  DequeuedMessage m = take_one(kNow, kDeadline);
  QueueSettlement s = backend_->finish_message(m.lease, DeliveryOutcome::kSuccess, kNow);
  EXPECT_EQ(s.requeued, 0);
  EXPECT_TRUE(s.dead_letter_keys.empty());
  EXPECT_EQ(backend_->next_queue_ts(), std::nullopt);
  EXPECT_EQ(backend_->requeue_overdue(kDeadline + 1).requeued, 0);
}

TEST_P(QueueConformance, FailureRetriesWithTheRestOfTheScheduleAndTheSameId) {
  enqueue("m", kNow, {100, 250});
  DequeuedMessage first = take_one(kNow, kDeadline);
  EXPECT_EQ(backend_->finish_message(first.lease, DeliveryOutcome::kFailure, kNow + 1).requeued,
            1);
  EXPECT_EQ(backend_->next_queue_ts(), kNow + 101);
  EXPECT_TRUE(backend_->dequeue_ready(kNow + 100, kDeadline, 10).empty());

  DequeuedMessage second = take_one(kNow + 101, kDeadline + 101);
  EXPECT_EQ(second.lease.id, first.lease.id);
  EXPECT_EQ(second.payload, first.payload);
  backend_->finish_message(second.lease, DeliveryOutcome::kFailure, kNow + 200);
  EXPECT_EQ(backend_->next_queue_ts(), kNow + 450);

  Versionstamp before = backend_->current_version();
  DequeuedMessage third = take_one(kNow + 450, kDeadline + 450);
  QueueSettlement s = backend_->finish_message(third.lease, DeliveryOutcome::kFailure, kNow + 500);
  EXPECT_EQ(s.requeued, 0);
  EXPECT_TRUE(s.dead_letter_keys.empty());
  EXPECT_EQ(backend_->next_queue_ts(), std::nullopt);
  // No keys to write: the version is not bumped (reference defect D8).
  EXPECT_EQ(backend_->current_version(), before);
}

TEST_P(QueueConformance, DeadLetterWritesEveryKeyUnderOneVersionstamp) {
  // Payload V8 "dead"; keys_if_undelivered are ordinary key bytes.
  Bytes payload = {0xff, 0x0f, 0x22, 0x04, 'd', 'e', 'a', 'd'};
  std::vector<Bytes> keys = {{0x02, 'a', 0x00}, {0x02, 'b', 0x00}};
  enqueue(std::string_view(reinterpret_cast<const char*>(payload.data()), payload.size()), kNow,
          {}, keys);
  Versionstamp before = backend_->current_version();
  DequeuedMessage m = take_one(kNow, kDeadline);
  QueueSettlement s = backend_->finish_message(m.lease, DeliveryOutcome::kFailure, kNow);
  EXPECT_EQ(s.requeued, 0);
  EXPECT_EQ(s.dead_letter_keys, keys);
  auto a = get(keys[0]);
  auto c = get(keys[1]);
  ASSERT_TRUE(a && c);
  EXPECT_EQ(a->value, (core::RawValue{payload, core::Encoding::kV8}));
  EXPECT_EQ(c->value, a->value);
  EXPECT_EQ(a->versionstamp, c->versionstamp);
  EXPECT_GT(a->versionstamp, before);
  EXPECT_EQ(backend_->current_version(), a->versionstamp);
  // Never expires.
  EXPECT_EQ(backend_->next_expiration(), std::nullopt);
}

TEST_P(QueueConformance, ExtendedDeadlinesProtectFromRecovery) {
  enqueue("m", kNow, {100});
  DequeuedMessage m = take_one(kNow, kDeadline);
  backend_->extend_deadlines({m.lease}, kNow + 20000);
  EXPECT_EQ(backend_->requeue_overdue(kNow + 10000).requeued, 0);

  // The old lease no longer names the row; the new one does.
  EXPECT_EQ(backend_->finish_message(m.lease, DeliveryOutcome::kFailure, kNow).requeued, 0);
  EXPECT_EQ(backend_->next_queue_ts(), std::nullopt);
  RunningLease extended{m.lease.id, kNow + 20000};
  EXPECT_EQ(backend_->finish_message(extended, DeliveryOutcome::kFailure, kNow).requeued, 1);
  EXPECT_EQ(backend_->next_queue_ts(), kNow + 100);
}

TEST_P(QueueConformance, RecoveryTreatsOverdueMessagesAsFailures) {
  enqueue("retry", kNow, {300});
  enqueue("dead", kNow + 1, {}, {{0x02, 'd', 0x00}});
  enqueue("fresh", kNow + 2, {300});
  auto first_two = backend_->dequeue_ready(kNow + 2, kDeadline, 2);
  EXPECT_EQ(payloads(first_two), (std::vector<std::string>{"retry", "dead"}));
  take_one(kNow + 2, kDeadline + 10000);

  QueueSettlement s = backend_->requeue_overdue(kDeadline);
  EXPECT_EQ(s.requeued, 1);
  EXPECT_EQ(s.dead_letter_keys, std::vector<Bytes>{Bytes({0x02, 'd', 0x00})});
  EXPECT_TRUE(get(Bytes{0x02, 'd', 0x00}).has_value());
  EXPECT_EQ(backend_->next_queue_ts(), kDeadline + 300);
  // A second pass finds nothing more; the fresh message keeps running.
  QueueSettlement again = backend_->requeue_overdue(kDeadline);
  EXPECT_EQ(again.requeued, 0);
  EXPECT_TRUE(again.dead_letter_keys.empty());
}

TEST_P(QueueConformance, UnknownLeaseIsIgnored) {
  QueueSettlement s = backend_->finish_message(RunningLease{"no-such-id", kNow},
                                               DeliveryOutcome::kFailure, kNow);
  EXPECT_EQ(s.requeued, 0);
  EXPECT_TRUE(s.dead_letter_keys.empty());
  backend_->extend_deadlines({RunningLease{"no-such-id", kNow}}, kNow + 1);
}

INSTANTIATE_TEST_SUITE_P(
    Backends, QueueConformance, ::testing::ValuesIn(queue_backends()),
    [](const ::testing::TestParamInfo<QueueBackendFactory>& info) { return info.param.name; });

}  // namespace
}  // namespace openkv::storage
