// Copyright (c) OpenKV authors.
//
// Queue delivery through the public API (spec 02 §9): Database::enqueue,
// atomic().enqueue and Database::listen_queue on real SQLite files, with the
// real timings (backoff, 5 s deadlines, 2 s keep-alive).
#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <functional>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>

#include "engine/database_access.h"
#include "codec/key_codec.h"
#include "engine/engine.h"
#include "openkv/openkv.h"
#include "support/temp_dir.h"

namespace openkv {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

int64_t ms_since(Clock::time_point start) {
  return std::chrono::duration_cast<milliseconds>(Clock::now() - start).count();
}

// Runs Database::listen_queue on its own thread; joins it (so the database
// must be closed first) when destroyed.
class Listener {
 public:
  Listener(Database& db, QueueHandler handler, int concurrency = 1)
      : thread_([&db, handler = std::move(handler), concurrency] {
          db.listen_queue(handler, QueueListenOptions{concurrency});
        }) {}
  ~Listener() { join(); }
  void join() {
    if (thread_.joinable()) thread_.join();
  }

 private:
  std::thread thread_;
};

// Records deliveries and lets a test wait for a number of them.
class Deliveries {
 public:
  void add(const Value& v) {
    std::lock_guard lock(mu_);
    values_.push_back(v);
    times_.push_back(Clock::now());
    cv_.notify_all();
  }
  bool wait_for_count(size_t n, milliseconds timeout) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, timeout, [&] { return values_.size() >= n; });
  }
  size_t count() {
    std::lock_guard lock(mu_);
    return values_.size();
  }
  std::vector<Value> values() {
    std::lock_guard lock(mu_);
    return values_;
  }
  std::vector<Clock::time_point> times() {
    std::lock_guard lock(mu_);
    return times_;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<Value> values_;
  std::vector<Clock::time_point> times_;
};

// Counts rows of the queue tables with a connection of our own.
int64_t count_rows(const std::string& path, const char* table) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  std::string sql = std::string("SELECT count(*) FROM ") + table;
  sqlite3_stmt* s = nullptr;
  EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr), SQLITE_OK);
  EXPECT_EQ(sqlite3_step(s), SQLITE_ROW);
  int64_t n = sqlite3_column_int64(s, 0);
  sqlite3_finalize(s);
  sqlite3_close(db);
  return n;
}

// The earliest running deadline (Unix ms), or -1.
int64_t min_running_deadline(const std::string& path) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  sqlite3_stmt* s = nullptr;
  EXPECT_EQ(sqlite3_prepare_v2(db, "SELECT ifnull(min(deadline), -1) FROM queue_running", -1, &s,
                               nullptr),
            SQLITE_OK);
  EXPECT_EQ(sqlite3_step(s), SQLITE_ROW);
  int64_t deadline = sqlite3_column_int64(s, 0);
  sqlite3_finalize(s);
  sqlite3_close(db);
  return deadline;
}

class QueueTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = dir_.file("queue.sqlite");
    db_ = Database::open(path_);
  }

  testing::TempDir dir_;
  std::string path_;
  std::unique_ptr<Database> db_;
};

TEST_F(QueueTest, DeliversAnEnqueuedMessage) {
  Deliveries got;
  auto start = Clock::now();
  Listener listener(*db_, [&](const Value& v) { got.add(v); });
  CommitResult r = db_->enqueue(Value::make_object({{"hello", "world"}}));
  EXPECT_TRUE(r.ok);
  ASSERT_TRUE(got.wait_for_count(1, milliseconds(2000)));
  EXPECT_LT(ms_since(start), 500);  // woken by the commit, not by a poll
  EXPECT_EQ(got.values()[0], Value::make_object({{"hello", "world"}}));
  db_->close();
  listener.join();
  EXPECT_EQ(count_rows(path_, "queue"), 0);
  EXPECT_EQ(count_rows(path_, "queue_running"), 0);
}

