// Copyright (c) OpenKV authors.
#include "codec/list_bounds.h"

#include <algorithm>

#include "codec/base64url.h"
#include "openkv/errors.h"

namespace openkv::codec {
namespace {

using Bytes = std::vector<uint8_t>;

[[noreturn]] void invalid(const char* text) { throw Error(ErrorCode::kInvalidArgument, text); }

bool has_prefix(std::span<const uint8_t> key, std::span<const uint8_t> prefix) {
  return key.size() >= prefix.size() && std::equal(prefix.begin(), prefix.end(), key.begin());
}

// Every key inside the prefix is P followed by a tag byte, and tags lie
// strictly between 00 and FF.
Bytes with_suffix(Bytes key, uint8_t last) {
  key.push_back(last);
  return key;
}

}  // namespace

ListBounds list_bounds(const std::optional<Bytes>& prefix, const std::optional<Bytes>& start,
                       const std::optional<Bytes>& end) {
  if (prefix && start && end) {
    invalid("Selector can not specify both 'start' and 'end' key when specifying 'prefix'");
  }
  if (!prefix) {
    if (!start || !end)
      invalid("Selector must specify either 'prefix' or both 'start' and 'end' key");
    if (*start > *end) invalid("Start key is greater than end key");
    auto common_end = std::mismatch(start->begin(), start->end(), end->begin(), end->end()).first;
    return ListBounds{*start, *end, Bytes(start->begin(), common_end)};
  }
  // A start or end equal to the prefix itself is outside: the prefix's own
  // key is never listed.
  if (start && !(has_prefix(*start, *prefix) && start->size() > prefix->size())) {
    invalid("Start key is not in the keyspace defined by prefix");
  }
  if (end && !(has_prefix(*end, *prefix) && end->size() > prefix->size())) {
    invalid("End key is not in the keyspace defined by prefix");
  }
  return ListBounds{start ? *start : with_suffix(*prefix, 0x00),
                    end ? *end : with_suffix(*prefix, 0xFF), *prefix};
}

std::string encode_cursor(const ListBounds& bounds, std::span<const uint8_t> boundary_key) {
  if (!has_prefix(boundary_key, bounds.common_prefix)) invalid("Invalid boundary key");
  return base64url_encode(boundary_key.subspan(bounds.common_prefix.size()),
                          Base64Padding::kPadded);
}

void apply_cursor(ListBounds& bounds, std::string_view cursor, bool reverse, bool explicit_start,
                  bool explicit_end) {
  if (cursor.empty()) return;
  std::optional<Bytes> suffix = base64url_decode(cursor, Base64Padding::kPadded);
  if (!suffix) invalid("invalid cursor");
  Bytes boundary = bounds.common_prefix;
  boundary.insert(boundary.end(), suffix->begin(), suffix->end());
  // The boundary key was already yielded: resume strictly after it going
  // forward (its first successor is boundary ‖ 00), strictly before it in
  // reverse (the end is exclusive).
  if (reverse) {
    if (explicit_end && boundary > bounds.end) invalid("cursor out of bounds");
    bounds.end = std::move(boundary);
  } else {
    boundary.push_back(0x00);
    if (explicit_start && boundary < bounds.start) invalid("cursor out of bounds");
    bounds.start = std::move(boundary);
  }
}

}  // namespace openkv::codec
