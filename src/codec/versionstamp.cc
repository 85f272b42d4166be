// Copyright (c) OpenKV authors.
#include "openkv/versionstamp.h"

#include <algorithm>

#include "codec/hex.h"
#include "openkv/errors.h"

namespace openkv {

Versionstamp Versionstamp::from_version(uint64_t version) {
  Bytes b{};  // the last two bytes stay 00 00
  for (int i = 0; i < 8; ++i) b[i] = static_cast<uint8_t>(version >> (56 - 8 * i));
  return Versionstamp(b);
}

Versionstamp Versionstamp::from_hex(std::string_view hex) {
  auto bytes = codec::from_hex(hex);
  if (!bytes || bytes->size() != kSize) {
    throw Error(ErrorCode::kInvalidArgument, "invalid versionstamp");
  }
  Bytes b{};
  std::copy(bytes->begin(), bytes->end(), b.begin());
  return Versionstamp(b);
}

uint64_t Versionstamp::version() const {
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = v << 8 | bytes_[i];
  return v;
}

std::string Versionstamp::to_hex() const { return codec::to_hex(bytes_); }

}  // namespace openkv