// A KV Connect server's engine: its consumers are remote (they call the raw
// queue operations), so no listener runs here, yet a message whose consumer
// vanished must come back.
TEST_F(QueueTest, StartedRecoveryRunsWithoutAListener) {
  ASSERT_TRUE(db_->enqueue("lost").ok);
  engine::Engine& engine = engine::engine_of(*db_);
  ASSERT_EQ(engine.dequeue_ready(engine::now_ms() + 100, 10).size(), 1u);
  EXPECT_EQ(engine.next_queue_ts(), std::nullopt);
  std::this_thread::sleep_for(milliseconds(200));  // the lease runs out
  engine.start_queue_recovery();                   // recovers at once
  auto start = Clock::now();
  while (!engine.next_queue_ts() && ms_since(start) < 3000) {
    std::this_thread::sleep_for(milliseconds(20));
  }
  EXPECT_TRUE(engine.next_queue_ts().has_value());
}

TEST_F(QueueTest, ListenOnClosedDatabaseThrows) {
  db_->close();
  try {
    db_->listen_queue([](const Value&) {});
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kClosed);
    EXPECT_STREQ(e.what(), "Queue already closed");
  }
}

// Deno's test "queue retries": exactly 4 attempts within 10 s with the
// default schedule, 100 ms / 1 s / 5 s apart (the fifth comes 30 s later).
TEST_F(QueueTest, DefaultScheduleRetriesWithItsGaps) {
  Deliveries got;
  Listener listener(*db_, [&](const Value& v) {
    got.add(v);
    throw std::runtime_error("fail on purpose");
  });
  db_->enqueue("retry me");
  ASSERT_TRUE(got.wait_for_count(4, milliseconds(8000)));
  std::this_thread::sleep_for(milliseconds(1500));
  EXPECT_EQ(got.count(), 4u);
  auto t = got.times();
  const int64_t expected_gaps[] = {100, 1000, 5000};
  for (int i = 0; i < 3; ++i) {
    int64_t gap = std::chrono::duration_cast<milliseconds>(t[i + 1] - t[i]).count();
    EXPECT_GE(gap, expected_gaps[i] - 5) << "gap " << i;
    EXPECT_LE(gap, expected_gaps[i] + 400) << "gap " << i;
  }
  db_->close();
}

// backoffSchedule [1]: two attempts, then the payload lands in every
// keys_if_undelivered key under one versionstamp, and their watchers hear it.
TEST_F(QueueTest, DeadLetterAfterShortScheduleNotifiesWatchers) {
  std::atomic<int> attempts{0};
  Listener listener(*db_, [&](const Value&) {
    ++attempts;
    throw std::runtime_error("fail on purpose");
  });
  std::vector<Key> keys = {{"dead", "a"}, {"dead", "b"}};
  std::mutex mu;
  std::condition_variable cv;
  std::vector<engine::WatchSnapshot> seen;
  auto watch = engine::engine_of(*db_).watch({codec::encode_key(keys[0]), codec::encode_key(keys[1])},
                                   [&](const engine::WatchSnapshot& s) {
                                     std::lock_guard lock(mu);
                                     seen.push_back(s);
                                     cv.notify_all();
                                   });

  EnqueueOptions options;
  options.backoff_schedule = std::vector<int64_t>{1};
  options.keys_if_undelivered = keys;
  db_->enqueue(Value::make_array({1, "x"}), options);

  {
    std::unique_lock lock(mu);
    ASSERT_TRUE(cv.wait_for(lock, milliseconds(3000), [&] {
      return !seen.empty() && seen.back()[0].has_value() && seen.back()[1].has_value();
    }));
    EXPECT_EQ(seen.back()[0]->versionstamp, seen.back()[1]->versionstamp);
  }
  EXPECT_EQ(attempts.load(), 2);
  for (const Key& k : keys) {
    EntryMaybe e = db_->get(k);
    ASSERT_TRUE(e.exists());
    EXPECT_EQ(*e.value, Value::make_array({1, "x"}));
  }
  std::this_thread::sleep_for(milliseconds(200));
  EXPECT_EQ(attempts.load(), 2);
  watch->cancel();
  db_->close();
}

