// Copyright (c) OpenKV authors.
//
// The Backend contract (src/storage/backend.h, spec 02 §1, §3, §5, §7, §8),
// checked identically against every storage backend. To cover a new backend,
// add a factory to backend_factories(); every test then runs against it.
// The remote backend runs against an in-process KV Connect server (HTTP/2 on
// a free 127.0.0.1 port) over a SQLite file (served_remote.h).
#include <gtest/gtest.h>
#include <stdlib.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "conformance/backend_factories.h"
#include "openkv/errors.h"
#include "storage/backend.h"
#include "storage/sqlite/sqlite_backend.h"

namespace openkv::storage {
namespace {

using core::AtomicWrite;
using core::Bytes;
using core::Check;
using core::CommitResult;
using core::Encoding;
using core::Mutation;
using core::MutationType;
using core::RawEntry;
using core::RawValue;
using core::ReadRange;
using testing::backend_factories;
using testing::BackendFactory;

using namespace std::string_view_literals;

constexpr int64_t kNow = 1'700'000'000'000;

Bytes b(std::string_view s) { return Bytes(s.begin(), s.end()); }

Bytes plus_zero(Bytes k) {
  k.push_back(0x00);
  return k;
}

RawValue bytes_value(std::string_view s) { return RawValue{b(s), Encoding::kBytes}; }

RawValue le64(uint64_t n) {
  Bytes out(8);
  for (int i = 0; i < 8; ++i) out[i] = static_cast<uint8_t>(n >> (8 * i));
  return RawValue{out, Encoding::kLe64};
}

Mutation set_m(Bytes key, RawValue v, std::optional<int64_t> expire_at = {}) {
  Mutation m;
  m.key = std::move(key);
  m.type = MutationType::kSet;
  m.value = std::move(v);
  m.expire_at_ms = expire_at;
  return m;
}

Mutation delete_m(Bytes key) {
  Mutation m;
  m.key = std::move(key);
  m.type = MutationType::kDelete;
  return m;
}

Mutation numeric_m(MutationType type, Bytes key, uint64_t n) {
  Mutation m;
  m.key = std::move(key);
  m.type = type;
  m.value = le64(n);
  return m;
}

class BackendConformance : public ::testing::TestWithParam<BackendFactory> {
 protected:
  void SetUp() override {
    if (std::string why = GetParam().unavailable(); !why.empty()) GTEST_SKIP() << why;
    std::string tmpl = (std::filesystem::temp_directory_path() / "openkv-conf-XXXXXX").string();
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
    backend_ = GetParam().make(dir_);
  }

  void TearDown() override {
    backend_.reset();
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }

  CommitResult commit(AtomicWrite w, int64_t now = kNow) {
    return commit_and_wait(*backend_, std::move(w), now);
  }

  CommitResult put(const Bytes& key, RawValue v, std::optional<int64_t> expire_at = {}) {
    AtomicWrite w;
    w.mutations.push_back(set_m(key, std::move(v), expire_at));
    return commit(std::move(w));
  }

  std::vector<RawEntry> range(Bytes start, Bytes end, int32_t limit = 1000, bool reverse = false,
                              int64_t now = kNow) {
    auto r = backend_->snapshot_read({ReadRange{start, end, limit, reverse}}, now);
    EXPECT_EQ(r.ranges.size(), 1u);
    return r.ranges.empty() ? std::vector<RawEntry>{} : r.ranges[0];
  }

  std::optional<RawEntry> get(const Bytes& key, int64_t now = kNow) {
    auto entries = range(key, plus_zero(key), 1, false, now);
    if (entries.empty()) return std::nullopt;
    return entries[0];
  }

  static std::vector<std::string> keys_of(const std::vector<RawEntry>& entries) {
    std::vector<std::string> out;
    for (const auto& e : entries) out.emplace_back(e.key.begin(), e.key.end());
    return out;
  }

