// Copyright (c) OpenKV authors.
//
// Many threads committing at once on one Database: commits are grouped into
// shared SQLite transactions, yet every outcome must be what it would have
// been alone.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "openkv/openkv.h"
#include "support/temp_dir.h"

namespace openkv {
namespace {

TEST(ConcurrencyTest, ConcurrentSumsGiveExactTotals) {
  testing::TempDir dir;
  auto db = Database::open(dir.file("db.sqlite"));
  constexpr int kThreads = 8;
  constexpr int kPerThread = 200;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kPerThread; ++i) db->atomic().sum({"counter"}, 1).commit();
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(db->get({"counter"}).value->as_u64().value, uint64_t{kThreads * kPerThread});
}

TEST(ConcurrencyTest, ExactlyOneOfRacingCheckAndSetsWins) {
  testing::TempDir dir;
  auto db = Database::open(dir.file("db.sqlite"));
  for (int round = 0; round < 20; ++round) {
    EntryMaybe seen = db->get({"slot"});
    constexpr int kRacers = 8;
    std::atomic<int> winners{0};
    std::atomic<bool> go{false};
    std::vector<std::thread> racers;
    for (int r = 0; r < kRacers; ++r) {
      racers.emplace_back([&, r] {
        while (!go.load()) std::this_thread::yield();
        if (db->atomic().check(seen).set({"slot"}, r).commit().ok) ++winners;
      });
    }
    go = true;
    for (auto& t : racers) t.join();
    EXPECT_EQ(winners.load(), 1) << "round " << round;
  }
}

TEST(ConcurrencyTest, CheckAndSetIncrementLoopIsExact) {
  testing::TempDir dir;
  auto db = Database::open(dir.file("db.sqlite"));
  db->set({"n"}, 0);
  constexpr int kThreads = 6;
  constexpr int kIncrements = 50;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kIncrements;) {
        EntryMaybe e = db->get({"n"});
        if (db->atomic().check(e).set({"n"}, e.value->as_number() + 1).commit().ok) ++i;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(db->get({"n"}).value->as_number(), kThreads * kIncrements);
}

TEST(ConcurrencyTest, ReadersRunBesideWriters) {
  testing::TempDir dir;
  auto db = Database::open(dir.file("db.sqlite"));
  std::atomic<bool> stop{false};
  std::thread writer([&] {
    for (int i = 0; i < 300; ++i) db->set({"w", i}, i);
    stop = true;
  });
  int reads = 0;
  while (!stop.load()) {
    // A list is one consistent batch: keys come in order with no gaps.
    auto it = db->list(ListSelector::with_prefix({"w"}), {.batch_size = 1000});
    int expected = 0;
    while (auto e = it.next()) EXPECT_EQ(e->value.as_number(), expected++);
    ++reads;
  }
  writer.join();
  EXPECT_GT(reads, 0);
}

}  // namespace
}  // namespace openkv