TEST_F(QueueTest, DelayedMessageWaitsForItsTime) {
  Deliveries got;
  Listener listener(*db_, [&](const Value& v) { got.add(v); });
  auto start = Clock::now();
  EnqueueOptions options;
  options.delay = milliseconds(700);
  db_->enqueue("later", options);
  db_->enqueue("now");
  ASSERT_TRUE(got.wait_for_count(2, milliseconds(3000)));
  auto t = got.times();
  EXPECT_EQ(got.values()[0].as_string(), "now");
  EXPECT_EQ(got.values()[1].as_string(), "later");
  int64_t later_at = std::chrono::duration_cast<milliseconds>(t[1] - start).count();
  EXPECT_GE(later_at, 695);
  EXPECT_LE(later_at, 1100);
  db_->close();
}

// Deno's test "queue persistence with delay messages".
TEST_F(QueueTest, DelayedMessageSurvivesCloseAndReopen) {
  EnqueueOptions options;
  options.delay = milliseconds(600);
  auto start = Clock::now();
  db_->enqueue("persisted", options);
  db_->close();
  db_ = Database::open(path_);
  Deliveries got;
  Listener listener(*db_, [&](const Value& v) { got.add(v); });
  ASSERT_TRUE(got.wait_for_count(1, milliseconds(3000)));
  EXPECT_GE(ms_since(start), 595);
  EXPECT_EQ(got.values()[0].as_string(), "persisted");
  db_->close();
}

TEST_F(QueueTest, SeveralListenersShareTheMessages) {
  Deliveries first;
  Deliveries second;
  auto slow = [](Deliveries& d) {
    return [&d](const Value& v) {
      std::this_thread::sleep_for(milliseconds(20));
      d.add(v);
    };
  };
  Listener a(*db_, slow(first));
  Listener b(*db_, slow(second));
  AtomicOperation op = db_->atomic();
  for (int i = 0; i < 20; ++i) op.enqueue(i);
  ASSERT_TRUE(op.commit().ok);
  auto deadline = Clock::now() + milliseconds(5000);
  while (first.count() + second.count() < 20 && Clock::now() < deadline) {
    std::this_thread::sleep_for(milliseconds(10));
  }
  db_->close();
  a.join();
  b.join();
  EXPECT_EQ(first.count() + second.count(), 20u);
  EXPECT_GT(first.count(), 0u);
  EXPECT_GT(second.count(), 0u);
  std::vector<double> all;
  for (auto* d : {&first, &second}) {
    for (const Value& v : d->values()) all.push_back(v.as_number());
  }
  std::sort(all.begin(), all.end());
  for (int i = 0; i < 20; ++i) EXPECT_EQ(all[i], i);
}

// A listener with max_messages returns after that many; the rest stay queued.
TEST_F(QueueTest, ListenerWithMaxMessagesReturnsAfterThem) {
  AtomicOperation op = db_->atomic();
  for (int i = 0; i < 3; ++i) op.enqueue(i);
  ASSERT_TRUE(op.commit().ok);
  std::atomic<int> handled{0};
  QueueListenOptions options;
  options.concurrency = 2;
  options.max_messages = 2;
  db_->listen_queue([&](const Value&) { ++handled; }, options);
  EXPECT_EQ(handled.load(), 2);
  EXPECT_EQ(count_rows(path_, "queue"), 1);
  EXPECT_EQ(count_rows(path_, "queue_running"), 0);
  db_->close();
}

// A handler longer than the 5 s deadline: keep-alive pushes the deadline
// forward, so the recovery of another database on the same file (which runs
// when it starts listening) finds nothing to steal (reference defect D3).
TEST_F(QueueTest, LongHandlerIsNotRedeliveredThanksToKeepAlive) {
  std::atomic<int> deliveries{0};
  std::atomic<bool> started{false};
  Listener listener(*db_, [&](const Value&) {
    ++deliveries;
    started = true;
    std::this_thread::sleep_for(milliseconds(8000));
  });
  db_->enqueue("slow");
  while (!started) std::this_thread::sleep_for(milliseconds(5));
  auto start = Clock::now();
  std::this_thread::sleep_for(milliseconds(6500));
  EXPECT_GT(min_running_deadline(path_), engine::now_ms());
  auto other = Database::open(path_);
  Listener other_listener(*other, [&](const Value&) { ++deliveries; });
  std::this_thread::sleep_for(milliseconds(8000 - ms_since(start) + 300));
  EXPECT_EQ(deliveries.load(), 1);
  other->close();
  db_->close();
  EXPECT_EQ(count_rows(path_, "queue") + count_rows(path_, "queue_running"), 0);
}

