// Copyright (c) OpenKV authors.
//
// Hex notation for byte vectors in codec tests, as the spec writes them:
// "02 61 00" or "026100" (spaces ignored).
#ifndef OPENKV_TESTS_UNIT_CODEC_HEX_BYTES_H_
#define OPENKV_TESTS_UNIT_CODEC_HEX_BYTES_H_

#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace openkv::testing {

inline std::vector<uint8_t> hex_bytes(std::string_view text) {
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    throw std::invalid_argument("bad hex in test");
  };
  std::string digits;
  for (char c : text) {
    if (c != ' ') digits += c;
  }
  if (digits.size() % 2 != 0) throw std::invalid_argument("odd hex length in test");
  std::vector<uint8_t> out;
  for (size_t i = 0; i < digits.size(); i += 2) {
    out.push_back(static_cast<uint8_t>(nibble(digits[i]) << 4 | nibble(digits[i + 1])));
  }
  return out;
}

// "02 61 00": the same notation, for readable failure messages.
inline std::string to_hex(std::span<const uint8_t> bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (uint8_t b : bytes) {
    if (!out.empty()) out += ' ';
    out += kDigits[b >> 4];
    out += kDigits[b & 0x0F];
  }
  return out;
}

}  // namespace openkv::testing

#endif  // OPENKV_TESTS_UNIT_CODEC_HEX_BYTES_H_
