// Copyright (c) OpenKV authors.
//
// BigInt is an arbitrary-precision signed integer: the C++ side of a JS
// bigint, used for Int key parts (magnitude ≤ 255 bytes) and bigint values
// (any size the value limit allows).
//
// Representation: a sign and the magnitude as big-endian bytes with no leading
// zero byte; zero has an empty magnitude and is never negative, so equal
// numbers have equal representations and defaulted comparison of the parts is
// not used (operator<=> compares numerically).
//
// Thread-safety: a value type; const methods may be called concurrently.
#ifndef OPENKV_BIGINT_H_
#define OPENKV_BIGINT_H_

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace openkv {

class BigInt {
 public:
  BigInt() = default;  // zero
  BigInt(int64_t v);   // NOLINT(google-explicit-constructor): 5 and 5n are both natural
  static BigInt from_uint64(uint64_t v);
  // Leading zero bytes are stripped; a zero magnitude is never negative.
  static BigInt from_magnitude(bool negative, std::vector<uint8_t> magnitude_be);
  // Parses an optional '-' followed by decimal digits ("0", "-12",
  // "1180591620717411303424"). Throws Error(kInvalidArgument) otherwise.
  static BigInt parse(std::string_view decimal);

  bool is_negative() const { return negative_; }
  bool is_zero() const { return magnitude_.empty(); }
  const std::vector<uint8_t>& magnitude() const { return magnitude_; }

  std::optional<int64_t> to_int64() const;
  std::optional<uint64_t> to_uint64() const;
  double to_double() const;       // nearest double (may be ±inf for huge values)
  std::string to_string() const;  // decimal, '-' for negatives

  BigInt operator-() const;
  friend BigInt operator+(const BigInt& a, const BigInt& b);
  friend BigInt operator-(const BigInt& a, const BigInt& b);
  friend bool operator==(const BigInt& a, const BigInt& b) = default;
  friend std::strong_ordering operator<=>(const BigInt& a, const BigInt& b);

 private:
  bool negative_ = false;
  std::vector<uint8_t> magnitude_;  // big-endian, no leading zero byte
};

}  // namespace openkv

#endif  // OPENKV_BIGINT_H_
