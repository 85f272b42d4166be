// Copyright (c) OpenKV authors.

#include "storage/postgres/pg_schema.h"

#include <string>

#include "openkv/errors.h"

namespace openkv::storage::postgres {
namespace {

// An arbitrary constant naming OpenKV's advisory lock ("OKVS" in ASCII).
constexpr const char* kLock = "SELECT pg_advisory_xact_lock(1330337363)";

// migrations[i] takes the schema from version i to i + 1.
//
// kv.k is bytea: PostgreSQL orders bytea by memcmp then length, exactly the
// key order. expiration_ms is -1 for "never". kv_version has one row; every
// write transaction locks it first, which makes commit order the version
// order (docs/DISTRIBUTED.md §Versionstamps). Queue rows keep their retry
// schedule as int[] and their dead-letter keys as bytea[].
constexpr const char* kMigrations[] = {
    "CREATE TABLE kv ("
    "  k bytea PRIMARY KEY,"
    "  v bytea NOT NULL,"
    "  v_encoding integer NOT NULL,"
    "  version bigint NOT NULL,"
    "  expiration_ms bigint NOT NULL DEFAULT -1);"
    "CREATE INDEX kv_expiration ON kv (expiration_ms) WHERE expiration_ms >= 0;"
    "CREATE TABLE kv_version (k integer PRIMARY KEY, version bigint NOT NULL);"
    "INSERT INTO kv_version VALUES (0, 0);"
    "CREATE TABLE queue ("
    "  ts bigint NOT NULL,"
    "  id text NOT NULL,"
    "  data bytea NOT NULL,"
    "  backoff_schedule integer[] NOT NULL,"
    "  keys_if_undelivered bytea[] NOT NULL,"
    "  PRIMARY KEY (ts, id));"
    "CREATE TABLE queue_running ("
    "  id text PRIMARY KEY,"
    "  deadline bigint NOT NULL,"
    "  data bytea NOT NULL,"
    "  backoff_schedule integer[] NOT NULL,"
    "  keys_if_undelivered bytea[] NOT NULL);"
    "CREATE INDEX queue_running_deadline ON queue_running (deadline);",
};
constexpr int64_t kMigrationCount = sizeof(kMigrations) / sizeof(kMigrations[0]);
static_assert(kMigrationCount == kSchemaVersion);

int64_t read_version(Connection& c) {
  Result r = c.exec("SELECT version FROM openkv_schema WHERE k = 0");
  return r.rows() ? r.int64(0, 0) : 0;
}

}  // namespace

int64_t migrate_schema(Connection& c) {
  c.command("BEGIN");
  try {
    c.exec(kLock);
    c.command(
        "CREATE TABLE IF NOT EXISTS openkv_schema (k integer PRIMARY KEY, version bigint NOT "
        "NULL)");
    int64_t version = read_version(c);
    if (version > kSchemaVersion) {
      throw Error(ErrorCode::kUnsupported,
                  "The PostgreSQL database has OpenKV schema version " + std::to_string(version) +
                      "; this build supports up to " + std::to_string(kSchemaVersion) + ".");
    }
    for (; version < kSchemaVersion; ++version) c.command(kMigrations[version]);
    c.exec(
        "INSERT INTO openkv_schema VALUES (0, $1) "
        "ON CONFLICT (k) DO UPDATE SET version = excluded.version",
        Params().int64(version));
    c.command("COMMIT");
    return version;
  } catch (...) {
    c.rollback_quietly();
    throw;
  }
}

}  // namespace openkv::storage::postgres
