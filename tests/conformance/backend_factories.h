// Copyright (c) OpenKV authors.
//
// The backends every conformance suite runs against: a SQLite file, SQLite
// in memory, a RemoteBackend talking to an in-process KV Connect server, and
// a fresh PostgreSQL database, and one read through a hot standby of it
// (skipped when no server is configured, see postgres_test_db.h).
// A new backend is added here once and every suite picks it up.
#ifndef OPENKV_TESTS_CONFORMANCE_BACKEND_FACTORIES_H_
#define OPENKV_TESTS_CONFORMANCE_BACKEND_FACTORIES_H_

#include <functional>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "conformance/postgres_test_db.h"
#include "conformance/served_remote.h"
#include "storage/backend.h"
#include "storage/postgres/postgres_backend.h"
#include "storage/sqlite/sqlite_backend.h"

namespace openkv::storage::testing {

struct BackendFactory {
  std::string name;
  // Creates a fresh, empty backend; `dir` is a private temporary directory.
  std::function<std::unique_ptr<Backend>(const std::string& dir)> make;
  // Whether the backend runs on the caller's clock (the now_ms arguments),
  // sweeps and recovers when asked. A remote backend does none of that: its
  // server keeps time, sweeps and recovers by itself, so the tests of those
  // behaviours run on real time there.
  bool caller_clock = true;
  // Why the backend cannot be made here ("" when it can): its tests are
  // reported as skipped with this reason.
  std::function<std::string()> unavailable = [] { return std::string(); };
};

inline std::vector<BackendFactory> backend_factories() {
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
      {"Remote",
       [](const std::string& dir) -> std::unique_ptr<Backend> {
         return std::make_unique<ServedRemoteBackend>(dir);
       },
       /*caller_clock=*/false},
      {"Postgres",
       [](const std::string&) -> std::unique_ptr<Backend> {
         postgres::PostgresBackend::Options o;
         o.url = postgres_test_databases().create();
         return std::make_unique<postgres::PostgresBackend>(o);
       },
       /*caller_clock=*/true, postgres_unavailable},
      // Attached to a hot standby: reads from it, writes and queues to the
      // primary (docs/DISTRIBUTED.md §Replicas).
      {"PostgresStandby",
       [](const std::string&) -> std::unique_ptr<Backend> {
         postgres::PostgresBackend::Options o;
         o.primary_url = postgres_test_databases().create();
         o.url = standby_url_of(o.primary_url);
         return std::make_unique<postgres::PostgresBackend>(o);
       },
       /*caller_clock=*/true, postgres_standby_unavailable},
  };
}

// Test listings show the backend's name rather than the parameter's bytes.
inline void PrintTo(const BackendFactory& factory, std::ostream* os) { *os << factory.name; }

}  // namespace openkv::storage::testing

#endif  // OPENKV_TESTS_CONFORMANCE_BACKEND_FACTORIES_H_
