// Copyright (c) OpenKV authors.
#include "openkv/versionstamp.h"

#include "openkv/errors.h"

namespace openkv {
namespace {

int hex_digit_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

Versionstamp Versionstamp::from_version(uint64_t version) {
  Bytes b{};  // the last two bytes stay 00 00
  for (int i = 0; i < 8; ++i) b[i] = static_cast<uint8_t>(version >> (56 - 8 * i));
  return Versionstamp(b);
}

Versionstamp Versionstamp::from_hex(std::string_view hex) {
  if (hex.size() != 2 * kSize) throw Error(ErrorCode::kInvalidArgument, "invalid versionstamp");
  Bytes b{};
  for (size_t i = 0; i < kSize; ++i) {
    int hi = hex_digit_value(hex[2 * i]);
    int lo = hex_digit_value(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) throw Error(ErrorCode::kInvalidArgument, "invalid versionstamp");
    b[i] = static_cast<uint8_t>(hi << 4 | lo);
  }
  return Versionstamp(b);
}

uint64_t Versionstamp::version() const {
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = v << 8 | bytes_[i];
  return v;
}

std::string Versionstamp::to_hex() const {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(2 * kSize);
  for (uint8_t byte : bytes_) {
    out += kDigits[byte >> 4];
    out += kDigits[byte & 0x0F];
  }
  return out;
}

}  // namespace openkv
