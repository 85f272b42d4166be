// Copyright (c) OpenKV authors.
//
// The PostgreSQL schema (docs/DISTRIBUTED.md §Schema) and its migrations.
// openkv_schema holds the version; each migration runs in one transaction
// under an advisory lock, so several servers starting on one empty database
// create it exactly once.
//
// Thread-safety: operates on the given connection only.
#ifndef OPENKV_STORAGE_POSTGRES_PG_SCHEMA_H_
#define OPENKV_STORAGE_POSTGRES_PG_SCHEMA_H_

#include <cstdint>

#include "storage/postgres/pg_connection.h"

namespace openkv::storage::postgres {

// The schema version this build creates and understands.
inline constexpr int64_t kSchemaVersion = 1;

// Brings the database to kSchemaVersion and returns the version found
// afterwards. Throws Error(kUnsupported) when the database has a newer
// schema than this build knows.
int64_t migrate_schema(Connection& c);

}  // namespace openkv::storage::postgres

#endif  // OPENKV_STORAGE_POSTGRES_PG_SCHEMA_H_