  std::string dir_;
  std::unique_ptr<Backend> backend_;
};

using Keys = std::vector<std::string>;

// ---- reads ------------------------------------------------------------------

TEST_P(BackendConformance, EmptyDatabaseReadsNothing) {
  auto r = backend_->snapshot_read({ReadRange{Bytes{}, Bytes{0xff}, 10, false}}, kNow);
  ASSERT_EQ(r.ranges.size(), 1u);
  EXPECT_TRUE(r.ranges[0].empty());
  EXPECT_TRUE(backend_->snapshot_read({}, kNow).ranges.empty());
}

TEST_P(BackendConformance, RangesForwardReverseAndLimit) {
  for (const char* k : {"a", "b", "c", "d"}) put(b(k), bytes_value(k));
  EXPECT_EQ(keys_of(range(b("a"), b("z"))), (Keys{"a", "b", "c", "d"}));
  EXPECT_EQ(keys_of(range(b("a"), b("z"), 2)), (Keys{"a", "b"}));
  EXPECT_EQ(keys_of(range(b("a"), b("z"), 2, true)), (Keys{"d", "c"}));
  EXPECT_EQ(keys_of(range(b("b"), b("d"))), (Keys{"b", "c"}));  // end exclusive
  EXPECT_EQ(keys_of(range(b("b"), b("d"), 10, true)), (Keys{"c", "b"}));
  EXPECT_TRUE(range(b("c"), b("c")).empty());  // start == end
  EXPECT_TRUE(range(b("d"), b("a")).empty());  // start > end
  EXPECT_TRUE(range(b("x"), b("z")).empty());
}

TEST_P(BackendConformance, ArbitraryRangesAsSentByDenoKvNode) {
  // @deno/kv reads a point as [key, FF) with limit 1 and compares the key.
  put(b("\x02"
        "a\x00"sv),
      bytes_value("1"));
  put(b("\x02"
        "b\x00"sv),
      bytes_value("2"));
  auto e = range(b("\x02"
                   "a\x00"sv),
                 Bytes{0xff}, 1);
  ASSERT_EQ(e.size(), 1u);
  EXPECT_EQ(e[0].key, b("\x02"
                        "a\x00"sv));
  e = range(b("\x02"
              "a\x01"),
            Bytes{0xff}, 1);
  ASSERT_EQ(e.size(), 1u);
  EXPECT_EQ(e[0].key, b("\x02"
                        "b\x00"sv));
}

TEST_P(BackendConformance, KeysOrderByBytesThenLength) {
  for (Bytes k : {Bytes{0x01}, Bytes{0x01, 0x00}, Bytes{0x00, 0xff}, Bytes{0xfe}, Bytes{0x80}}) {
    put(k, bytes_value("v"));
  }
  auto e = range(Bytes{}, Bytes{0xff});
  std::vector<Bytes> got;
  for (auto& x : e) got.push_back(x.key);
  EXPECT_EQ(got, (std::vector<Bytes>{{0x00, 0xff}, {0x01}, {0x01, 0x00}, {0x80}, {0xfe}}));
}

TEST_P(BackendConformance, SeveralRangesInOneRead) {
  put(b("a"), bytes_value("1"));
  put(b("b"), bytes_value("2"));
  auto r = backend_->snapshot_read(
      {ReadRange{b("a"), b("a\x00"sv), 1, false}, ReadRange{b("z"), b("zz"), 1, false},
       ReadRange{b("a"), b("c"), 10, true}},
      kNow);
  ASSERT_EQ(r.ranges.size(), 3u);
  EXPECT_EQ(keys_of(r.ranges[0]), (Keys{"a"}));
  EXPECT_TRUE(r.ranges[1].empty());
  EXPECT_EQ(keys_of(r.ranges[2]), (Keys{"b", "a"}));
}

TEST_P(BackendConformance, EmptyKeyAndEmptyValueRoundTrip) {
  auto c = put(Bytes{}, RawValue{Bytes{}, Encoding::kBytes});
  ASSERT_TRUE(c.ok);
  auto e = get(Bytes{});
  ASSERT_TRUE(e.has_value());
  EXPECT_TRUE(e->key.empty());
  EXPECT_TRUE(e->value.data.empty());
  EXPECT_EQ(e->value.encoding, Encoding::kBytes);
  EXPECT_EQ(e->versionstamp, c.versionstamp);
}

TEST_P(BackendConformance, EntriesCarryValueEncodingAndVersionstamp) {
  RawValue v8{Bytes{0xff, 0x0f, 0x22, 0x01, 0x78}, Encoding::kV8};
  auto c = put(b("k"), v8);
  auto e = get(b("k"));
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->value, v8);
  EXPECT_EQ(e->versionstamp, c.versionstamp);
}

TEST_P(BackendConformance, ScanVisitsLiveEntriesInOrderAndCanStop) {
  if (!GetParam().caller_clock) GTEST_SKIP() << "the expiry it plants needs the caller's clock";
  for (const char* k : {"a", "b", "c", "d"}) put(b(k), bytes_value(k));
  put(b("bb"), bytes_value("gone"), kNow + 5);
  auto scan = [&](Bytes start, Bytes end, bool reverse, int stop_after) {
    Keys seen;
    backend_->scan(start, end, reverse, kNow + 5, [&](RawEntry&& e) {
      seen.emplace_back(e.key.begin(), e.key.end());
      return static_cast<int>(seen.size()) != stop_after;
    });
    return seen;
  };
  EXPECT_EQ(scan(Bytes{}, Bytes{0xff}, false, -1), (Keys{"a", "b", "c", "d"}));
  EXPECT_EQ(scan(b("b"), b("d"), true, -1), (Keys{"c", "b"}));
  EXPECT_EQ(scan(Bytes{}, Bytes{0xff}, false, 2), (Keys{"a", "b"}));
  EXPECT_TRUE(scan(b("d"), b("a"), false, -1).empty());
}

// ---- checks -----------------------------------------------------------------

TEST_P(BackendConformance, CheckAbsentIsNotTenZeroBytes) {
  AtomicWrite absent;
  absent.checks.push_back(Check{b("missing"), std::nullopt});
  EXPECT_TRUE(commit(absent).ok);

  AtomicWrite zeros;
  zeros.checks.push_back(Check{b("missing"), Versionstamp()});
  auto r = commit(zeros);
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.failed_checks, (std::vector<uint32_t>{0}));
}

