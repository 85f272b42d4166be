// Copyright (c) OpenKV authors.
//
// The text formats of the queue tables (spec 03 §4, §5.4): message ids are
// lowercase hyphenated UUIDv4, backoff_schedule is a compact JSON array of
// integers and keys_if_undelivered a compact JSON array of byte arrays. Deno
// reads both JSON columns as TEXT, so they must be bound as TEXT.
//
// Thread-safety: pure functions; callers own the random engine.
#ifndef OPENKV_STORAGE_SQLITE_QUEUE_ROWS_H_
#define OPENKV_STORAGE_SQLITE_QUEUE_ROWS_H_

#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "core/raw.h"

namespace openkv::storage::sqlite {

// e.g. "43529ff2-3d15-4fee-9e54-3ca1f2d7190a"
std::string new_message_id(std::mt19937_64& rng);

// e.g. "[100,1000,5000,30000,60000]"; "[]" when empty.
std::string backoff_schedule_json(const std::vector<uint32_t>& schedule);

// e.g. "[[2,117,110,100,101,108,105,118,101,114,101,100,0]]"; "[]" when empty.
std::string keys_json(const std::vector<core::Bytes>& keys);

// The inverses, for rows written by anyone (Deno, denokv, OpenKV): JSON
// whitespace is accepted and a JSON null (or SQL NULL, read as "") means
// empty. Anything else throws Error(kCorruption).
std::vector<uint32_t> parse_backoff_schedule_json(std::string_view text);
std::vector<core::Bytes> parse_keys_json(std::string_view text);

}  // namespace openkv::storage::sqlite

#endif  // OPENKV_STORAGE_SQLITE_QUEUE_ROWS_H_
