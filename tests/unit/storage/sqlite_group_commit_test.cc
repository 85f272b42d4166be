// Copyright (c) OpenKV authors.
//
// Group commit (spec 02 §5.5) and sharing a file between handles (spec 03
// §8.3): every write keeps its own savepoint, check pass and versionstamp,
// and one failing write does not affect its neighbours.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <future>
#include <map>
#include <set>
#include <thread>
#include <vector>

#include "openkv/errors.h"
#include "storage/sqlite/sqlite_backend.h"
#include "unit/storage/sqlite_test_util.h"

namespace openkv::storage::sqlite {
namespace {

using openkv::testing::TempDir;

using namespace std::string_view_literals;

constexpr int64_t kNow = 1'700'000'000'000;

core::Bytes b(std::string_view s) { return core::Bytes(s.begin(), s.end()); }

core::AtomicWrite set_write(std::string_view key, core::RawValue v) {
  core::AtomicWrite w;
  core::Mutation m;
  m.key = b(key);
  m.value = std::move(v);
  w.mutations.push_back(m);
  return w;
}

core::RawValue le64(uint64_t n) {
  core::Bytes out(8);
  for (int i = 0; i < 8; ++i) out[i] = static_cast<uint8_t>(n >> (8 * i));
  return {out, core::Encoding::kLe64};
}

struct Outcome {
  core::CommitResult result;
  std::exception_ptr error;
};

// Collects one asynchronous commit's outcome.
class Pending {
 public:
  CommitCallback callback() {
    return [this](core::CommitResult r, std::exception_ptr e) {
      promise_.set_value(Outcome{std::move(r), e});
    };
  }
  Outcome get() { return future_.get(); }

 private:
  std::promise<Outcome> promise_;
  std::future<Outcome> future_ = promise_.get_future();
};

TEST(SqliteGroupCommit, FailingWritesInAGroupDoNotAffectNeighbours) {
  TempDir dir;
  SqliteBackend::Options o;
  o.path = dir.file("kv.sqlite3");
  SqliteBackend backend(o);
  commit_and_wait(backend, set_write("s", {b("\xff\x0f\x22\x01x"), core::Encoding::kV8}), kNow);

  // Hold the thread that leads submitted writes inside a callback so the
  // next writes queue up and are taken as one group.
  std::promise<void> entered;
  std::promise<void> release;
  backend.atomic_write(set_write("gate", le64(0)), kNow,
                       [&](core::CommitResult, std::exception_ptr) {
                         entered.set_value();
                         release.get_future().wait();
                       });
  entered.get_future().wait();
  CommitWriter::Stats before = *backend.writer_stats();

  Pending a, bad_sum, bad_check, d;
  backend.atomic_write(set_write("a", le64(1)), kNow, a.callback());
  core::AtomicWrite sum = set_write("x", le64(1));  // set x, then sum on a string
  core::Mutation m;
  m.key = b("s");
  m.type = core::MutationType::kSum;
  m.value = le64(1);
  sum.mutations.push_back(m);
  backend.atomic_write(sum, kNow, bad_sum.callback());
  core::AtomicWrite check = set_write("y", le64(1));
  check.checks.push_back(core::Check{b("a"), std::nullopt});  // a exists by then
  check.checks.push_back(core::Check{b("missing"), std::nullopt});
  check.checks.push_back(core::Check{b("s"), Versionstamp()});
  backend.atomic_write(check, kNow, bad_check.callback());
  backend.atomic_write(set_write("d", le64(4)), kNow, d.callback());
  release.set_value();

  Outcome ra = a.get();
  Outcome rsum = bad_sum.get();
  Outcome rcheck = bad_check.get();
  Outcome rd = d.get();
  ASSERT_FALSE(ra.error);
  ASSERT_TRUE(ra.result.ok);
  ASSERT_TRUE(rsum.error);
  try {
    std::rethrow_exception(rsum.error);
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kTypeMismatch);
  }
  ASSERT_FALSE(rcheck.error);
  EXPECT_FALSE(rcheck.result.ok);
  EXPECT_EQ(rcheck.result.failed_checks, (std::vector<uint32_t>{0, 2}));
  ASSERT_FALSE(rd.error);
  ASSERT_TRUE(rd.result.ok);
  // Only a and d bumped the version.
  EXPECT_GE(rd.result.versionstamp.version() - ra.result.versionstamp.version(), 1u);
  EXPECT_LE(rd.result.versionstamp.version() - ra.result.versionstamp.version(), 9u);
  EXPECT_EQ(backend.current_version(), rd.result.versionstamp);

