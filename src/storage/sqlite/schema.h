// Copyright (c) OpenKV authors.
//
// Deno KV's SQLite schema (spec 03 §2–§3): inspecting a file before touching
// it, and creating / migrating it to version 3 with the reference's exact
// statement texts, so `sqlite3 file .schema` is byte-identical to a file
// created by Deno.
//
// Thread-safety: functions operate on the given connection only.
#ifndef OPENKV_STORAGE_SQLITE_SCHEMA_H_
#define OPENKV_STORAGE_SQLITE_SCHEMA_H_

#include <cstdint>
#include <string>

#include "storage/sqlite/sqlite_handle.h"

namespace openkv::storage::sqlite {

inline constexpr int64_t kLatestSchemaVersion = 3;

// What a file holds, read without writing anything. Read-only handles may be
// opened on files older than version 3 (or on empty files), so readers adapt
// their statements to what is there.
struct SchemaInfo {
  int64_t version = 0;             // migration_state row k = 0; 0 when absent
  bool has_kv = false;             // a table or view named kv exists
  bool kv_is_view = false;         // denokv replica file: open read-only
  bool kv_has_expiration = false;  // kv.expiration_ms exists (version >= 3)
  bool has_data_version = false;
};

// Reads the schema. The first read of a file happens here, so a file that is
// not a database fails here with Error(kCorruption) naming `path`.
SchemaInfo inspect_schema(Connection& c, const std::string& path);

// Runs step 0 and every pending migration in one BEGIN IMMEDIATE transaction.
// Throws Error(kUnsupported, "Unsupported KV database schema version N (max
// 3)") for a newer file, leaving it untouched.
void migrate_schema(Connection& c);

}  // namespace openkv::storage::sqlite

#endif  // OPENKV_STORAGE_SQLITE_SCHEMA_H_