// close() waits for the handler that is running and records its outcome.
TEST_F(QueueTest, CloseLetsRunningHandlersFinishAndRecordsThem) {
  std::atomic<bool> started{false};
  std::atomic<bool> finished{false};
  Listener listener(
      *db_,
      [&](const Value& v) {
        started = true;
        std::this_thread::sleep_for(milliseconds(400));
        finished = true;
        if (v.as_string() == "fails") throw std::runtime_error("fail on purpose");
      },
      2);
  AtomicOperation op = db_->atomic();
  op.enqueue("succeeds").enqueue("fails");
  ASSERT_TRUE(op.commit().ok);
  while (!started) std::this_thread::sleep_for(milliseconds(5));
  db_->close();
  EXPECT_TRUE(finished.load());
  listener.join();  // listen_queue returned
  // The success is gone; the failure was requeued for its retry.
  EXPECT_EQ(count_rows(path_, "queue_running"), 0);
  EXPECT_EQ(count_rows(path_, "queue"), 1);
}

// The process dies in the middle of a handler: the message stays running,
// and once its deadline passes the next process to listen recovers it.
TEST_F(QueueTest, MessageOfAKilledProcessIsRedelivered) {
  db_->enqueue("survivor");
  db_->close();
  std::string marker = dir_.file("handler-started");
  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    auto db = Database::open(path_);
    db->listen_queue([&](const Value&) {
      std::FILE* f = std::fopen(marker.c_str(), "w");
      if (f) std::fclose(f);
      for (;;) pause();
    });
    _exit(0);
  }
  auto deadline = Clock::now() + milliseconds(5000);
  while (!std::filesystem::exists(marker) && Clock::now() < deadline) {
    std::this_thread::sleep_for(milliseconds(5));
  }
  ASSERT_TRUE(std::filesystem::exists(marker));
  kill(child, SIGKILL);
  int status = 0;
  waitpid(child, &status, 0);
  EXPECT_EQ(count_rows(path_, "queue_running"), 1);
  int64_t running_deadline = min_running_deadline(path_);
  int64_t wait_ms = running_deadline - engine::now_ms() + 50;
  EXPECT_LE(wait_ms, 5100);
  if (wait_ms > 0) std::this_thread::sleep_for(milliseconds(wait_ms));

  db_ = Database::open(path_);
  Deliveries got;
  Listener listener(*db_, [&](const Value& v) { got.add(v); });
  ASSERT_TRUE(got.wait_for_count(1, milliseconds(2000)));
  EXPECT_EQ(got.values()[0].as_string(), "survivor");
  db_->close();
}

// At most 100 messages in flight per database, however many workers wait.
TEST_F(QueueTest, AtMostOneHundredMessagesInFlight) {
  std::mutex mu;
  std::condition_variable cv;
  int running = 0;
  int max_running = 0;
  int handled = 0;
  auto handler = [&](const Value&) {
    std::unique_lock lock(mu);
    ++running;
    max_running = std::max(max_running, running);
    cv.notify_all();
    // Hold every handler until 100 run at once (or a while has passed).
    cv.wait_for(lock, milliseconds(1500), [&] { return max_running >= 100; });
    --running;
    ++handled;
    cv.notify_all();
  };
  Listener a(*db_, handler, 60);
  Listener b(*db_, handler, 60);
  AtomicOperation op = db_->atomic();
  for (int i = 0; i < 150; ++i) op.enqueue(i);
  ASSERT_TRUE(op.commit().ok);
  {
    std::unique_lock lock(mu);
    ASSERT_TRUE(cv.wait_for(lock, milliseconds(10000), [&] { return handled == 150; }));
    EXPECT_EQ(max_running, 100);
  }
  db_->close();
}

}  // namespace
}  // namespace openkv