TEST_P(BackendConformance, CheckReportsEveryFailingPosition) {
  auto a = put(b("a"), bytes_value("1"));
  put(b("b"), bytes_value("2"));
  Versionstamp before = backend_->current_version();

  AtomicWrite w;
  w.checks.push_back(Check{b("a"), std::nullopt});    // 0: exists → fails
  w.checks.push_back(Check{b("a"), a.versionstamp});  // 1: passes
  w.checks.push_back(Check{b("c"), a.versionstamp});  // 2: absent → fails
  w.checks.push_back(Check{b("c"), std::nullopt});    // 3: passes
  w.checks.push_back(Check{b("b"), a.versionstamp});  // 4: other stamp → fails
  w.mutations.push_back(set_m(b("x"), bytes_value("x")));
  auto r = commit(w);
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.failed_checks, (std::vector<uint32_t>{0, 2, 4}));
  EXPECT_FALSE(get(b("x")).has_value());
  EXPECT_EQ(backend_->current_version(), before);  // no bump on check failure
}

TEST_P(BackendConformance, PassingChecksCommit) {
  auto a = put(b("a"), bytes_value("1"));
  AtomicWrite w;
  w.checks.push_back(Check{b("a"), a.versionstamp});
  w.checks.push_back(Check{b("n"), std::nullopt});
  w.mutations.push_back(set_m(b("a"), bytes_value("2")));
  auto r = commit(w);
  ASSERT_TRUE(r.ok);
  EXPECT_TRUE(r.failed_checks.empty());
  EXPECT_GT(r.versionstamp, a.versionstamp);
  EXPECT_EQ(get(b("a"))->value, bytes_value("2"));
}

