// Copyright (c) OpenKV authors.
//
// How PostgreSQL failures surface (docs/DISTRIBUTED.md §Failover): errors a
// retry can cure are kUnavailable (a retryable 503 from the server), and a
// connection pointed at a server that can no longer serve it — shut down, or
// read-only because it became a standby — is replaced, so the next request
// reaches the new primary without reopening the database.
#include <gtest/gtest.h>
#include <unistd.h>

#include <optional>
#include <string>

#include "conformance/postgres_test_db.h"
#include "openkv/database.h"
#include "openkv/errors.h"
#include "openkv/postgres.h"
#include "storage/postgres/pg_connection.h"

namespace openkv {
namespace {

using storage::postgres::classify_sqlstate;
using storage::postgres::Connection;
using storage::testing::postgres_test_databases;
using storage::testing::postgres_unavailable;

// The code `sql` fails with, or nullopt when it succeeds.
std::optional<ErrorCode> code_of(Connection& c, const std::string& sql) {
  try {
    c.command(sql);
  } catch (const Error& e) {
    return e.code();
  }
  return std::nullopt;
}

TEST(PostgresFailures, SqlStatesAreClassified) {
  for (const char* s : {"08006", "08003", "57P01", "57P02", "57P03", "25006"}) {
    EXPECT_TRUE(classify_sqlstate(s).transient) << s;
    EXPECT_TRUE(classify_sqlstate(s).poisons) << s;
  }
  for (const char* s : {"40001", "40P01", "53300"}) {
    EXPECT_TRUE(classify_sqlstate(s).transient) << s;
    EXPECT_FALSE(classify_sqlstate(s).poisons) << s;
  }
  // Syntax errors, constraint violations, a full disk: retrying is no cure.
  for (const char* s : {"42601", "23505", "53100", "XX000", ""}) {
    EXPECT_FALSE(classify_sqlstate(s).transient) << s;
    EXPECT_FALSE(classify_sqlstate(s).poisons) << s;
  }
}

TEST(PostgresFailures, PermanentErrorsAreIoErrorsAndKeepTheConnection) {
  if (std::string why = postgres_unavailable(); !why.empty()) GTEST_SKIP() << why;
  Connection c(postgres_test_databases().create());
  EXPECT_EQ(code_of(c, "SELEC 1"), ErrorCode::kIoError);
  EXPECT_TRUE(c.ok());
  c.command("SELECT 1");
}

TEST(PostgresFailures, AWriteOnAReadOnlyServerIsUnavailableAndPoisons) {
  if (std::string why = postgres_unavailable(); !why.empty()) GTEST_SKIP() << why;
  Connection c(postgres_test_databases().create());
  // What a write finds on an old primary that came back as a standby.
  c.command("SET default_transaction_read_only = on");
  EXPECT_EQ(code_of(c, "CREATE TABLE t (x int)"), ErrorCode::kUnavailable);
  EXPECT_FALSE(c.ok());
}

TEST(PostgresFailures, ATerminatedSessionIsUnavailableAndPoisons) {
  if (std::string why = postgres_unavailable(); !why.empty()) GTEST_SKIP() << why;
  const std::string url = postgres_test_databases().create();
  Connection victim(url);
  const int64_t pid = victim.exec("SELECT pg_backend_pid()::int8").int64(0, 0);
  Connection admin(url);
  // What a server shutting down (or being restarted by the failover tool)
  // sends its sessions: 57P01, then the connection closes.
  admin.command("SELECT pg_terminate_backend(" + std::to_string(pid) + ")");
  EXPECT_EQ(code_of(victim, "SELECT 1"), ErrorCode::kUnavailable);
  EXPECT_FALSE(victim.ok());
}

TEST(PostgresFailures, TheDatabaseRecoversOnItsOwnAfterWritesWereRefused) {
  if (std::string why = postgres_unavailable(); !why.empty()) GTEST_SKIP() << why;
  register_postgres_backend();
  const std::string url = postgres_test_databases().create();
  auto db = Database::open(url);
  db->set({"k"}, "one");
  const std::string name = url.substr(url.rfind('/') + 1);
  Connection admin(url);
  // Every session of the database turns read-only, as on a demoted primary:
  // new sessions by the setting, the open ones by being terminated.
  admin.command("ALTER DATABASE " + name + " SET default_transaction_read_only = on");
  constexpr const char* kOthers =
      "FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()";
  admin.command(std::string("SELECT pg_terminate_backend(pid) ") + kOthers);
  // pg_terminate_backend only signals: wait until they are gone (their
  // sockets closed), as after a server restart.
  for (int i = 0; i < 500; ++i) {
    if (admin.exec_once(std::string("SELECT count(*)::int8 ") + kOthers).int64(0, 0) == 0) break;
    usleep(10000);
  }
  for (int attempt = 0; attempt < 2; ++attempt) {
    try {
      db->set({"k"}, "two");
      ADD_FAILURE() << "a write on a read-only server succeeded";
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::kUnavailable) << e.what();
    }
  }
  admin.command("ALTER DATABASE " + name + " RESET default_transaction_read_only");
  // The refused connections were dropped, not kept: the next write gets a
  // fresh, writable one.
  db->set({"k"}, "three");
  EXPECT_EQ(db->get({"k"}).value->as_string(), "three");
}

}  // namespace
}  // namespace openkv
