// Copyright (c) OpenKV authors.

#include "storage/sqlite/kv_reads.h"

namespace openkv::storage::sqlite {
namespace {

// Indexed by [reverse][has expiration column].
constexpr const char* kRangeSql[2][2] = {
    {"SELECT k, v, v_encoding, version FROM kv "
     "WHERE k >= ?1 AND k < ?2 ORDER BY k ASC LIMIT ?4",
     "SELECT k, v, v_encoding, version FROM kv "
     "WHERE k >= ?1 AND k < ?2 AND (expiration_ms < 0 OR expiration_ms > ?3) "
     "ORDER BY k ASC LIMIT ?4"},
    {"SELECT k, v, v_encoding, version FROM kv "
     "WHERE k >= ?1 AND k < ?2 ORDER BY k DESC LIMIT ?4",
     "SELECT k, v, v_encoding, version FROM kv "
     "WHERE k >= ?1 AND k < ?2 AND (expiration_ms < 0 OR expiration_ms > ?3) "
     "ORDER BY k DESC LIMIT ?4"},
};

}  // namespace

void visit_range(Connection& c, const SchemaInfo& schema, const core::Bytes& start,
                 const core::Bytes& end, bool reverse, int64_t limit, int64_t now_ms,
                 const ScanVisitor& visit) {
  // SQLite compares BLOBs like the key order (memcmp, then length), and so
  // does std::vector<uint8_t>'s operator<.
  if (!schema.has_kv || !(start < end)) return;
  auto s = c.prepare(kRangeSql[reverse][schema.kv_has_expiration]);
  s->bind_blob(1, start);
  s->bind_blob(2, end);
  if (schema.kv_has_expiration) s->bind_int64(3, now_ms);
  s->bind_int64(4, limit);  // SQLite: a negative LIMIT means none
  while (s->step()) {
    core::RawEntry e;
    e.key = s->column_blob(0);
    e.value.data = s->column_blob(1);
    e.value.encoding = static_cast<core::Encoding>(s->column_int64(2));
    e.versionstamp = Versionstamp::from_version(static_cast<uint64_t>(s->column_int64(3)));
    if (!visit(std::move(e))) break;
  }
}

namespace {

void read_into(Connection& c, const SchemaInfo& schema, const std::vector<core::ReadRange>& ranges,
               int64_t now_ms, core::ReadResult& result) {
  result.ranges.reserve(ranges.size());
  for (const core::ReadRange& range : ranges) {
    std::vector<core::RawEntry>& out = result.ranges.emplace_back();
    if (range.limit <= 0) continue;
    visit_range(c, schema, range.start, range.end, range.reverse, range.limit, now_ms,
                [&out](core::RawEntry&& e) {
                  out.push_back(std::move(e));
                  return true;
                });
  }
}

}  // namespace

core::ReadResult read_ranges(Connection& c, const SchemaInfo& schema,
                             const std::vector<core::ReadRange>& ranges, int64_t now_ms) {
  core::ReadResult result;
  if (ranges.size() <= 1) {
    // One SELECT is one snapshot on its own; BEGIN and COMMIT would be two
    // more statements on every get.
    read_into(c, schema, ranges, now_ms, result);
    return result;
  }
  // Deferred: the snapshot starts at the first SELECT and holds until COMMIT,
  // so every range comes from one point in time.
  Transaction txn(c, "BEGIN");
  read_into(c, schema, ranges, now_ms, result);
  txn.commit();
  return result;
}

Versionstamp read_current_version(Connection& c, const SchemaInfo& schema) {
  if (!schema.has_data_version) return Versionstamp();
  auto s = c.prepare("SELECT version FROM data_version WHERE k = 0");
  if (!s->step()) return Versionstamp();
  return Versionstamp::from_version(static_cast<uint64_t>(s->column_int64(0)));
}

std::optional<int64_t> read_next_expiration(Connection& c, const SchemaInfo& schema) {
  if (!schema.kv_has_expiration) return std::nullopt;
  auto s = c.prepare(
      "SELECT expiration_ms FROM kv WHERE expiration_ms >= 0 "
      "ORDER BY expiration_ms LIMIT 1");
  if (!s->step()) return std::nullopt;
  return s->column_int64(0);
}

}  // namespace openkv::storage::sqlite