// ---- mutation order and atomicity --------------------------------------------

TEST_P(BackendConformance, SetThenDeleteLeavesAbsent) {
  AtomicWrite w;
  w.mutations.push_back(set_m(b("k"), bytes_value("v")));
  w.mutations.push_back(delete_m(b("k")));
  ASSERT_TRUE(commit(w).ok);
  EXPECT_FALSE(get(b("k")).has_value());
}

TEST_P(BackendConformance, DeleteThenSetLeavesSet) {
  put(b("k"), bytes_value("old"));
  AtomicWrite w;
  w.mutations.push_back(delete_m(b("k")));
  w.mutations.push_back(set_m(b("k"), bytes_value("new")));
  auto r = commit(w);
  ASSERT_TRUE(r.ok);
  auto e = get(b("k"));
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->value, bytes_value("new"));
  EXPECT_EQ(e->versionstamp, r.versionstamp);
}

TEST_P(BackendConformance, DeleteOfMissingKeyStillCommits) {
  Versionstamp before = backend_->current_version();
  AtomicWrite w;
  w.mutations.push_back(delete_m(b("nothing")));
  auto r = commit(w);
  ASSERT_TRUE(r.ok);
  EXPECT_GT(r.versionstamp, before);
}

TEST_P(BackendConformance, SumThenSumOnMissingKey) {
  AtomicWrite w;
  w.mutations.push_back(numeric_m(MutationType::kSum, b("counter"), 5));
  w.mutations.push_back(numeric_m(MutationType::kSum, b("counter"), 10));
  auto r = commit(w);
  ASSERT_TRUE(r.ok);
  auto e = get(b("counter"));
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->value, le64(15));  // 0f 00 00 00 00 00 00 00
  EXPECT_EQ(e->versionstamp, r.versionstamp);
}

TEST_P(BackendConformance, MinMaxUseStoredValue) {
  put(b("mn"), le64(7));
  put(b("mx"), le64(7));
  AtomicWrite w;
  w.mutations.push_back(numeric_m(MutationType::kMin, b("mn"), 3));
  w.mutations.push_back(numeric_m(MutationType::kMax, b("mx"), 9));
  w.mutations.push_back(numeric_m(MutationType::kMin, b("fresh"), 4));
  ASSERT_TRUE(commit(w).ok);
  EXPECT_EQ(get(b("mn"))->value, le64(3));
  EXPECT_EQ(get(b("mx"))->value, le64(9));
  EXPECT_EQ(get(b("fresh"))->value, le64(4));
}

TEST_P(BackendConformance, FailingSumRollsBackEverything) {
  put(b("s"), RawValue{Bytes{0xff, 0x0f, 0x22, 0x01, 0x78}, Encoding::kV8});
  Versionstamp before = backend_->current_version();
  AtomicWrite w;
  w.mutations.push_back(set_m(b("a"), bytes_value("1")));
  w.mutations.push_back(numeric_m(MutationType::kSum, b("s"), 1));
  try {
    commit(w);
    FAIL() << "sum on a string must fail";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kTypeMismatch);
    EXPECT_STREQ(e.what(), "Failed to perform 'sum' mutation on a non-U64 value in the database");
  }
  EXPECT_FALSE(get(b("a")).has_value());
  EXPECT_EQ(backend_->current_version(), before);
  // The backend keeps working after a failed write.
  EXPECT_TRUE(put(b("a"), bytes_value("1")).ok);
}

// ---- versionstamps -------------------------------------------------------------