  auto r = backend.snapshot_read({core::ReadRange{b("a"), b("z"), 10, false}}, kNow);
  std::vector<std::string> keys;
  for (auto& e : r.ranges[0]) keys.emplace_back(e.key.begin(), e.key.end());
  EXPECT_EQ(keys, (std::vector<std::string>{"a", "d", "gate", "s"}));

  backend.close();
  CommitWriter::Stats after = *backend.writer_stats();
  // The gate's group was counted before its callback ran; the four writes
  // queued behind it made exactly one more group.
  EXPECT_EQ(after.jobs - before.jobs, 4u);
  EXPECT_EQ(after.transactions - before.transactions, 1u);
  EXPECT_GE(after.largest_group, 4u);
  // The metrics' histograms saw that group: one more transaction of 4 jobs
  // (bucket "<= 4"), with a COMMIT time.
  EXPECT_EQ(after.group_sizes.count() - before.group_sizes.count(), 1u);
  EXPECT_EQ(after.group_sizes.counts()[2] - before.group_sizes.counts()[2], 1u);
  EXPECT_EQ(after.commit_seconds.count(), after.transactions);
  EXPECT_GT(after.commit_seconds.sum(), before.commit_seconds.sum());
}

TEST(SqliteGroupCommit, ConcurrentWritersEachGetTheirOwnIncreasingVersionstamp) {
  TempDir dir;
  SqliteBackend::Options o;
  o.path = dir.file("kv.sqlite3");
  SqliteBackend backend(o);
  constexpr int kThreads = 16;
  constexpr int kCommits = 25;
  std::vector<std::vector<Versionstamp>> stamps(kThreads);
  auto start = std::chrono::steady_clock::now();
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kCommits; ++i) {
        auto r = commit_and_wait(
            backend, set_write("t" + std::to_string(t), le64(static_cast<uint64_t>(i))), kNow);
        EXPECT_TRUE(r.ok);
        stamps[t].push_back(r.versionstamp);
      }
    });
  }
  for (auto& th : threads) th.join();
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  std::set<Versionstamp> all;
  for (const auto& mine : stamps) {
    for (size_t i = 0; i < mine.size(); ++i) {
      EXPECT_TRUE(all.insert(mine[i]).second);
      if (i > 0) {
        EXPECT_GT(mine[i], mine[i - 1]);
      }
    }
  }
  EXPECT_EQ(all.size(), size_t{kThreads * kCommits});
  EXPECT_EQ(backend.current_version(), *all.rbegin());

  CommitWriter::Stats s = *backend.writer_stats();
  std::printf(
      "[ group commit ] %d commits from %d threads in %.3f s: %llu "
      "transactions, %.1f commits per transaction\n",
      kThreads * kCommits, kThreads, seconds, static_cast<unsigned long long>(s.transactions),
      static_cast<double>(s.jobs) / static_cast<double>(s.transactions));
  EXPECT_LT(s.transactions, s.jobs);  // commits were grouped
}

// A job that records the thread it was applied on.
class ThreadJob : public WriteJob {
 public:
  bool apply(Connection& c) override {
    c.run("CREATE TABLE IF NOT EXISTS t (x)");
    applied_on = std::this_thread::get_id();
    return true;
  }
  void finish(std::exception_ptr e) override { error = e; }
  std::thread::id applied_on;
  std::exception_ptr error;
};

TEST(SqliteGroupCommit, LoneBlockingWriterCommitsOnItsOwnThread) {
  TempDir dir;
  std::vector<std::unique_ptr<Connection>> connections;
  connections.push_back(
      std::make_unique<Connection>(dir.file("kv.sqlite3"), Connection::Mode::kReadWrite));
  std::unique_ptr<CommitWriter> writer_ptr = make_commit_writer(std::make_shared<ConnectionPool>(std::move(connections)));
  CommitWriter& writer = *writer_ptr;
  for (int i = 0; i < 3; ++i) {
    ThreadJob job;
    writer.run(job);
    EXPECT_FALSE(job.error);
    EXPECT_EQ(job.applied_on, std::this_thread::get_id());
  }
  EXPECT_EQ(writer.stats().transactions, 3u);
  EXPECT_EQ(writer.stats().largest_group, 1u);
}

