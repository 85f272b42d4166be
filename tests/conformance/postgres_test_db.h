// Copyright (c) OpenKV authors.
//
// Fresh PostgreSQL databases for tests. The server comes from the
// environment: OPENKV_TEST_PG_URL is a URL without a database name (e.g.
// postgresql://postgres@127.0.0.1:5433), as printed by
// scripts/pg-test-cluster.sh, which scripts/test.sh (and so CI) starts. Each
// call creates an empty database with a name unique to this process; all of
// them are dropped when the process exits.
//
// OPENKV_TEST_PG_STANDBY_URL, when set, is a hot standby of that server
// (`pg-test-cluster.sh standby`): a database created on the primary appears
// there by replication, for the replica tests.
#ifndef OPENKV_TESTS_CONFORMANCE_POSTGRES_TEST_DB_H_
#define OPENKV_TESTS_CONFORMANCE_POSTGRES_TEST_DB_H_

#include <stdlib.h>
#include <unistd.h>

#include <mutex>
#include <string>
#include <vector>

#include "storage/postgres/pg_connection.h"

namespace openkv::storage::testing {

// The server's URL, or "" when the environment names none.
inline std::string postgres_test_server() {
  const char* url = getenv("OPENKV_TEST_PG_URL");
  return url ? url : "";
}

// Why PostgreSQL tests cannot run here, or "" when they can.
inline std::string postgres_unavailable() {
  if (!postgres_test_server().empty()) return "";
  return "OPENKV_TEST_PG_URL is not set (scripts/test.sh starts a PostgreSQL cluster and sets it)";
}

inline std::string postgres_test_standby() {
  const char* url = getenv("OPENKV_TEST_PG_STANDBY_URL");
  return url ? url : "";
}

inline std::string postgres_standby_unavailable() {
  if (std::string why = postgres_unavailable(); !why.empty()) return why;
  if (!postgres_test_standby().empty()) return "";
  return "OPENKV_TEST_PG_STANDBY_URL is not set (scripts/test.sh starts a hot standby and sets "
         "it)";
}

// The URL on the standby of a database `create()` made on the primary, once
// the standby has replayed its creation (throws after 30 s without).
inline std::string standby_url_of(const std::string& primary_url) {
  std::string url = postgres_test_standby() + primary_url.substr(primary_url.rfind('/'));
  for (int attempt = 0;; ++attempt) {
    try {
      postgres::Connection probe(url);
      return url;
    } catch (const std::exception&) {
      if (attempt == 3000) throw;
      usleep(10000);
    }
  }
}

class PostgresTestDatabases {
 public:
  // The URL of a new, empty database. REQUIRES: postgres_unavailable() == "".
  std::string create() {
    std::lock_guard lock(mu_);
    std::string name = "openkv_test_" + std::to_string(getpid()) + "_" + std::to_string(next_++);
    admin().command("CREATE DATABASE " + name);
    names_.push_back(name);
    return postgres_test_server() + "/" + name;
  }

  ~PostgresTestDatabases() {
    try {
      postgres::Connection& c = admin();
      for (const std::string& name : names_) c.command("DROP DATABASE " + name + " WITH (FORCE)");
    } catch (...) {
      // The test cluster is thrown away after the run anyway.
    }
  }

 private:
  postgres::Connection& admin() {
    if (!admin_) admin_ = std::make_unique<postgres::Connection>(postgres_test_server() + "/postgres");
    return *admin_;
  }

  std::mutex mu_;
  std::unique_ptr<postgres::Connection> admin_;
  std::vector<std::string> names_;
  int next_ = 0;
};

inline PostgresTestDatabases& postgres_test_databases() {
  static PostgresTestDatabases databases;
  return databases;
}

}  // namespace openkv::storage::testing

#endif  // OPENKV_TESTS_CONFORMANCE_POSTGRES_TEST_DB_H_