TEST_P(BackendConformance, VersionstampsStrictlyIncrease) {
  Versionstamp last = backend_->current_version();
  for (int i = 0; i < 30; ++i) {
    auto r = put(b("k"), bytes_value(std::to_string(i)));
    ASSERT_TRUE(r.ok);
    EXPECT_GT(r.versionstamp, last);
    EXPECT_EQ(backend_->current_version(), r.versionstamp);
    last = r.versionstamp;
  }
  EXPECT_GT(last, Versionstamp());
}

TEST_P(BackendConformance, EmptyCommitGetsNewVersionstamp) {
  auto r1 = commit(AtomicWrite{});
  auto r2 = commit(AtomicWrite{});
  ASSERT_TRUE(r1.ok);
  ASSERT_TRUE(r2.ok);
  EXPECT_GT(r1.versionstamp, Versionstamp());
  EXPECT_GT(r2.versionstamp, r1.versionstamp);
}

TEST_P(BackendConformance, AllMutationsOfACommitShareItsVersionstamp) {
  AtomicWrite w;
  w.mutations.push_back(set_m(b("a"), bytes_value("1")));
  w.mutations.push_back(numeric_m(MutationType::kSum, b("c"), 1));
  w.mutations.push_back(set_m(b("z"), bytes_value("2")));
  auto r = commit(w);
  for (const auto& e : range(Bytes{}, Bytes{0xff})) {
    EXPECT_EQ(e.versionstamp, r.versionstamp);
  }
}

TEST_P(BackendConformance, SuffixedKeyAppendsTheCommitVersionstamp) {
  Mutation m = set_m(b("\x02log\x00"sv), bytes_value("entry"));
  m.type = MutationType::kSetSuffixVersionstampedKey;
  AtomicWrite w;
  w.mutations.push_back(m);
  auto r = commit(w);
  ASSERT_TRUE(r.ok);
  Bytes expected = b("\x02log\x00"sv);
  expected.push_back(0x02);
  std::string hex = r.versionstamp.to_hex();
  expected.insert(expected.end(), hex.begin(), hex.end());
  expected.push_back(0x00);
  auto e = range(b("\x02log\x00"sv), b("\x02log\x01"));
  ASSERT_EQ(e.size(), 1u);
  EXPECT_EQ(e[0].key, expected);
  EXPECT_EQ(e[0].versionstamp, r.versionstamp);
  EXPECT_EQ(e[0].value, bytes_value("entry"));
}

TEST_P(BackendConformance, EnqueueOnlyCommitGetsVersionstamp) {
  Versionstamp before = backend_->current_version();
  AtomicWrite w;
  core::Enqueue e;
  e.payload = Bytes{0xff, 0x0f, 0x49, 0x02};
  e.deadline_ms = kNow;
  e.backoff_schedule = {100, 1000};
  w.enqueues.push_back(e);
  auto r = commit(w);
  ASSERT_TRUE(r.ok);
  EXPECT_GT(r.versionstamp, before);
}

// ---- expiration -------------------------------------------------------------

TEST_P(BackendConformance, ExpiredRowsAreInvisible) {
  if (!GetParam().caller_clock) GTEST_SKIP() << "the server keeps time; see ExpiryFollowsRealTime";
  put(b("a"), bytes_value("1"));
  put(b("t"), bytes_value("temp"), kNow + 1000);
  put(b("z"), bytes_value("2"));
  EXPECT_TRUE(get(b("t"), kNow + 999).has_value());
  EXPECT_FALSE(get(b("t"), kNow + 1000).has_value());  // expiration_ms <= now
  // LIMIT counts live rows only.
  auto e = range(Bytes{}, Bytes{0xff}, 2, false, kNow + 1000);
  EXPECT_EQ(keys_of(e), (Keys{"a", "z"}));
}

