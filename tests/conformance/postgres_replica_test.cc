// Copyright (c) OpenKV authors.
//
// What only a database attached to a hot standby does (docs/DISTRIBUTED.md
// §Replicas), through the public library: eventual reads are served by the
// standby as it is, strong reads wait until it has caught up, and fail with
// kUnavailable when it cannot. Everything else about such a backend is the
// "PostgresStandby" instance of the conformance suites.
//
// Pausing WAL replay on the shared test standby delays the other standby
// tests for a moment, so all pauses happen in this one test.
#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <memory>
#include <string>
#include <vector>

#include "conformance/postgres_test_db.h"
#include "openkv/database.h"
#include "openkv/errors.h"
#include "openkv/postgres.h"
#include "storage/postgres/postgres_backend.h"

namespace openkv {
namespace {

using storage::testing::postgres_standby_unavailable;
using storage::testing::postgres_test_databases;
using storage::testing::postgres_test_standby;
using storage::testing::standby_url_of;

// Pauses WAL replay on the test standby until resume() or its end.
class ReplayPause {
 public:
  ReplayPause() : c_(postgres_test_standby() + "/postgres") {
    c_.command("SELECT pg_wal_replay_pause()");
  }
  ~ReplayPause() {
    try {
      resume();
    } catch (...) {
      // The standby is thrown away after the run; nothing else to do.
    }
  }
  void resume() { c_.command("SELECT pg_wal_replay_resume()"); }

 private:
  storage::postgres::Connection c_;
};

std::string value_at(Database& db, Consistency consistency) {
  EntryMaybe e = db.get({"k"}, ReadOptions{consistency});
  return e.exists() ? e.value->as_string() : "<absent>";
}


TEST(PostgresReplica, EventualReadsLagStrongReadsWaitForTheStandby) {
  if (std::string why = postgres_standby_unavailable(); !why.empty()) GTEST_SKIP() << why;
  register_postgres_backend();
  const std::string primary = postgres_test_databases().create();
  Options options;
  options.primary = primary;
  auto db = Database::open(standby_url_of(primary), options);
  db->set({"k"}, "one");  // through the primary
  EXPECT_EQ(value_at(*db, Consistency::kStrong), "one");  // waits for the standby

  ReplayPause pause;
  db->set({"k"}, "two");
  // The standby has not replayed "two": an eventual read shows it as it is,
  // and again (never going back).
  EXPECT_EQ(value_at(*db, Consistency::kEventual), "one");
  EXPECT_EQ(value_at(*db, Consistency::kEventual), "one");
  // A strong read must not return "one"; it waits for the replay.
  auto strong = std::async(std::launch::async, [&] { return value_at(*db, Consistency::kStrong); });
  EXPECT_EQ(strong.wait_for(std::chrono::milliseconds(500)), std::future_status::timeout);
  pause.resume();
  EXPECT_EQ(strong.get(), "two");
  EXPECT_EQ(value_at(*db, Consistency::kEventual), "two");

  // A standby that cannot catch up in time fails strong reads with
  // kUnavailable (the server's retryable 503), never with stale data.
  storage::postgres::PostgresBackend::Options o;
  o.url = standby_url_of(primary);
  o.primary_url = primary;
  o.replay_timeout = std::chrono::milliseconds(300);
  storage::postgres::PostgresBackend backend(o);
  EXPECT_TRUE(backend.has_eventual_reads());
  ReplayPause again;
  db->set({"k"}, "three");
  std::vector<core::ReadRange> all{{{}, {0xff}, 10, false}};
  EXPECT_EQ(backend.eventual_read(all, 0).ranges.at(0).size(), 1u);
  try {
    backend.snapshot_read(all, 0);
    ADD_FAILURE() << "a strong read returned while replay was paused";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kUnavailable) << e.what();
  }
  again.resume();
  EXPECT_EQ(value_at(*db, Consistency::kStrong), "three");
}

TEST(PostgresReplica, OnlyAStandbyHasEventualReadsOfItsOwn) {
  if (std::string why = postgres_standby_unavailable(); !why.empty()) GTEST_SKIP() << why;
  storage::postgres::PostgresBackend::Options o;
  o.url = postgres_test_databases().create();
  EXPECT_FALSE(storage::postgres::PostgresBackend(o).has_eventual_reads());
  register_postgres_backend();
  Options bad;
  bad.primary = o.url;
  try {
    Database::open(":memory:", bad);
    ADD_FAILURE() << "a primary was accepted for a SQLite database";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument) << e.what();
  }
}

}  // namespace
}  // namespace openkv
