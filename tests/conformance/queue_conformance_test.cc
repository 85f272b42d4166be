// Copyright (c) OpenKV authors.
//
// The queue operations of the Backend contract (src/storage/backend.h,
// spec 02 §9.4–§9.5), checked through the Backend interface only. Every
// backend that delivers queue messages gets a factory in backend_factories(); a
// backend without queues (the defaults throw kUnsupported) is not listed.
//
// Local backends run on the test's clock (the now_ms arguments). The remote
// backend (served_remote.h, the OpenKV queue extension of KV Connect) runs
// on its server's clock, the real one: for it the test's clock is real time,
// advancing it sleeps, times the server stamps are checked within a margin,
// and recovery is what the server does by itself once a lease ran out.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "conformance/backend_factories.h"
#include "storage/backend.h"
#include "storage/sqlite/sqlite_backend.h"

namespace openkv::storage {
namespace {

using core::Bytes;
using testing::backend_factories;
using testing::BackendFactory;

// How late a server-stamped time may be, on the real clock: the request's
// round trip, and for recovery the server's throttle (once a second).
constexpr int64_t kServerSlackMs = 2500;

int64_t real_now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

Bytes b(std::string_view s) { return Bytes(s.begin(), s.end()); }

class QueueConformance : public ::testing::TestWithParam<BackendFactory> {
 protected:
  void SetUp() override {
    if (std::string why = GetParam().unavailable(); !why.empty()) GTEST_SKIP() << why;
    std::string tmpl = (std::filesystem::temp_directory_path() / "openkv-qconf-XXXXXX").string();
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
    backend_ = GetParam().make(dir_);
    // Real time for every backend, so that "later" is later for a server too.
    now_ = real_now_ms();
  }

  void TearDown() override {
    backend_.reset();
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }

  bool caller_clock() const { return GetParam().caller_clock; }
  int64_t now() const { return caller_clock() ? now_ : real_now_ms(); }
  void advance(int64_t ms) {
    if (caller_clock()) {
      now_ += ms;
    } else {
      std::this_thread::sleep_for(std::chrono::milliseconds(ms));
    }
  }

  // A time the backend stamped for an event the test caused at `expected`
  // (plus a fixed delay): exact on the caller's clock, a little later on a
  // server's.
  void expect_stamped(std::optional<int64_t> actual, int64_t expected) {
    ASSERT_TRUE(actual.has_value());
    if (caller_clock()) {
      EXPECT_EQ(*actual, expected);
    } else {
      EXPECT_GE(*actual, expected);
      EXPECT_LE(*actual, expected + kServerSlackMs);
    }
  }