TEST_P(BackendConformance, ExpiredRowCountsAsAbsentForChecksAndSums) {
  if (!GetParam().caller_clock) GTEST_SKIP() << "the server keeps time; see ExpiryFollowsRealTime";
  auto t = put(b("t"), le64(5), kNow + 10);
  const int64_t later = kNow + 20;

  AtomicWrite absent;
  absent.checks.push_back(Check{b("t"), std::nullopt});
  EXPECT_TRUE(commit(absent, later).ok);

  AtomicWrite old_stamp;
  old_stamp.checks.push_back(Check{b("t"), t.versionstamp});
  EXPECT_FALSE(commit(old_stamp, later).ok);

  AtomicWrite sum;
  sum.mutations.push_back(numeric_m(MutationType::kSum, b("t"), 3));
  ASSERT_TRUE(commit(sum, later).ok);
  auto e = get(b("t"), later);
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->value, le64(3));                             // not 8: the expired 5 was absent
  EXPECT_TRUE(get(b("t"), later + 1'000'000).has_value());  // sums never expire
}

// On real time, so that it holds for every backend, whoever keeps the clock.
TEST_P(BackendConformance, ExpiryFollowsRealTime) {
  auto real_now = [] {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  };
  const int64_t expire_at = real_now() + 1500;
  put(b("t"), bytes_value("temp"), expire_at);
  put(b("z"), bytes_value("2"));
  EXPECT_TRUE(get(b("t"), real_now()).has_value());
  std::this_thread::sleep_for(std::chrono::milliseconds(expire_at + 50 - real_now()));
  EXPECT_FALSE(get(b("t"), real_now()).has_value());
  EXPECT_EQ(keys_of(range(Bytes{}, Bytes{0xff}, 1, false, real_now())), (Keys{"z"}));
  AtomicWrite absent;
  absent.checks.push_back(Check{b("t"), std::nullopt});
  EXPECT_TRUE(commit(absent, real_now()).ok);
}

TEST_P(BackendConformance, PlainSetClearsExpiration) {
  put(b("k"), bytes_value("1"), kNow + 10);
  put(b("k"), bytes_value("2"));
  EXPECT_TRUE(get(b("k"), kNow + 1'000'000).has_value());
}

TEST_P(BackendConformance, SweepDeletesExpiredAndBumpsByOne) {
  if (!GetParam().caller_clock) GTEST_SKIP() << "the server sweeps by itself";
  put(b("a"), bytes_value("1"), kNow + 10);
  put(b("b"), bytes_value("2"), kNow + 20);
  put(b("c"), bytes_value("3"), kNow + 30);
  put(b("d"), bytes_value("4"));
  EXPECT_EQ(backend_->next_expiration(), kNow + 10);

  Versionstamp before = backend_->current_version();
  SweepResult none = backend_->sweep_expired(kNow);
  EXPECT_TRUE(none.deleted_keys.empty());
  EXPECT_EQ(backend_->current_version(), before);

  SweepResult s = backend_->sweep_expired(kNow + 20);
  EXPECT_EQ(s.deleted_keys, (std::vector<Bytes>{b("a"), b("b")}));
  EXPECT_EQ(s.versionstamp.version(), before.version() + 1);
  EXPECT_EQ(backend_->current_version(), s.versionstamp);
  EXPECT_EQ(backend_->next_expiration(), kNow + 30);
  // Swept rows are gone even for a reader whose clock is behind.
  EXPECT_EQ(keys_of(range(Bytes{}, Bytes{0xff}, 10, false, kNow)), (Keys{"c", "d"}));

  backend_->sweep_expired(kNow + 30);
  EXPECT_EQ(backend_->next_expiration(), std::nullopt);
}

// ---- concurrency --------------------------------------------------------------

TEST_P(BackendConformance, ConcurrentSumsGiveExactTotals) {
  constexpr int kThreads = 8;
  constexpr int kSumsPerThread = 40;
  std::vector<std::thread> threads;
  std::mutex mu;
  std::set<Versionstamp> stamps;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kSumsPerThread; ++i) {
        AtomicWrite w;
        w.mutations.push_back(numeric_m(MutationType::kSum, b("total"), 1));
        auto r = commit(w);
        std::lock_guard lock(mu);
        EXPECT_TRUE(r.ok);
        EXPECT_TRUE(stamps.insert(r.versionstamp).second) << "duplicate versionstamp";
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(get(b("total"))->value, le64(kThreads * kSumsPerThread));
}

