// Copyright (c) OpenKV authors.
//
// List selectors as byte ranges, and Deno's list cursors (spec 02 §4.1,
// 01 §2). Everything here works on encoded keys; the caller encodes the
// selector's keys first and checks key sizes on the resulting bounds.
#ifndef OPENKV_CODEC_LIST_BOUNDS_H_
#define OPENKV_CODEC_LIST_BOUNDS_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace openkv::codec {

struct ListBounds {
  std::vector<uint8_t> start;          // inclusive
  std::vector<uint8_t> end;            // exclusive
  std::vector<uint8_t> common_prefix;  // cursors are relative to it
};

// prefix/start/end are encoded keys; nullopt = not given. Throws
// Error(kInvalidArgument) with Deno's TypeError texts for a bad shape or a
// start/end outside the prefix or in the wrong order. Deno reports shape
// errors before it encodes any key, so a caller that wants its error order
// checks the shape (which keys are given) before encoding.
ListBounds list_bounds(const std::optional<std::vector<uint8_t>>& prefix,
                       const std::optional<std::vector<uint8_t>>& start,
                       const std::optional<std::vector<uint8_t>>& end);

// The cursor of the last yielded key: padded base64url of the key minus the
// common prefix. Throws Error(kInvalidArgument, "Invalid boundary key") when
// the key does not start with the common prefix.
std::string encode_cursor(const ListBounds& bounds, std::span<const uint8_t> boundary_key);

// Narrows `bounds` (fresh from list_bounds) to what follows the cursor in the
// iteration direction; "" means no cursor. explicit_start/explicit_end say
// whether the selector gave start/end (for {start, end} both; for a prefix
// selector only the one given): a cursor may not move past those. Throws
// Error(kInvalidArgument) "invalid cursor" or "cursor out of bounds".
void apply_cursor(ListBounds& bounds, std::string_view cursor, bool reverse, bool explicit_start,
                  bool explicit_end);

}  // namespace openkv::codec

#endif  // OPENKV_CODEC_LIST_BOUNDS_H_
