// Copyright (c) OpenKV authors.
//
// Magnitudes are plain big-endian byte vectors. Schoolbook arithmetic on bytes
// is enough: key parts are at most 255 bytes and bigint values a few KB. The
// decimal conversions work in chunks of 10^9 so that a conversion costs one
// pass over the magnitude per nine digits rather than per digit.
#include "openkv/bigint.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>

#include "openkv/errors.h"

namespace openkv {
namespace {

using Magnitude = std::vector<uint8_t>;

constexpr uint32_t kChunk = 1000000000;  // 10^9: nine decimal digits
constexpr int kChunkDigits = 9;

void strip_leading_zeros(Magnitude& m) {
  auto first = std::find_if(m.begin(), m.end(), [](uint8_t b) { return b != 0; });
  m.erase(m.begin(), first);
}

// Normalised magnitudes: the longer one is larger, equal lengths compare
// bytewise.
std::strong_ordering compare_magnitude(const Magnitude& a, const Magnitude& b) {
  if (a.size() != b.size()) return a.size() <=> b.size();
  return std::lexicographical_compare_three_way(a.begin(), a.end(), b.begin(), b.end());
}

Magnitude add_magnitude(const Magnitude& a, const Magnitude& b) {
  Magnitude out(std::max(a.size(), b.size()) + 1);
  unsigned carry = 0;
  auto ia = a.rbegin(), ib = b.rbegin();
  for (auto io = out.rbegin(); io != out.rend(); ++io) {
    unsigned sum = carry;
    if (ia != a.rend()) sum += *ia++;
    if (ib != b.rend()) sum += *ib++;
    *io = static_cast<uint8_t>(sum);
    carry = sum >> 8;
  }
  strip_leading_zeros(out);
  return out;
}

// Requires a >= b.
Magnitude subtract_magnitude(const Magnitude& a, const Magnitude& b) {
  Magnitude out(a.size());
  int borrow = 0;
  auto ib = b.rbegin();
  auto io = out.rbegin();
  for (auto ia = a.rbegin(); ia != a.rend(); ++ia, ++io) {
    int diff = int{*ia} - borrow;
    if (ib != b.rend()) diff -= *ib++;
    borrow = diff < 0 ? 1 : 0;
    *io = static_cast<uint8_t>(diff + 256 * borrow);
  }
  strip_leading_zeros(out);
  return out;
}

// m = m * multiplier + addend, with m little-endian (easier to grow).
void multiply_add_le(Magnitude& m, uint32_t multiplier, uint32_t addend) {
  uint64_t carry = addend;
  for (uint8_t& byte : m) {
    uint64_t t = uint64_t{byte} * multiplier + carry;
    byte = static_cast<uint8_t>(t);
    carry = t >> 8;
  }
  for (; carry != 0; carry >>= 8) m.push_back(static_cast<uint8_t>(carry));
}

// m = m / divisor in place (big-endian); returns the remainder.
uint32_t divide_in_place(Magnitude& m, uint32_t divisor) {
  uint64_t rem = 0;
  for (uint8_t& byte : m) {
    uint64_t cur = rem << 8 | byte;
    byte = static_cast<uint8_t>(cur / divisor);
    rem = cur % divisor;
  }
  strip_leading_zeros(m);
  return static_cast<uint32_t>(rem);
}

uint64_t low_bits_as_uint64(const Magnitude& m) {  // requires m.size() <= 8
  uint64_t v = 0;
  for (uint8_t byte : m) v = v << 8 | byte;
  return v;
}

}  // namespace

BigInt::BigInt(int64_t v) {
  // Negating in unsigned arithmetic keeps INT64_MIN well defined.
  *this = from_uint64(v < 0 ? 0 - static_cast<uint64_t>(v) : static_cast<uint64_t>(v));
  negative_ = v < 0;
}

BigInt BigInt::from_uint64(uint64_t v) {
  Magnitude m(8);
  for (int i = 7; i >= 0; --i, v >>= 8) m[i] = static_cast<uint8_t>(v);
  return from_magnitude(false, std::move(m));
}

BigInt BigInt::from_magnitude(bool negative, std::vector<uint8_t> magnitude_be) {
  BigInt r;
  strip_leading_zeros(magnitude_be);
  r.negative_ = negative && !magnitude_be.empty();
  r.magnitude_ = std::move(magnitude_be);
  return r;
}

BigInt BigInt::parse(std::string_view decimal) {
  std::string_view digits = decimal;
  bool negative = !digits.empty() && digits.front() == '-';
  if (negative) digits.remove_prefix(1);
  if (digits.empty() ||
      !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    // The text of JS's BigInt() for the same mistake.
    throw Error(ErrorCode::kInvalidArgument,
                "Cannot convert " + std::string(decimal) + " to a BigInt");
  }
  Magnitude le;
  while (!digits.empty()) {
    size_t n = std::min<size_t>(digits.size(), kChunkDigits);
    uint32_t multiplier = 1, chunk = 0;
    for (char c : digits.substr(0, n)) {
      multiplier *= 10;
      chunk = chunk * 10 + static_cast<uint32_t>(c - '0');
    }
    multiply_add_le(le, multiplier, chunk);
    digits.remove_prefix(n);
  }
  std::reverse(le.begin(), le.end());
  return from_magnitude(negative, std::move(le));
}

std::optional<int64_t> BigInt::to_int64() const {
  if (magnitude_.size() > 8) return std::nullopt;
  uint64_t u = low_bits_as_uint64(magnitude_);
  uint64_t limit = uint64_t{std::numeric_limits<int64_t>::max()} + (negative_ ? 1 : 0);
  if (u > limit) return std::nullopt;
  // C++20 defines the conversion modulo 2^64, which gives INT64_MIN for 2^63.
  return static_cast<int64_t>(negative_ ? 0 - u : u);
}

std::optional<uint64_t> BigInt::to_uint64() const {
  if (negative_ || magnitude_.size() > 8) return std::nullopt;
  return low_bits_as_uint64(magnitude_);
}

double BigInt::to_double() const {
  const Magnitude& m = magnitude_;
  double d;
  if (m.size() <= 8) {
    d = static_cast<double>(low_bits_as_uint64(m));  // correctly rounded
  } else {
    // Round once, correctly: take the top 64 significant bits and fold every
    // bit below them into the lowest bit (a "sticky" bit). That bit lies 11
    // places below the double's rounding position, so it only decides ties,
    // exactly as the discarded bits would.
    int lead = std::bit_width(m[0]);  // 1..8 significant bits in m[0]
    uint64_t top =
        low_bits_as_uint64(Magnitude(m.begin(), m.begin() + 8)) << (8 - lead) | (m[8] >> lead);
    bool sticky = (m[8] & ((1u << lead) - 1)) != 0 ||
                  std::any_of(m.begin() + 9, m.end(), [](uint8_t b) { return b != 0; });
    int exponent = static_cast<int>(m.size() - 1) * 8 + lead - 64;
    d = std::ldexp(static_cast<double>(top | (sticky ? 1 : 0)), exponent);
  }
  return negative_ ? -d : d;
}

std::string BigInt::to_string() const {
  if (is_zero()) return "0";
  std::vector<uint32_t> chunks;  // least significant first
  for (Magnitude m = magnitude_; !m.empty();) chunks.push_back(divide_in_place(m, kChunk));
  std::string out = negative_ ? "-" : "";
  out += std::to_string(chunks.back());
  for (auto it = chunks.rbegin() + 1; it != chunks.rend(); ++it) {
    std::string part = std::to_string(*it);
    out.append(kChunkDigits - part.size(), '0');
    out += part;
  }
  return out;
}

BigInt BigInt::operator-() const { return from_magnitude(!negative_, magnitude_); }

BigInt operator+(const BigInt& a, const BigInt& b) {
  if (a.negative_ == b.negative_) {
    return BigInt::from_magnitude(a.negative_, add_magnitude(a.magnitude_, b.magnitude_));
  }
  // Opposite signs: the larger magnitude wins the sign.
  if (compare_magnitude(a.magnitude_, b.magnitude_) >= 0) {
    return BigInt::from_magnitude(a.negative_, subtract_magnitude(a.magnitude_, b.magnitude_));
  }
  return BigInt::from_magnitude(b.negative_, subtract_magnitude(b.magnitude_, a.magnitude_));
}

BigInt operator-(const BigInt& a, const BigInt& b) { return a + -b; }

std::strong_ordering operator<=>(const BigInt& a, const BigInt& b) {
  if (a.negative_ != b.negative_) {
    return a.negative_ ? std::strong_ordering::less : std::strong_ordering::greater;
  }
  std::strong_ordering by_magnitude = compare_magnitude(a.magnitude_, b.magnitude_);
  return a.negative_ ? 0 <=> by_magnitude : by_magnitude;
}

}  // namespace openkv