TEST_P(BackendConformance, RacingCheckAndSetHasExactlyOneWinner) {
  auto base = put(b("lock"), bytes_value("free"));
  constexpr int kThreads = 12;
  std::atomic<int> winners{0};
  std::atomic<int> losers{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      AtomicWrite w;
      w.checks.push_back(Check{b("lock"), base.versionstamp});
      w.mutations.push_back(set_m(b("lock"), bytes_value("owner" + std::to_string(t))));
      auto r = commit(w);
      if (r.ok) {
        ++winners;
      } else {
        EXPECT_EQ(r.failed_checks, (std::vector<uint32_t>{0}));
        ++losers;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(winners.load(), 1);
  EXPECT_EQ(losers.load(), kThreads - 1);
}

TEST_P(BackendConformance, ReadsSeeOneSnapshotWhileWritesRun) {
  // Two keys always written together must always be read together.
  std::atomic<bool> stop{false};
  std::thread writer([&] {
    for (int i = 0; i < 200; ++i) {
      AtomicWrite w;
      w.mutations.push_back(set_m(b("p"), bytes_value(std::to_string(i))));
      w.mutations.push_back(set_m(b("q"), bytes_value(std::to_string(i))));
      commit(w);
    }
    stop = true;
  });
  while (!stop.load()) {
    auto r = backend_->snapshot_read(
        {ReadRange{b("p"), b("p\x00"sv), 1, false}, ReadRange{b("q"), b("q\x00"sv), 1, false}},
        kNow);
    ASSERT_EQ(r.ranges.size(), 2u);
    ASSERT_EQ(r.ranges[0].size(), r.ranges[1].size());
    if (!r.ranges[0].empty()) {
      EXPECT_EQ(r.ranges[0][0].value, r.ranges[1][0].value);
      EXPECT_EQ(r.ranges[0][0].versionstamp, r.ranges[1][0].versionstamp);
      EXPECT_LE(r.ranges[0][0].versionstamp, backend_->current_version());
    }
  }
  writer.join();
}

// ---- lifecycle ---------------------------------------------------------------

TEST_P(BackendConformance, CloseDrainsQueuedWritesThenRefusesCalls) {
  constexpr int kWrites = 50;
  std::atomic<int> succeeded{0};
  for (int i = 0; i < kWrites; ++i) {
    AtomicWrite w;
    w.mutations.push_back(numeric_m(MutationType::kSum, b("n"), 1));
    backend_->atomic_write(std::move(w), kNow, [&](CommitResult r, std::exception_ptr e) {
      if (!e && r.ok) ++succeeded;
    });
  }
  backend_->close();
  EXPECT_EQ(succeeded.load(), kWrites);
  backend_->close();  // idempotent

  auto expect_closed = [](auto&& call) {
    try {
      call();
      ADD_FAILURE() << "expected Error(kClosed)";
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::kClosed);
      EXPECT_STREQ(e.what(), "Database is closed.");
    }
  };
  expect_closed([&] { backend_->snapshot_read({}, kNow); });
  expect_closed([&] { commit(AtomicWrite{}); });
  expect_closed([&] { backend_->current_version(); });
  expect_closed([&] { backend_->sweep_expired(kNow); });
  expect_closed([&] { backend_->next_expiration(); });
}

INSTANTIATE_TEST_SUITE_P(Backends, BackendConformance, ::testing::ValuesIn(backend_factories()),
                         [](const ::testing::TestParamInfo<BackendFactory>& info) {
                           return info.param.name;
                         });

}  // namespace
}  // namespace openkv::storage