  // Crash recovery at `at`: the settlement on the caller's clock; nullopt on
  // a server's, after waiting for it to recover something by itself (it
  // does when asked for next_queue_ts once a lease ran out).
  std::optional<QueueSettlement> recover(int64_t at) {
    if (caller_clock()) {
      now_ = at;
      return backend_->requeue_overdue(at);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(at - real_now_ms() + 1));
    for (int i = 0; i < 50 && !backend_->next_queue_ts(); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return std::nullopt;
  }

  void enqueue(std::string_view payload, int64_t ts, std::vector<uint32_t> schedule = {},
               std::vector<Bytes> keys = {}) {
    core::AtomicWrite w;
    w.enqueues.push_back(core::Enqueue{b(payload), ts, std::move(keys), std::move(schedule)});
    ASSERT_TRUE(commit_and_wait(*backend_, std::move(w), now()).ok);
  }

  // Dequeues the one ready message now, running until `deadline`.
  DequeuedMessage take_one(int64_t deadline) {
    auto messages = backend_->dequeue_ready(now(), deadline, 10);
    EXPECT_EQ(messages.size(), 1u);
    return messages.empty() ? DequeuedMessage{} : messages.front();
  }

  std::optional<core::RawEntry> get(const Bytes& key) {
    Bytes end = key;
    end.push_back(0);
    auto r = backend_->snapshot_read({core::ReadRange{key, end, 1, false}}, now());
    if (r.ranges[0].empty()) return std::nullopt;
    return r.ranges[0][0];
  }

  std::string dir_;
  std::unique_ptr<Backend> backend_;
  int64_t now_ = 0;  // the caller's clock
};

std::vector<std::string> payloads(const std::vector<DequeuedMessage>& messages) {
  std::vector<std::string> out;
  for (const auto& m : messages) out.emplace_back(m.payload.begin(), m.payload.end());
  return out;
}

TEST_P(QueueConformance, DequeueTakesReadyMessagesOldestFirstUpToTheLimit) {
  const int64_t t = now();
  enqueue("later", t + 60000);
  enqueue("second", t - 20);
  enqueue("first", t - 30);
  enqueue("third", t - 10);
  EXPECT_EQ(backend_->next_queue_ts(), t - 30);

  auto batch = backend_->dequeue_ready(now(), t + 5000, 2);
  EXPECT_EQ(payloads(batch), (std::vector<std::string>{"first", "second"}));
  for (const auto& m : batch) EXPECT_EQ(m.lease.deadline_ms, t + 5000);
  EXPECT_NE(batch[0].lease.id, batch[1].lease.id);
  EXPECT_EQ(payloads(backend_->dequeue_ready(now(), t + 5000, 10)),
            std::vector<std::string>{"third"});
  EXPECT_TRUE(backend_->dequeue_ready(now(), t + 5000, 10).empty());
  EXPECT_EQ(backend_->next_queue_ts(), t + 60000);
}

TEST_P(QueueConformance, EmptyQueueHasNoNextTs) {
  EXPECT_EQ(backend_->next_queue_ts(), std::nullopt);
  EXPECT_TRUE(backend_->dequeue_ready(now(), now() + 5000, 10).empty());
}

TEST_P(QueueConformance, SuccessRemovesTheMessage) {
  const int64_t t = now();
  enqueue("m", t, {100});
  DequeuedMessage m = take_one(t + 5000);
  QueueSettlement s = backend_->finish_message(m.lease, DeliveryOutcome::kSuccess, now());
  EXPECT_EQ(s.requeued, 0);
  EXPECT_EQ(s.given_up, 0);
  EXPECT_TRUE(s.dead_letter_keys.empty());
  EXPECT_EQ(backend_->next_queue_ts(), std::nullopt);
  EXPECT_EQ(backend_->requeue_overdue(t + 5001).requeued, 0);
}

TEST_P(QueueConformance, FailureRetriesWithTheRestOfTheScheduleAndTheSameId) {
  enqueue("m", now(), {300, 500});
  DequeuedMessage first = take_one(now() + 5000);
  int64_t failed_at = now();
  QueueSettlement retried = backend_->finish_message(first.lease, DeliveryOutcome::kFailure, failed_at);
  EXPECT_EQ(retried.requeued, 1);
  EXPECT_EQ(retried.given_up, 0);
  expect_stamped(backend_->next_queue_ts(), failed_at + 300);
  EXPECT_TRUE(backend_->dequeue_ready(failed_at + 299, now() + 5000, 10).empty());

  advance(300);
  DequeuedMessage second = take_one(now() + 5000);
  EXPECT_EQ(second.lease.id, first.lease.id);
  EXPECT_EQ(second.payload, first.payload);
  failed_at = now();
  backend_->finish_message(second.lease, DeliveryOutcome::kFailure, failed_at);
  expect_stamped(backend_->next_queue_ts(), failed_at + 500);

  advance(500);
  Versionstamp before = backend_->current_version();
  DequeuedMessage third = take_one(now() + 5000);
  QueueSettlement s = backend_->finish_message(third.lease, DeliveryOutcome::kFailure, now());
  EXPECT_EQ(s.requeued, 0);
  EXPECT_EQ(s.given_up, 1);  // dropped: no keys to write
  EXPECT_TRUE(s.dead_letter_keys.empty());
  EXPECT_EQ(backend_->next_queue_ts(), std::nullopt);
  // No keys to write: the version is not bumped (reference defect D8).
  EXPECT_EQ(backend_->current_version(), before);
}

TEST_P(QueueConformance, DeadLetterWritesEveryKeyUnderOneVersionstamp) {
  // Payload V8 "dead"; keys_if_undelivered are ordinary key bytes.
  Bytes payload = {0xff, 0x0f, 0x22, 0x04, 'd', 'e', 'a', 'd'};
  std::vector<Bytes> keys = {{0x02, 'a', 0x00}, {0x02, 'b', 0x00}};
  enqueue(std::string_view(reinterpret_cast<const char*>(payload.data()), payload.size()), now(),
          {}, keys);
  Versionstamp before = backend_->current_version();
  DequeuedMessage m = take_one(now() + 5000);
  QueueSettlement s = backend_->finish_message(m.lease, DeliveryOutcome::kFailure, now());
  EXPECT_EQ(s.requeued, 0);
  EXPECT_EQ(s.given_up, 1);
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

TEST_P(QueueConformance, DepthCountsWaitingAndRunningMessages) {
  if (!backend_->queue_depth()) GTEST_SKIP() << "this backend keeps no queue of its own";
  const int64_t t = now();
  enqueue("ready", t);
  enqueue("delayed", t + 60000);
  auto depth = backend_->queue_depth();
  EXPECT_EQ(depth->waiting, 2);
  EXPECT_EQ(depth->running, 0);
  DequeuedMessage m = take_one(t + 5000);
  depth = backend_->queue_depth();
  EXPECT_EQ(depth->waiting, 1);
  EXPECT_EQ(depth->running, 1);
  backend_->finish_message(m.lease, DeliveryOutcome::kSuccess, now());
  depth = backend_->queue_depth();
  EXPECT_EQ(depth->waiting, 1);
  EXPECT_EQ(depth->running, 0);
}

TEST_P(QueueConformance, ExtendedDeadlinesProtectFromRecovery) {
  const int64_t t = now();
  enqueue("m", t, {100});
  DequeuedMessage m = take_one(t + 5000);
  backend_->extend_deadlines({m.lease}, t + 20000);
  EXPECT_EQ(backend_->requeue_overdue(t + 10000).requeued, 0);

  // The old lease no longer names the row; the new one does.
  EXPECT_EQ(backend_->finish_message(m.lease, DeliveryOutcome::kFailure, now()).requeued, 0);
  EXPECT_EQ(backend_->next_queue_ts(), std::nullopt);
  RunningLease extended{m.lease.id, t + 20000};
  const int64_t failed_at = now();
  EXPECT_EQ(backend_->finish_message(extended, DeliveryOutcome::kFailure, failed_at).requeued, 1);
  expect_stamped(backend_->next_queue_ts(), failed_at + 100);
}

TEST_P(QueueConformance, RecoveryTreatsOverdueMessagesAsFailures) {
  const int64_t t = now();
  const Bytes dead_key = {0x02, 'd', 0x00};
  enqueue("retry", t - 2, {300});
  enqueue("dead", t - 1, {}, {dead_key});
  enqueue("fresh", t, {300});
  auto first_two = backend_->dequeue_ready(now(), t + 1000, 2);
  EXPECT_EQ(payloads(first_two), (std::vector<std::string>{"retry", "dead"}));
  take_one(t + 60000);

  std::optional<QueueSettlement> s = recover(t + 1000);
  if (s) {
    EXPECT_EQ(s->requeued, 1);
    EXPECT_EQ(s->given_up, 1);
    EXPECT_EQ(s->dead_letter_keys, std::vector<Bytes>{dead_key});
  }
  EXPECT_TRUE(get(dead_key).has_value());
  expect_stamped(backend_->next_queue_ts(), t + 1000 + 300);
  // A second pass finds nothing more; the fresh message keeps running.
  if (caller_clock()) {
    QueueSettlement again = backend_->requeue_overdue(t + 1000);
    EXPECT_EQ(again.requeued, 0);
    EXPECT_TRUE(again.dead_letter_keys.empty());
  }
  advance(300 + (caller_clock() ? 0 : kServerSlackMs));
  EXPECT_EQ(payloads(backend_->dequeue_ready(now(), now() + 5000, 10)),
            std::vector<std::string>{"retry"});
}

TEST_P(QueueConformance, UnknownLeaseIsIgnored) {
  QueueSettlement s =
      backend_->finish_message(RunningLease{"no-such-id", now()}, DeliveryOutcome::kFailure, now());
  EXPECT_EQ(s.requeued, 0);
  EXPECT_TRUE(s.dead_letter_keys.empty());
  backend_->extend_deadlines({RunningLease{"no-such-id", now()}}, now() + 1);
}

INSTANTIATE_TEST_SUITE_P(Backends, QueueConformance, ::testing::ValuesIn(backend_factories()),
                         [](const ::testing::TestParamInfo<BackendFactory>& info) {
                           return info.param.name;
                         });

}  // namespace
}  // namespace openkv::storage
