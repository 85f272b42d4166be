// Copyright (c) OpenKV authors.
#include "codec/key_codec.h"

#include <bit>
#include <cmath>
#include <limits>
#include <string_view>

#include "codec/json_text.h"
#include "openkv/errors.h"

namespace openkv::codec {
namespace {

constexpr uint8_t kBytesTag = 0x01;
constexpr uint8_t kStringTag = 0x02;
constexpr uint8_t kNegIntLongTag = 0x0B;  // sign, then a length byte
constexpr uint8_t kIntZeroTag = 0x14;     // ± n for n-byte magnitudes, n ≤ 8
constexpr uint8_t kPosIntLongTag = 0x1D;  // sign, then a length byte
constexpr uint8_t kFloatTag = 0x21;
constexpr uint8_t kFalseTag = 0x26;
constexpr uint8_t kTrueTag = 0x27;

constexpr size_t kMaxShortIntBytes = 8;
constexpr size_t kMaxIntBytes = 255;  // the long forms have a one-byte length
constexpr uint64_t kSignBit = uint64_t{1} << 63;

// @deno/kv writes NaN without the transform (01 §1.8). The transform gives
// the same bytes to the negative subnormal with bits 8007ffffffffffff, so the
// two cannot be told apart; the spec makes the decoder return NaN.
constexpr uint64_t kDenoKvNaN = 0x7FF8000000000000;

[[noreturn]] void corrupt(const char* text) { throw Error(ErrorCode::kCorruption, text); }

// Strict UTF-8: no overlong forms, no surrogates (so WTF-8 is rejected), no
// code points above U+10FFFF.
bool is_valid_utf8(std::string_view s) {
  for (size_t pos = 0; pos < s.size();) {
    CodePoint cp = decode_code_point(s, pos, /*allow_surrogates=*/false);
    if (cp.value < 0) return false;
    pos += cp.length;
  }
  return true;
}

void append_escaped(std::vector<uint8_t>& out, uint8_t tag, std::span<const uint8_t> payload) {
  out.push_back(tag);
  for (uint8_t b : payload) {
    out.push_back(b);
    if (b == 0x00) out.push_back(0xFF);
  }
  out.push_back(0x00);
}

void append_int(std::vector<uint8_t>& out, const BigInt& value) {
  const std::vector<uint8_t>& magnitude = value.magnitude();
  size_t n = magnitude.size();
  if (n > kMaxIntBytes) {
    throw Error(ErrorCode::kInvalidArgument,
                "BigUint requires more than 255 bytes to be represented");
  }
  // Negative numbers store the ones' complement of the magnitude, so that a
  // larger magnitude sorts lower; shorter magnitudes get tags nearer 0x14.
  bool negative = value.is_negative();
  uint8_t invert = negative ? 0xFF : 0x00;
  if (n <= kMaxShortIntBytes) {
    out.push_back(static_cast<uint8_t>(negative ? kIntZeroTag - n : kIntZeroTag + n));
  } else {
    out.push_back(negative ? kNegIntLongTag : kPosIntLongTag);
    out.push_back(static_cast<uint8_t>(n) ^ invert);
  }
  for (uint8_t b : magnitude) out.push_back(b ^ invert);
}

// Negative doubles: invert everything, so larger magnitudes sort lower and all
// sort below the positives; positive doubles: set the sign bit.
void append_float(std::vector<uint8_t>& out, double value) {
  uint64_t bits = canonical_float_bits(value);
  bits = (bits & kSignBit) ? ~bits : bits ^ kSignBit;
  out.push_back(kFloatTag);
  for (int shift = 56; shift >= 0; shift -= 8) out.push_back(static_cast<uint8_t>(bits >> shift));
}

// Readers below consume from the front of `in`.

std::span<const uint8_t> take(std::span<const uint8_t>& in, size_t n) {
  if (in.size() < n) corrupt("unexpected end of file");
  std::span<const uint8_t> head = in.first(n);
  in = in.subspan(n);
  return head;
}

// Unescapes up to the first 00 that is not followed by FF (01 §1.3).
std::vector<uint8_t> take_escaped(std::span<const uint8_t>& in) {
  std::vector<uint8_t> payload;
  for (size_t i = 0; i < in.size(); ++i) {
    if (in[i] != 0x00) {
      payload.push_back(in[i]);
    } else if (i + 1 < in.size() && in[i + 1] == 0xFF) {
      payload.push_back(0x00);
      ++i;
    } else {
      in = in.subspan(i + 1);
      return payload;
    }
  }
  corrupt("unexpected end of file");
}

BigInt take_int(uint8_t tag, std::span<const uint8_t>& in) {
  bool negative = tag < kIntZeroTag;
  uint8_t invert = negative ? 0xFF : 0x00;
  size_t n;
  if (tag == kNegIntLongTag || tag == kPosIntLongTag) {
    n = take(in, 1)[0] ^ invert;
  } else {
    n = negative ? kIntZeroTag - tag : tag - kIntZeroTag;
  }
  std::span<const uint8_t> body = take(in, n);
  std::vector<uint8_t> magnitude(body.begin(), body.end());
  for (uint8_t& b : magnitude) b ^= invert;
  return BigInt::from_magnitude(negative, std::move(magnitude));
}

double take_float(std::span<const uint8_t>& in) {
  uint64_t stored = 0;
  for (uint8_t b : take(in, 8)) stored = stored << 8 | b;
  if (stored == kDenoKvNaN) return std::numeric_limits<double>::quiet_NaN();
  return std::bit_cast<double>((stored & kSignBit) ? stored ^ kSignBit : ~stored);
}

}  // namespace

uint64_t canonical_float_bits(double d) {
  if (std::isnan(d))
    d = std::signbit(d) ? -std::numeric_limits<double>::quiet_NaN()
                        : std::numeric_limits<double>::quiet_NaN();
  return std::bit_cast<uint64_t>(d);
}

void append_key_part(std::vector<uint8_t>& out, const KeyPart& part) {
  switch (part.type()) {
    case KeyPart::Type::kBytes:
      append_escaped(out, kBytesTag, part.as_bytes());
      return;
    case KeyPart::Type::kString: {
      const std::string& text = part.as_string();
      if (!is_valid_utf8(text)) throw Error(ErrorCode::kInvalidArgument, "invalid utf8");
      append_escaped(out, kStringTag,
                     std::span(reinterpret_cast<const uint8_t*>(text.data()), text.size()));
      return;
    }
    case KeyPart::Type::kInt:
      append_int(out, part.as_int());
      return;
    case KeyPart::Type::kFloat:
      append_float(out, part.as_float());
      return;
    case KeyPart::Type::kBool:
      out.push_back(part.as_bool() ? kTrueTag : kFalseTag);
      return;
  }
}

std::vector<uint8_t> encode_key(const Key& key) {
  std::vector<uint8_t> out;
  for (const KeyPart& part : key) append_key_part(out, part);
  return out;
}

Key decode_key(std::span<const uint8_t> bytes) {
  Key key;
  std::span<const uint8_t> in = bytes;
  while (!in.empty()) {
    uint8_t tag = take(in, 1)[0];
    if (tag == kBytesTag) {
      key.push_back(KeyPart::bytes(take_escaped(in)));
    } else if (tag == kStringTag) {
      std::vector<uint8_t> payload = take_escaped(in);
      std::string text(payload.begin(), payload.end());
      if (!is_valid_utf8(text)) corrupt("invalid utf8");
      key.emplace_back(std::move(text));
    } else if (tag >= kNegIntLongTag && tag <= kPosIntLongTag) {
      key.emplace_back(take_int(tag, in));
    } else if (tag == kFloatTag) {
      key.emplace_back(take_float(in));
    } else if (tag == kFalseTag || tag == kTrueTag) {
      key.emplace_back(tag == kTrueTag);
    } else {
      corrupt("invalid tag");
    }
  }
  return key;
}

}  // namespace openkv::codec
