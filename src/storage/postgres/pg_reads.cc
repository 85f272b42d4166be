// Copyright (c) OpenKV authors.

#include "storage/postgres/pg_reads.h"

namespace openkv::storage::postgres {
namespace {

constexpr const char* kSnapshot = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";

// Indexed by [reverse]. Bytea compares as memcmp then length: the key order.
constexpr const char* kRangeSql[2] = {
    "SELECT k, v, v_encoding, version FROM kv WHERE k >= $1 AND k < $2 "
    "AND (expiration_ms < 0 OR expiration_ms > $3) ORDER BY k ASC LIMIT $4",
    "SELECT k, v, v_encoding, version FROM kv WHERE k >= $1 AND k < $2 "
    "AND (expiration_ms < 0 OR expiration_ms > $3) ORDER BY k DESC LIMIT $4",
};
core::RawEntry entry_at(const Result& r, int row) {
  core::RawEntry e;
  e.key = r.bytes(row, 0);
  e.value.data = r.bytes(row, 1);
  e.value.encoding = static_cast<core::Encoding>(r.int32(row, 2));
  e.versionstamp = Versionstamp::from_version(static_cast<uint64_t>(r.int64(row, 3)));
  return e;
}

void read_into(Connection& c, const std::vector<core::ReadRange>& ranges, int64_t now_ms,
               core::ReadResult& result) {
  result.ranges.reserve(ranges.size());
  for (const core::ReadRange& range : ranges) {
    std::vector<core::RawEntry>& out = result.ranges.emplace_back();
    if (range.limit <= 0 || !(range.start < range.end)) continue;
    Result r = c.exec(kRangeSql[range.reverse],
                      Params().bytes(range.start).bytes(range.end).int64(now_ms).int64(range.limit));
    out.reserve(static_cast<size_t>(r.rows()));
    for (int i = 0; i < r.rows(); ++i) out.push_back(entry_at(r, i));
  }
}

}  // namespace

core::ReadResult read_ranges(Connection& c, const std::vector<core::ReadRange>& ranges,
                             int64_t now_ms) {
  core::ReadResult result;
  if (ranges.size() <= 1) {
    // One statement sees one snapshot on its own: a get is one round trip,
    // not four (BEGIN, SELECT, COMMIT around it).
    read_into(c, ranges, now_ms, result);
    return result;
  }
  Transaction txn(c, kSnapshot);
  read_into(c, ranges, now_ms, result);
  txn.commit();
  return result;
}

void scan_range(Connection& c, const core::Bytes& start, const core::Bytes& end, bool reverse,
                int64_t now_ms, const ScanVisitor& visit) {
  constexpr int kPage = 1000;
  Transaction txn(c, kSnapshot);
  core::Bytes from = start;
  core::Bytes to = end;
  // Pages by key within one snapshot: each continues strictly after
  // (before, when reversed) the last key of the one before.
  while (from < to) {
    Result r = c.exec(kRangeSql[reverse], Params().bytes(from).bytes(to).int64(now_ms).int64(kPage));
    for (int i = 0; i < r.rows(); ++i) {
      if (!visit(entry_at(r, i))) {
        txn.commit();
        return;
      }
    }
    if (r.rows() < kPage) break;
    if (reverse) {
      to = r.bytes(r.rows() - 1, 0);
    } else {
      from = r.bytes(r.rows() - 1, 0);
      from.push_back(0);
    }
  }
  txn.commit();
}

Versionstamp read_current_version(Connection& c) {
  Result r = c.exec("SELECT version FROM kv_version WHERE k = 0");
  if (!r.rows()) return Versionstamp();
  return Versionstamp::from_version(static_cast<uint64_t>(r.int64(0, 0)));
}

std::optional<int64_t> read_next_expiration(Connection& c) {
  Result r = c.exec("SELECT min(expiration_ms) FROM kv WHERE expiration_ms >= 0");
  if (!r.rows() || r.is_null(0, 0)) return std::nullopt;
  return r.int64(0, 0);
}

}  // namespace openkv::storage::postgres