// Many blocking writers at once: they are taken in groups (fewer
// transactions than commits), and every commit still counts exactly once
// with its own versionstamp.
TEST(SqliteGroupCommit, ManyConcurrentWritersAreGroupedAndExact) {
  TempDir dir;
  SqliteBackend::Options o;
  o.path = dir.file("kv.sqlite3");
  SqliteBackend backend(o);
  constexpr int kThreads = 64;
  constexpr int kCommits = 10;
  std::vector<std::vector<Versionstamp>> stamps(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kCommits; ++i) {
        core::AtomicWrite w = set_write("t" + std::to_string(t), le64(static_cast<uint64_t>(i)));
        core::Mutation m;
        m.key = b("counter");
        m.type = core::MutationType::kSum;
        m.value = le64(1);
        w.mutations.push_back(m);
        core::CommitResult r = backend.commit(w, kNow);
        EXPECT_TRUE(r.ok);
        stamps[t].push_back(r.versionstamp);
      }
    });
  }
  for (auto& th : threads) th.join();

  std::set<Versionstamp> all;
  for (const auto& mine : stamps) all.insert(mine.begin(), mine.end());
  EXPECT_EQ(all.size(), size_t{kThreads * kCommits});
  EXPECT_EQ(backend.current_version(), *all.rbegin());
  auto r = backend.snapshot_read({core::ReadRange{b("counter"), b("counter\x00"sv), 1, false},
                                  core::ReadRange{b("t"), b("u"), 1000, false}},
                                 kNow);
  ASSERT_EQ(r.ranges[0].size(), 1u);
  EXPECT_EQ(r.ranges[0][0].value, le64(kThreads * kCommits));
  ASSERT_EQ(r.ranges[1].size(), size_t{kThreads});
  for (const auto& e : r.ranges[1]) EXPECT_EQ(e.value, le64(kCommits - 1));

  CommitWriter::Stats s = *backend.writer_stats();
  std::printf(
      "[ group commit ] %d blocking commits from %d threads: %llu transactions, "
      "largest group %llu\n",
      kThreads * kCommits, kThreads, static_cast<unsigned long long>(s.transactions),
      static_cast<unsigned long long>(s.largest_group));
  EXPECT_EQ(s.jobs, uint64_t{kThreads * kCommits});
  EXPECT_LT(s.transactions, s.jobs);
  EXPECT_GT(s.largest_group, 1u);
}

// Two handles on one file behave like two processes: each bumps the version
// inside its own write transaction, busy waits never surface as errors.
TEST(SqliteGroupCommit, TwoHandlesShareOneFile) {
  TempDir dir;
  SqliteBackend::Options o;
  o.path = dir.file("kv.sqlite3");
  SqliteBackend first(o);
  SqliteBackend second(o);
  constexpr int kCommits = 100;
  std::vector<Versionstamp> va, vb;
  std::thread ta([&] {
    for (int i = 0; i < kCommits; ++i) {
      core::AtomicWrite w;
      core::Mutation m;
      m.key = b("n");
      m.type = core::MutationType::kSum;
      m.value = le64(1);
      w.mutations.push_back(m);
      va.push_back(commit_and_wait(first, w, kNow).versionstamp);
    }
  });
  std::thread tb([&] {
    for (int i = 0; i < kCommits; ++i) {
      core::AtomicWrite w;
      core::Mutation m;
      m.key = b("n");
      m.type = core::MutationType::kSum;
      m.value = le64(1);
      w.mutations.push_back(m);
      vb.push_back(commit_and_wait(second, w, kNow).versionstamp);
    }
  });
  ta.join();
  tb.join();
  std::set<Versionstamp> all(va.begin(), va.end());
  all.insert(vb.begin(), vb.end());
  EXPECT_EQ(all.size(), size_t{2 * kCommits});
  auto r = first.snapshot_read({core::ReadRange{b("n"), b("n\x00"sv), 1, false}}, kNow);
  ASSERT_EQ(r.ranges[0].size(), 1u);
  EXPECT_EQ(r.ranges[0][0].value, le64(2 * kCommits));
  EXPECT_EQ(first.current_version(), second.current_version());
  EXPECT_EQ(first.current_version(), *all.rbegin());
}

}  // namespace
}  // namespace openkv::storage::sqlite
