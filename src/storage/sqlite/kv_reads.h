// Copyright (c) OpenKV authors.
//
// Read statements: range reads inside one read transaction (spec 02 §1,
// 03 §6) and the cheap lookups the engine polls. Expired rows are filtered in
// SQL so that LIMIT counts live rows only. Statements adapt to files older
// than schema version 3 (no expiration column) or without a kv table, which a
// read-only handle may open.
//
// Thread-safety: operate on the given connection only.
#ifndef OPENKV_STORAGE_SQLITE_KV_READS_H_
#define OPENKV_STORAGE_SQLITE_KV_READS_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "core/raw.h"
#include "storage/backend.h"
#include "storage/sqlite/schema.h"
#include "storage/sqlite/sqlite_handle.h"

namespace openkv::storage::sqlite {

// Visits the live rows of [start, end) in order, at most `limit` of them
// (negative: no limit), until `visit` returns false. One statement, so one
// snapshot even outside a transaction.
void visit_range(Connection& c, const SchemaInfo& schema, const core::Bytes& start,
                 const core::Bytes& end, bool reverse, int64_t limit, int64_t now_ms,
                 const ScanVisitor& visit);

// All ranges from one point in time (one deferred read transaction when
// there are several).
core::ReadResult read_ranges(Connection& c, const SchemaInfo& schema,
                             const std::vector<core::ReadRange>& ranges, int64_t now_ms);

// data_version.version as a versionstamp (zero when there is no such table).
Versionstamp read_current_version(Connection& c, const SchemaInfo& schema);

// Smallest expiration_ms >= 0 stored, if any.
std::optional<int64_t> read_next_expiration(Connection& c, const SchemaInfo& schema);

}  // namespace openkv::storage::sqlite

#endif  // OPENKV_STORAGE_SQLITE_KV_READS_H_
