// Copyright (c) OpenKV authors.

#include "storage/sqlite/kv_writes.h"

#include <algorithm>
#include <cstring>
#include <optional>
#include <string>

#include "core/mutation_math.h"
#include "core/versionstamped_key.h"
#include "openkv/errors.h"
#include "storage/sqlite/queue_rows.h"

namespace openkv::storage::sqlite {
namespace {

// A row is live when it never expires (-1) or expires after now (spec 02 §8).
constexpr const char* kLiveVersion =
    "SELECT version FROM kv WHERE k = ?1 "
    "AND (expiration_ms < 0 OR expiration_ms > ?2)";
constexpr const char* kLiveValue =
    "SELECT v, v_encoding FROM kv WHERE k = ?1 "
    "AND (expiration_ms < 0 OR expiration_ms > ?2)";
// Two statements, not one UPDATE ... RETURNING: SQLite buffers RETURNING
// rows in an ephemeral table and runs the statement under a statement
// journal, two 64–87 KiB allocations per commit that cost more than a
// second statement (measured: a tenth of a lone commit's CPU).
constexpr const char* kBumpVersion = "UPDATE data_version SET version = version + ?1 WHERE k = 0";
constexpr const char* kCurrentVersion = "SELECT version FROM data_version WHERE k = 0";
constexpr const char* kUpsert =
    "INSERT INTO kv (k, v, v_encoding, version, expiration_ms) "
    "VALUES (?1, ?2, ?3, ?4, ?5) "
    "ON CONFLICT (k) DO UPDATE SET v = excluded.v, "
    "v_encoding = excluded.v_encoding, version = excluded.version, "
    "expiration_ms = excluded.expiration_ms";
constexpr const char* kDelete = "DELETE FROM kv WHERE k = ?1";
constexpr const char* kDeleteRange = "DELETE FROM kv WHERE k >= ?1 AND k < ?2";
constexpr const char* kEnqueue =
    "INSERT INTO queue (ts, id, data, backoff_schedule, keys_if_undelivered) "
    "VALUES (?1, ?2, ?3, ?4, ?5)";
constexpr const char* kSweep =
    "DELETE FROM kv WHERE expiration_ms >= 0 AND expiration_ms <= ?1 "
    "RETURNING k";

constexpr int64_t kNoExpiration = -1;

std::optional<Versionstamp> live_versionstamp(Connection& c, const core::Bytes& key,
                                              int64_t now_ms) {
  auto s = c.prepare(kLiveVersion);
  s->bind_blob(1, key);
  s->bind_int64(2, now_ms);
  if (!s->step()) return std::nullopt;
  return Versionstamp::from_version(static_cast<uint64_t>(s->column_int64(0)));
}

std::optional<core::RawValue> live_value(Connection& c, const core::Bytes& key, int64_t now_ms) {
  auto s = c.prepare(kLiveValue);
  s->bind_blob(1, key);
  s->bind_int64(2, now_ms);
  if (!s->step()) return std::nullopt;
  // An unknown stored encoding passes through unchanged: the numeric rules
  // own its error text (spec 02 §6).
  return core::RawValue{s->column_blob(0), static_cast<core::Encoding>(s->column_int64(1))};
}

// data_version.version += increment; returns the new version.
int64_t bump_version(Connection& c, int64_t increment) {
  {
    auto s = c.prepare(kBumpVersion);
    s->bind_int64(1, increment);
    s->step();
  }
  auto s = c.prepare(kCurrentVersion);
  if (!s->step()) {
    throw Error(ErrorCode::kCorruption, "The data_version row is missing.");
  }
  return s->column_int64(0);
}

void upsert(Connection& c, const core::Bytes& key, const core::RawValue& value, int64_t version,
            int64_t expiration_ms) {
  auto s = c.prepare(kUpsert);
  s->bind_blob(1, key);
  s->bind_blob(2, value.data);
  s->bind_int64(3, static_cast<int64_t>(value.encoding));
  s->bind_int64(4, version);
  s->bind_int64(5, expiration_ms);
  s->step();
}

void erase(Connection& c, const core::Bytes& key) {
  auto s = c.prepare(kDelete);
  s->bind_blob(1, key);
  s->step();
}

void apply_mutation(Connection& c, const core::Mutation& m, int64_t version, const Versionstamp& vs,
                    int64_t now_ms) {
  switch (m.type) {
    case core::MutationType::kSet:
      upsert(c, m.key, m.value, version, m.expire_at_ms.value_or(kNoExpiration));
      return;
    case core::MutationType::kSetSuffixVersionstampedKey:
      upsert(c, core::versionstamped_key(m.key, vs), m.value, version, m.expire_at_ms.value_or(kNoExpiration));
      return;
    case core::MutationType::kDelete:
      erase(c, m.key);
      return;
    case core::MutationType::kSum:
    case core::MutationType::kMin:
    case core::MutationType::kMax: {
      core::RawValue result = core::apply_numeric_mutation(live_value(c, m.key, now_ms), m);
      upsert(c, m.key, result, version, kNoExpiration);
      return;
    }
  }
  throw Error(ErrorCode::kInvalidArgument, "Invalid mutation type");
}

void insert_queue_row(Connection& c, const core::Enqueue& e, WriterRandom& random) {
  auto s = c.prepare(kEnqueue);
  s->bind_int64(1, e.deadline_ms);
  s->bind_text(2, new_message_id(random.ids));
  s->bind_blob(3, e.payload);
  s->bind_text(4, backoff_schedule_json(e.backoff_schedule));
  s->bind_text(5, keys_json(e.keys_if_undelivered));
  s->step();
}

// Evaluates the checks; when all pass allocates the commit's version.
core::CommitResult begin_commit(Connection& c, const std::vector<core::Check>& checks,
                                int64_t now_ms, WriterRandom& random) {
  core::CommitResult result;
  for (size_t i = 0; i < checks.size(); ++i) {
    if (live_versionstamp(c, checks[i].key, now_ms) != checks[i].versionstamp) {
      result.failed_checks.push_back(static_cast<uint32_t>(i));
    }
  }
  if (!result.failed_checks.empty()) return result;
  std::uniform_int_distribution<int64_t> increment(1, 9);
  int64_t version = bump_version(c, increment(random.increments));
  result.versionstamp = Versionstamp::from_version(static_cast<uint64_t>(version));
  result.ok = true;
  return result;
}

}  // namespace

core::CommitResult apply_streamed_write(Connection& c, const StreamedWrite& write, int64_t now_ms,
                                        WriterRandom& random) {
  core::CommitResult result = begin_commit(c, write.checks, now_ms, random);
  if (!result.ok) return result;
  const auto version = static_cast<int64_t>(result.versionstamp.version());
  for (const auto& [start, end] : write.clear_ranges) {
    auto s = c.prepare(kDeleteRange);
    s->bind_blob(1, start);
    s->bind_blob(2, end);
    s->step();
  }
  core::Mutation m;
  while (write.next(m)) {
    if (m.type != core::MutationType::kSet && m.type != core::MutationType::kDelete) {
      throw Error(ErrorCode::kInvalidArgument, "A streamed write only sets and deletes.");
    }
    apply_mutation(c, m, version, result.versionstamp, now_ms);
  }
  return result;
}

core::CommitResult apply_atomic_write(Connection& c, const core::AtomicWrite& write, int64_t now_ms,
                                      WriterRandom& random) {
  core::CommitResult result = begin_commit(c, write.checks, now_ms, random);
  if (!result.ok) return result;
  const auto version = static_cast<int64_t>(result.versionstamp.version());
  for (const core::Mutation& m : write.mutations) {
    apply_mutation(c, m, version, result.versionstamp, now_ms);
  }
  for (const core::Enqueue& e : write.enqueues) insert_queue_row(c, e, random);
  return result;
}

SweepResult sweep_expired_rows(Connection& c, int64_t now_ms) {
  SweepResult result;
  {
    auto s = c.prepare(kSweep);
    s->bind_int64(1, now_ms);
    while (s->step()) result.deleted_keys.push_back(s->column_blob(0));
  }
  if (!result.deleted_keys.empty()) {
    // Key order (memcmp, then length), spelled out: std::vector's operator<
    // inlined into std::sort makes GCC 12 warn about an impossible memcmp bound.
    std::sort(result.deleted_keys.begin(), result.deleted_keys.end(),
              [](const core::Bytes& a, const core::Bytes& b) {
                int c = std::memcmp(a.data(), b.data(), std::min(a.size(), b.size()));
                return c != 0 ? c < 0 : a.size() < b.size();
              });
    result.versionstamp = Versionstamp::from_version(static_cast<uint64_t>(bump_version(c, 1)));
  }
  return result;
}

}  // namespace openkv::storage::sqlite
