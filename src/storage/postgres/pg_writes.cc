// Copyright (c) OpenKV authors.

#include "storage/postgres/pg_writes.h"

#include <algorithm>
#include <cstring>
#include <optional>
#include <string>

#include "core/mutation_math.h"
#include "core/versionstamped_key.h"
#include "openkv/errors.h"

namespace openkv::storage::postgres {
namespace {

// A row is live when it never expires (-1) or expires after now (spec 02 §8).
constexpr const char* kLiveVersion =
    "SELECT version FROM kv WHERE k = $1 AND (expiration_ms < 0 OR expiration_ms > $2)";
constexpr const char* kLiveValue =
    "SELECT v, v_encoding FROM kv WHERE k = $1 AND (expiration_ms < 0 OR expiration_ms > $2)";
constexpr const char* kLockVersion = "SELECT version FROM kv_version WHERE k = 0 FOR UPDATE";
constexpr const char* kBumpVersion =
    "UPDATE kv_version SET version = version + 1 WHERE k = 0 RETURNING version";
constexpr const char* kUpsert =
    "INSERT INTO kv (k, v, v_encoding, version, expiration_ms) VALUES ($1, $2, $3::int8, $4, $5) "
    "ON CONFLICT (k) DO UPDATE SET v = excluded.v, v_encoding = excluded.v_encoding, "
    "version = excluded.version, expiration_ms = excluded.expiration_ms";
constexpr const char* kDelete = "DELETE FROM kv WHERE k = $1";
constexpr const char* kSweep =
    "DELETE FROM kv WHERE expiration_ms >= 0 AND expiration_ms <= $1 RETURNING k";

constexpr int64_t kNoExpiration = -1;

std::optional<Versionstamp> live_versionstamp(Connection& c, const core::Bytes& key,
                                              int64_t now_ms) {
  Result r = c.exec(kLiveVersion, Params().bytes(key).int64(now_ms));
  if (!r.rows()) return std::nullopt;
  return Versionstamp::from_version(static_cast<uint64_t>(r.int64(0, 0)));
}

std::optional<core::RawValue> live_value(Connection& c, const core::Bytes& key, int64_t now_ms) {
  Result r = c.exec(kLiveValue, Params().bytes(key).int64(now_ms));
  if (!r.rows()) return std::nullopt;
  // An unknown stored encoding passes through unchanged: the numeric rules
  // own its error text (spec 02 §6).
  return core::RawValue{r.bytes(0, 0), static_cast<core::Encoding>(r.int32(0, 1))};
}

int64_t bump_version(Connection& c) {
  Result r = c.exec(kBumpVersion);
  if (!r.rows()) throw Error(ErrorCode::kCorruption, "The kv_version row is missing.");
  return r.int64(0, 0);
}

void upsert(Connection& c, const core::Bytes& key, const core::RawValue& value, int64_t version,
            int64_t expiration_ms) {
  c.exec(kUpsert, Params()
                      .bytes(key)
                      .bytes(value.data)
                      .int64(static_cast<int64_t>(value.encoding))
                      .int64(version)
                      .int64(expiration_ms));
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
      c.exec(kDelete, Params().bytes(m.key));
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

// PostgreSQL's array literal of integers: {100,1000,5000}.
std::string int_array_literal(const std::vector<uint32_t>& values) {
  std::string out = "{";
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out += ',';
    out += std::to_string(values[i]);
  }
  return out + "}";
}

// The dead-letter keys travel as separate bytea parameters gathered by an
// ARRAY constructor, so no bytea text escaping is ever needed.
void insert_queue_row(Connection& c, const core::Enqueue& e) {
  Params p;
  p.int64(e.deadline_ms).bytes(e.payload).text(int_array_literal(e.backoff_schedule));
  std::string keys = "ARRAY[";
  for (size_t i = 0; i < e.keys_if_undelivered.size(); ++i) {
    if (i > 0) keys += ',';
    keys += "$" + std::to_string(i + 4);
    p.bytes(e.keys_if_undelivered[i]);
  }
  keys += "]::bytea[]";
  c.exec_once(
      "INSERT INTO queue (ts, id, data, backoff_schedule, keys_if_undelivered) "
      "VALUES ($1, gen_random_uuid()::text, $2, $3::int[], " +
          keys + ")",
      p);
}

}  // namespace

void lock_version(Connection& c) {
  Result r = c.exec(kLockVersion);
  if (!r.rows()) throw Error(ErrorCode::kCorruption, "The kv_version row is missing.");
}

core::CommitResult apply_atomic_write(Connection& c, const core::AtomicWrite& write,
                                      int64_t now_ms) {
  core::CommitResult result;
  for (size_t i = 0; i < write.checks.size(); ++i) {
    const core::Check& check = write.checks[i];
    if (live_versionstamp(c, check.key, now_ms) != check.versionstamp) {
      result.failed_checks.push_back(static_cast<uint32_t>(i));
    }
  }
  if (!result.failed_checks.empty()) return result;

  int64_t version = bump_version(c);
  result.versionstamp = Versionstamp::from_version(static_cast<uint64_t>(version));
  for (const core::Mutation& m : write.mutations) {
    apply_mutation(c, m, version, result.versionstamp, now_ms);
  }
  for (const core::Enqueue& e : write.enqueues) insert_queue_row(c, e);
  result.ok = true;
  return result;
}

SweepResult sweep_expired_rows(Connection& c, int64_t now_ms) {
  SweepResult result;
  Result r = c.exec(kSweep, Params().int64(now_ms));
  for (int i = 0; i < r.rows(); ++i) result.deleted_keys.push_back(r.bytes(i, 0));
  if (!result.deleted_keys.empty()) {
    // Key order (memcmp, then length), spelled out: std::vector's operator<
    // inlined into std::sort makes GCC 12 warn about an impossible memcmp bound.
    std::sort(result.deleted_keys.begin(), result.deleted_keys.end(),
              [](const core::Bytes& a, const core::Bytes& b) {
                int d = std::memcmp(a.data(), b.data(), std::min(a.size(), b.size()));
                return d != 0 ? d < 0 : a.size() < b.size();
              });
    result.versionstamp = Versionstamp::from_version(static_cast<uint64_t>(bump_version(c)));
  }
  return result;
}

}  // namespace openkv::storage::postgres
