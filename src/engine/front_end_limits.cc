// Copyright (c) OpenKV authors.
#include "engine/front_end_limits.h"

#include <string>

#include "core/limits.h"
#include "openkv/errors.h"

namespace openkv::engine {
namespace {

[[noreturn]] void fail(const std::string& text) { throw Error(ErrorCode::kInvalidArgument, text); }

}  // namespace

void check_read_key(const core::Bytes& key) {
  if (key.size() > core::limits::kMaxReadKeyBytes) {
    fail("Key too large for read (max " + std::to_string(core::limits::kMaxReadKeyBytes) +
         " bytes)");
  }
}

void check_write_key(const core::Bytes& key) {
  if (key.empty()) fail("key cannot be empty");
  if (key.size() > core::limits::kMaxWriteKeyBytes) {
    fail("Key too large for write (max " + std::to_string(core::limits::kMaxWriteKeyBytes) +
         " bytes)");
  }
}

void check_value_size(const core::RawValue& value) {
  if (value.data.size() > core::limits::kMaxValueBytes) {
    fail("Value too large (max " + std::to_string(core::limits::kMaxValueBytes) + " bytes)");
  }
}

void check_read_ranges(const std::vector<core::ReadRange>& ranges) {
  if (ranges.size() > core::limits::kMaxReadRanges) {
    fail("Too many ranges (max " + std::to_string(core::limits::kMaxReadRanges) + ")");
  }
  size_t total = 0;
  for (const auto& range : ranges) {
    check_read_key(range.start);
    check_read_key(range.end);
    if (range.limit <= 0) fail("limit must be greater than 0");
    total += static_cast<size_t>(range.limit);
  }
  if (total > core::limits::kMaxReadEntries) {
    fail("Too many entries (max " + std::to_string(core::limits::kMaxReadEntries) + ")");
  }
}

void check_watch_key_count(size_t count) {
  if (count > core::limits::kMaxWatchedKeys) {
    fail("Too many keys (max " + std::to_string(core::limits::kMaxWatchedKeys) + ")");
  }
}

}  // namespace openkv::engine
