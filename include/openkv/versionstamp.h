// Copyright (c) OpenKV authors.
//
// A versionstamp identifies the commit that last wrote an entry: 10 bytes,
// shown as 20 lowercase hex characters. Versionstamps of successive commits
// strictly increase, so their byte order (and hex string order) is commit
// order. Treat them as opaque: only the SQLite engine gives the bytes a
// meaning (big-endian 8-byte counter followed by two zero bytes).
//
// Thread-safety: a value type.
#ifndef OPENKV_VERSIONSTAMP_H_
#define OPENKV_VERSIONSTAMP_H_

#include <array>
#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

namespace openkv {

class Versionstamp {
 public:
  static constexpr size_t kSize = 10;
  using Bytes = std::array<uint8_t, kSize>;

  Versionstamp() = default;  // 00000000000000000000: never a real commit
  explicit Versionstamp(const Bytes& b) : bytes_(b) {}
  // The SQLite engine's mapping: big-endian version ‖ 00 00.
  static Versionstamp from_version(uint64_t version);
  // Exactly 20 hex characters (either case), else Error(kInvalidArgument,
  // "invalid versionstamp").
  static Versionstamp from_hex(std::string_view hex);

  const Bytes& bytes() const { return bytes_; }
  uint64_t version() const;    // first 8 bytes, big-endian
  std::string to_hex() const;  // 20 lowercase hex characters

  friend auto operator<=>(const Versionstamp&, const Versionstamp&) = default;

 private:
  Bytes bytes_{};
};

}  // namespace openkv

#endif  // OPENKV_VERSIONSTAMP_H_
