// Copyright (c) OpenKV authors.

#include "storage/sqlite/queue_rows.h"

#include <array>

namespace openkv::storage::sqlite {
namespace {

template <typename Range>
void append_int_array(std::string& out, const Range& values) {
  out += '[';
  bool first = true;
  for (auto v : values) {
    if (!first) out += ',';
    first = false;
    out += std::to_string(v);
  }
  out += ']';
}

}  // namespace

std::string new_message_id(std::mt19937_64& rng) {
  std::array<uint8_t, 16> b;
  uint64_t hi = rng();
  uint64_t lo = rng();
  for (int i = 0; i < 8; ++i) {
    b[i] = static_cast<uint8_t>(hi >> (56 - 8 * i));
    b[8 + i] = static_cast<uint8_t>(lo >> (56 - 8 * i));
  }
  b[6] = static_cast<uint8_t>((b[6] & 0x0f) | 0x40);  // version 4
  b[8] = static_cast<uint8_t>((b[8] & 0x3f) | 0x80);  // RFC 4122 variant
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id;
  id.reserve(36);
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) id += '-';
    id += kHex[b[i] >> 4];
    id += kHex[b[i] & 0x0f];
  }
  return id;
}

std::string backoff_schedule_json(const std::vector<uint32_t>& schedule) {
  std::string out;
  append_int_array(out, schedule);
  return out;
}

std::string keys_json(const std::vector<core::Bytes>& keys) {
  std::string out = "[";
  for (size_t i = 0; i < keys.size(); ++i) {
    if (i > 0) out += ',';
    append_int_array(out, keys[i]);
  }
  out += ']';
  return out;
}

}  // namespace openkv::storage::sqlite
