// Copyright (c) OpenKV authors.
//
// Reads of the PostgreSQL backend. Every read that must be consistent runs
// in one REPEATABLE READ READ ONLY transaction: all its statements see the
// snapshot taken by the first, so ranges and the version come from one
// point in time, and a scan of any size sees no write committed while it runs.
//
// Thread-safety: operate on the given connection only.
#ifndef OPENKV_STORAGE_POSTGRES_PG_READS_H_
#define OPENKV_STORAGE_POSTGRES_PG_READS_H_

#include <cstdint>
#include <optional>
#include <vector>

#include "core/raw.h"
#include "storage/backend.h"
#include "storage/postgres/pg_connection.h"

namespace openkv::storage::postgres {

core::ReadResult read_ranges(Connection& c, const std::vector<core::ReadRange>& ranges,
                             int64_t now_ms);

// Visits the live entries of [start, end) in pages of 1000 rows, all read
// inside one snapshot; returning false from `visit` stops it.
void scan_range(Connection& c, const core::Bytes& start, const core::Bytes& end, bool reverse,
                int64_t now_ms, const ScanVisitor& visit);

Versionstamp read_current_version(Connection& c);
std::optional<int64_t> read_next_expiration(Connection& c);

}  // namespace openkv::storage::postgres

#endif  // OPENKV_STORAGE_POSTGRES_PG_READS_H_
