// Copyright (c) OpenKV authors.
//
// The raw layer: Deno KV with byte-string keys and (bytes, encoding) values.
// This is the language shared by the typed engine, the KV Connect server and
// every storage backend; KV Connect's protobuf messages map onto it field by
// field. Nothing here knows about typed keys or V8 values, and nothing here is
// validated: validation happens where a request enters (engine front end or
// server), before it reaches a backend.
#ifndef OPENKV_CORE_RAW_H_
#define OPENKV_CORE_RAW_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "openkv/versionstamp.h"

namespace openkv::core {

using Bytes = std::vector<uint8_t>;

// Value encodings, numbered as on the wire and in the SQLite column v_encoding.
enum class Encoding : int32_t { kV8 = 1, kLe64 = 2, kBytes = 3 };

struct RawValue {
  Bytes data;
  Encoding encoding = Encoding::kBytes;
  friend bool operator==(const RawValue&, const RawValue&) = default;
};

struct RawEntry {
  Bytes key;
  RawValue value;
  Versionstamp versionstamp;
  friend bool operator==(const RawEntry&, const RawEntry&) = default;
};

// [start, end) with at most `limit` live entries, ascending or descending.
struct ReadRange {
  Bytes start;
  Bytes end;
  int32_t limit = 1;
  bool reverse = false;
};

struct ReadResult {
  std::vector<std::vector<RawEntry>> ranges;  // one per requested range, in order
};

struct Check {
  Bytes key;
  std::optional<Versionstamp> versionstamp;  // nullopt: the key must be absent
};

enum class MutationType : int32_t {
  kSet = 1,
  kDelete = 2,
  kSum = 3,
  kMax = 4,
  kMin = 5,
  kSetSuffixVersionstampedKey = 9,
};

struct Mutation {
  Bytes key;
  MutationType type = MutationType::kSet;
  RawValue value;                       // ignored for kDelete
  std::optional<int64_t> expire_at_ms;  // absolute Unix ms; only for sets
  // V8 sum bounds (empty = no bound) and clamping; only for kSum with a V8 operand.
  Bytes sum_min;
  Bytes sum_max;
  bool sum_clamp = false;
};

struct Enqueue {
  Bytes payload;            // V8
  int64_t deadline_ms = 0;  // deliver at (Unix ms)
  std::vector<Bytes> keys_if_undelivered;
  std::vector<uint32_t> backoff_schedule;  // empty = no retries
};

struct AtomicWrite {
  std::vector<Check> checks;
  std::vector<Mutation> mutations;
  std::vector<Enqueue> enqueues;
};

// The outcome of an atomic write that did not fail with an error.
struct CommitResult {
  bool ok = false;                      // false only when a check failed
  Versionstamp versionstamp;            // valid when ok
  std::vector<uint32_t> failed_checks;  // positions of all failing checks, ascending
};

}  // namespace openkv::core

#endif  // OPENKV_CORE_RAW_H_
