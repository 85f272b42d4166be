// Copyright (c) OpenKV authors.
#include "codec/key_codec.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <limits>
#include <random>

#include "openkv/errors.h"
#include "unit/codec/hex_bytes.h"

namespace openkv::codec {
namespace {

using openkv::testing::hex_bytes;
using openkv::testing::to_hex;

constexpr double kInf = std::numeric_limits<double>::infinity();
const double kNaN = std::numeric_limits<double>::quiet_NaN();

KeyPart bytes(std::vector<uint8_t> b) { return KeyPart::bytes(std::move(b)); }
BigInt big(std::string_view decimal) { return BigInt::parse(decimal); }
double from_bits(uint64_t bits) { return std::bit_cast<double>(bits); }

// Calls `f`, which must throw an openkv::Error with `code` and `text`.
template <typename F>
void expect_error(F&& f, ErrorCode code, std::string_view text, const std::string& context) {
  try {
    f();
    ADD_FAILURE() << "no error for " << context;
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), code) << context;
    EXPECT_EQ(std::string_view(e.what()), text) << context;
  }
}

struct KeyVector {
  Key key;
  const char* hex;
};

// Spec 01 §1.6, every row.
std::vector<KeyVector> spec_vectors() {
  return {
      {{"hello"}, "02 68 65 6c 6c 6f 00"},
      {{"a"}, "02 61 00"},
      {{"users", "alice"}, "02 75 73 65 72 73 00 02 61 6c 69 63 65 00"},
      {{"n", 1}, "02 6e 00 21 bf f0 00 00 00 00 00 00"},
      {{"n", 0}, "02 6e 00 21 80 00 00 00 00 00 00 00"},
      {{"n", -1.5}, "02 6e 00 21 40 07 ff ff ff ff ff ff"},
      {{"b", true}, "02 62 00 27"},
      {{"b", false}, "02 62 00 26"},
      {{"big", BigInt(10)}, "02 62 69 67 00 15 0a"},
      {{"big", BigInt(0)}, "02 62 69 67 00 14"},
      {{"big", BigInt(-10)}, "02 62 69 67 00 13 f5"},
      {{"big", big("1180591620717411303424")}, "02 62 69 67 00 1d 09 40 00 00 00 00 00 00 00 00"},
      {{"u8", bytes({0, 1, 255})}, "02 75 38 00 01 00 ff 01 ff 00"},
      {{"s", ""}, "02 73 00 02 00"},
      {{"s", std::string("a\0b", 3)}, "02 73 00 02 61 00 ff 62 00"},
      {{"s", "\xC3\xA9"}, "02 73 00 02 c3 a9 00"},
      {{bytes({1, 2, 0, 7, 8})}, "01 01 02 00 ff 07 08 00"},
      {{BigInt(0)}, "14"},
      {{BigInt(1)}, "15 01"},
      {{BigInt(-1)}, "13 fe"},
      {{BigInt(255)}, "15 ff"},
      {{BigInt(256)}, "16 01 00"},
      {{BigInt(-256)}, "12 fe ff"},
      {{big("9223372036854775807")}, "1c 7f ff ff ff ff ff ff ff"},
      {{big("18446744073709551615")}, "1c ff ff ff ff ff ff ff ff"},
      {{big("18446744073709551616")}, "1d 09 01 00 00 00 00 00 00 00 00"},
      {{big("-18446744073709551616")}, "0b f6 fe ff ff ff ff ff ff ff ff"},
      {{big("-1180591620717411303424")}, "0b f6 bf ff ff ff ff ff ff ff ff"},
      {{0.0}, "21 80 00 00 00 00 00 00 00"},
      {{-0.0}, "21 7f ff ff ff ff ff ff ff"},
      {{1}, "21 bf f0 00 00 00 00 00 00"},
      {{-1}, "21 40 0f ff ff ff ff ff ff"},
      {{123.5}, "21 c0 5e e0 00 00 00 00 00"},
      {{3.14}, "21 c0 09 1e b8 51 eb 85 1f"},
      {{kInf}, "21 ff f0 00 00 00 00 00 00"},
      {{-kInf}, "21 00 0f ff ff ff ff ff ff"},
      {{kNaN}, "21 ff f8 00 00 00 00 00 00"},
      {{false}, "26"},
      {{true}, "27"},
      {{}, ""},
  };
}

TEST(KeyCodecTest, EncodesEverySpecVector) {
  for (const KeyVector& v : spec_vectors()) {
    EXPECT_EQ(to_hex(encode_key(v.key)), to_hex(hex_bytes(v.hex))) << key_to_display_string(v.key);
  }
}

TEST(KeyCodecTest, DecodesEverySpecVectorBackToItsKey) {
  for (const KeyVector& v : spec_vectors()) {
    EXPECT_EQ(decode_key(hex_bytes(v.hex)), v.key) << v.hex;
  }
}

TEST(KeyCodecTest, AppendKeyPartConcatenatesWithoutSeparators) {
  std::vector<uint8_t> out = hex_bytes("02 61 00");
  append_key_part(out, true);
  append_key_part(out, BigInt(1));
  EXPECT_EQ(to_hex(out), "02 61 00 27 15 01");
}

TEST(KeyCodecTest, VersionstampSuffixIsOneMoreStringPart) {
  // Spec 01 §1.9: ["log"] committed at 00000000000000850000.
  EXPECT_EQ(encode_key({"log", "00000000000000850000"}),
            hex_bytes("02 6c 6f 67 00 02 30 30 30 30 30 30 30 30 30 30 30 30 30 30 38 35 30 30 "
                      "30 30 00"));
}

// ---- Ordering (spec 01 §1.7) ----------------------------------------------

// Encodes `ascending`, shuffles, sorts by bytes and checks that decoding
// gives the keys back in the original order.
void expect_byte_order_is(const std::vector<Key>& ascending) {
  std::vector<std::vector<uint8_t>> encoded;
  for (const Key& k : ascending) encoded.push_back(encode_key(k));
  std::shuffle(encoded.begin(), encoded.end(), std::mt19937(3));
  std::sort(encoded.begin(), encoded.end());
  ASSERT_EQ(encoded.size(), ascending.size());
  for (size_t i = 0; i < encoded.size(); ++i) {
    EXPECT_EQ(decode_key(encoded[i]), ascending[i])
        << "position " << i << ": expected " << key_to_display_string(ascending[i]) << ", got "
        << key_to_display_string(decode_key(encoded[i]));
  }
  for (size_t i = 1; i < encoded.size(); ++i) EXPECT_NE(encoded[i - 1], encoded[i]);
}

TEST(KeyCodecTest, GoldenOrderingOfADenoWrittenDatabase) {
  expect_byte_order_is({
      {"arr"},
      {"b", false},
      {"b", true},
      {"big", BigInt(-10)},
      {"big", BigInt(0)},
      {"big", BigInt(10)},
      {"big", big("1180591620717411303424")},
      {"bigint"},
      {"bool"},
      {"date"},
      {"map"},
      {"n", -1.5},
      {"n", 0},
      {"n", 1},
      {"null"},
      {"num"},
      {"s", ""},
      {"s", std::string("a\0b", 3)},
      {"s", "\xC3\xA9"},
      {"str"},
      {"u64max"},
      {"u8", bytes({0, 1, 255})},
      {"undef"},
      {"users", "alice"},
  });
}

TEST(KeyCodecTest, TypesSortBytesStringBigIntNumberFalseTrue) {
  expect_byte_order_is({{bytes({0xFF})},
                        {""},
                        {big("-1180591620717411303424")},
                        {big("1180591620717411303424")},
                        {-kInf},
                        {kInf},
                        {false},
                        {true}});
}

TEST(KeyCodecTest, BigIntSortsBeforeNumberAndOneDiffersFromOneN) {
  EXPECT_LT(encode_key({BigInt(1)}), encode_key({0.5}));
  EXPECT_NE(encode_key({BigInt(1)}), encode_key({1}));
  EXPECT_NE(KeyPart(BigInt(1)), KeyPart(1));
}

TEST(KeyCodecTest, NegativeZeroSortsJustBelowPositiveZero) {
  double smallest_negative = -std::numeric_limits<double>::denorm_min();
  EXPECT_LT(encode_key({smallest_negative}), encode_key({-0.0}));
  EXPECT_LT(encode_key({-0.0}), encode_key({0.0}));
  EXPECT_EQ(std::signbit(decode_key(encode_key({-0.0}))[0].as_float()), true);
  EXPECT_NE(KeyPart(-0.0), KeyPart(0.0));
}

TEST(KeyCodecTest, FloatsSortNegativeNaNThenNumbersThenPositiveNaN) {
  double dmax = std::numeric_limits<double>::max();
  double dmin = std::numeric_limits<double>::denorm_min();
  expect_byte_order_is({{-kNaN},
                        {-kInf},
                        {-dmax},
                        {-1.5},
                        {-1},
                        {-dmin},
                        {-0.0},
                        {0.0},
                        {dmin},
                        {0.5},
                        {1},
                        {123.5},
                        {dmax},
                        {kInf},
                        {kNaN}});
}

TEST(KeyCodecTest, AllNaNsOfOneSignShareOneKey) {
  double payload_nan = from_bits(0x7FF0000000000001);  // signalling, positive
  double negative_payload_nan = from_bits(0xFFF00000DEADBEEF);
  EXPECT_EQ(encode_key({payload_nan}), encode_key({kNaN}));
  EXPECT_EQ(to_hex(encode_key({negative_payload_nan})), "21 00 07 ff ff ff ff ff ff");
  EXPECT_EQ(KeyPart(payload_nan), KeyPart(kNaN));
  EXPECT_NE(KeyPart(negative_payload_nan), KeyPart(kNaN));
  // Both decode to NaN, and each re-encodes to its own key.
  Key negative = decode_key(hex_bytes("21 00 07 ff ff ff ff ff ff"));
  EXPECT_TRUE(std::isnan(negative[0].as_float()));
  EXPECT_EQ(to_hex(encode_key(negative)), "21 00 07 ff ff ff ff ff ff");
}

TEST(KeyCodecTest, DecodesDenoKvClientUntransformedNaNAsNaN) {
  Key key = decode_key(hex_bytes("02 6e 00 21 7f f8 00 00 00 00 00 00"));
  ASSERT_EQ(key.size(), 2u);
  EXPECT_TRUE(std::isnan(key[1].as_float()));
}

TEST(KeyCodecTest, BigIntsSortNumericallyAcrossTagBoundaries) {
  BigInt largest = BigInt::from_magnitude(false, std::vector<uint8_t>(255, 0xFF));
  expect_byte_order_is({{-largest},
                        {big("-1180591620717411303424")},
                        {big("-18446744073709551616")},
                        {big("-18446744073709551615")},
                        {big("-9223372036854775808")},
                        {BigInt(-256)},
                        {BigInt(-255)},
                        {BigInt(-1)},
                        {BigInt(0)},
                        {BigInt(1)},
                        {BigInt(255)},
                        {BigInt(256)},
                        {big("18446744073709551615")},
                        {big("18446744073709551616")},
                        {big("1180591620717411303424")},
                        {largest}});
}

TEST(KeyCodecTest, RandomBigIntsSortByValue) {
  std::mt19937 rng(11);
  std::vector<BigInt> values;
  for (int i = 0; i < 300; ++i) {
    std::vector<uint8_t> magnitude(rng() % 20);
    for (uint8_t& b : magnitude) b = static_cast<uint8_t>(rng());
    values.push_back(BigInt::from_magnitude(rng() % 2 == 0, magnitude));
  }
  std::sort(values.begin(), values.end());
  values.erase(std::unique(values.begin(), values.end()), values.end());
  std::vector<Key> keys;
  for (const BigInt& v : values) keys.push_back({v});
  expect_byte_order_is(keys);
}

TEST(KeyCodecTest, PartPrefixSortsFirstAndBeforeStringWithTrailingNul) {
  expect_byte_order_is({{"a"}, {"a", bytes({})}, {"a", "z"}, {"a", true}, {std::string("a\0", 2)}});
}

TEST(KeyCodecTest, NoPartialPartPrefixMatching) {
  std::vector<uint8_t> prefix = encode_key({"users", "a"});
  std::vector<uint8_t> key = encode_key({"users", "alice"});
  EXPECT_FALSE(std::equal(prefix.begin(), prefix.end(), key.begin()));
}

// ---- Encoding errors -------------------------------------------------------

TEST(KeyCodecTest, BigIntOf255BytesEncodesAnd256BytesIsRejected) {
  BigInt b255 = BigInt::from_magnitude(false, std::vector<uint8_t>(255, 0xAB));
  std::vector<uint8_t> positive = encode_key({b255});
  ASSERT_EQ(positive.size(), 257u);
  EXPECT_EQ(positive[0], 0x1D);
  EXPECT_EQ(positive[1], 0xFF);
  std::vector<uint8_t> negative = encode_key({-b255});
  EXPECT_EQ(negative[0], 0x0B);
  EXPECT_EQ(negative[1], 0x00);
  EXPECT_EQ(negative[2], 0x54);
  EXPECT_EQ(decode_key(negative), Key{-b255});

  BigInt b256 = BigInt::from_magnitude(true, std::vector<uint8_t>(256, 1));
  expect_error(
      [&] {
        encode_key({"k", b256});
      },
      ErrorCode::kInvalidArgument, "BigUint requires more than 255 bytes to be represented",
      "256-byte bigint");
}

TEST(KeyCodecTest, StringThatIsNotUtf8IsRejected) {
  for (const char* text : {"\xED\xA0\x80",              // WTF-8 lone high surrogate
                           "\xED\xBF\xBF",              // lone low surrogate
                           "\xED\xA0\xBD\xED\xB8\x80",  // surrogate pair as two sequences
                           "\xC0\x80",                  // overlong NUL
                           "\xE2\x82",                  // truncated
                           "\xF4\x90\x80\x80",          // above U+10FFFF
                           "\xFF", "a\x80"}) {
    expect_error([&] { encode_key({text}); }, ErrorCode::kInvalidArgument, "invalid utf8",
                 to_hex(std::span(reinterpret_cast<const uint8_t*>(text), strlen(text))));
  }
  EXPECT_EQ(to_hex(encode_key({"\xF0\x9F\x98\x80"})), "02 f0 9f 98 80 00");  // U+1F600
}

// ---- Decoding --------------------------------------------------------------

TEST(KeyCodecTest, DecodeRejectsTagsDenoNeverWrites) {
  for (uint8_t tag : {0x00, 0x03, 0x05, 0x0A, 0x1E, 0x20, 0x22, 0x25, 0x28, 0xFF}) {
    std::vector<uint8_t> bytes = {tag, 0, 0, 0, 0, 0, 0, 0, 0};
    expect_error([&] { decode_key(bytes); }, ErrorCode::kCorruption, "invalid tag", to_hex(bytes));
  }
  // After a valid part, too.
  expect_error([] { decode_key(hex_bytes("02 61 00 05")); }, ErrorCode::kCorruption, "invalid tag",
               "02 61 00 05");
}

TEST(KeyCodecTest, DecodeRejectsStringsThatAreNotUtf8) {
  for (const char* hex : {"02 ed a0 80 00", "02 c3 00", "02 c0 80 00", "02 ff 00"}) {
    expect_error([&] { decode_key(hex_bytes(hex)); }, ErrorCode::kCorruption, "invalid utf8", hex);
  }
  // Bytes parts carry anything.
  EXPECT_EQ(decode_key(hex_bytes("01 ed a0 80 ff 00")), Key{bytes({0xED, 0xA0, 0x80, 0xFF})});
}

TEST(KeyCodecTest, DecodeRejectsTruncatedParts) {
  for (const char* hex :
       {"01", "01 61", "02 61", "01 00 ff", "02 61 00 ff", "15", "1c 01 02", "13", "1d", "1d 09 01",
        "0b", "0b f6 fe", "21", "21 80 00 00", "02 61 00 21 80"}) {
    expect_error([&] { decode_key(hex_bytes(hex)); }, ErrorCode::kCorruption,
                 "unexpected end of file", hex);
  }
}

TEST(KeyCodecTest, EscapedNulIsDataAndALoneNulEndsThePart) {
  EXPECT_EQ(decode_key(hex_bytes("01 00 ff 00 ff 00 01 00")), (Key{bytes({0, 0}), bytes({})}));
}

TEST(KeyCodecTest, DecodeAcceptsNonMinimalIntegers) {
  EXPECT_EQ(decode_key(hex_bytes("15 00")), Key{BigInt(0)});
  EXPECT_EQ(decode_key(hex_bytes("1d 01 05")), Key{BigInt(5)});
  Key minus_zero = decode_key(hex_bytes("13 ff"));
  EXPECT_FALSE(minus_zero[0].as_int().is_negative());
  EXPECT_EQ(decode_key(hex_bytes("0b fe fa")), Key{BigInt(-5)});
}

TEST(KeyCodecTest, RandomKeysRoundTrip) {
  std::mt19937 rng(5);
  auto random_bytes = [&](size_t max) {
    std::vector<uint8_t> b(rng() % (max + 1));
    for (uint8_t& x : b) x = static_cast<uint8_t>(rng() % 4 == 0 ? 0 : rng());
    return b;
  };
  for (int i = 0; i < 500; ++i) {
    Key key;
    for (int p = static_cast<int>(rng() % 5); p > 0; --p) {
      switch (rng() % 5) {
        case 0:
          key.push_back(bytes(random_bytes(6)));
          break;
        case 1: {
          std::string s;
          for (uint8_t b : random_bytes(6)) s += static_cast<char>(b & 0x7F);  // ASCII incl. NUL
          key.emplace_back(s);
          break;
        }
        case 2:
          key.emplace_back(BigInt::from_magnitude(rng() % 2, random_bytes(12)));
          break;
        case 3:
          key.emplace_back(from_bits((uint64_t{rng()} << 32) | rng()));
          break;
        default:
          key.emplace_back(rng() % 2 == 0);
          break;
      }
    }
    std::vector<uint8_t> encoded = encode_key(key);
    ASSERT_EQ(decode_key(encoded), key) << key_to_display_string(key);
    ASSERT_EQ(encode_key(decode_key(encoded)), encoded);
  }
}

// Hostile input must give an Error, never a crash or an out-of-bounds read
// (the sanitizer build checks the latter).
TEST(KeyCodecTest, DecodeOfRandomAndTruncatedBytesOnlyEverThrowsError) {
  std::vector<std::vector<uint8_t>> inputs;
  for (const KeyVector& v : spec_vectors()) {
    std::vector<uint8_t> full = hex_bytes(v.hex);
    for (size_t n = 0; n <= full.size(); ++n) inputs.emplace_back(full.begin(), full.begin() + n);
  }
  std::mt19937 rng(9);
  const uint8_t interesting[] = {0x00, 0x01, 0x02, 0x0B, 0x0C, 0x13, 0x14, 0x15,
                                 0x1C, 0x1D, 0x21, 0x26, 0x27, 0x7F, 0xED, 0xFF};
  for (int i = 0; i < 20000; ++i) {
    std::vector<uint8_t> b(rng() % 40);
    for (uint8_t& x : b) x = rng() % 2 ? interesting[rng() % 16] : static_cast<uint8_t>(rng());
    inputs.push_back(std::move(b));
  }
  size_t decoded = 0;
  for (const std::vector<uint8_t>& input : inputs) {
    try {
      Key key = decode_key(input);
      ++decoded;
      // Whatever decodes is a key: it encodes canonically and stays stable.
      ASSERT_EQ(decode_key(encode_key(key)), key) << to_hex(input);
    } catch (const Error& e) {
      ASSERT_EQ(e.code(), ErrorCode::kCorruption) << to_hex(input);
    }
  }
  EXPECT_GT(decoded, 0u);
}

// ---- KeyPart and display ---------------------------------------------------

TEST(KeyTest, PartsAreEqualOnlyWithinOneType) {
  EXPECT_EQ(KeyPart("a"), KeyPart(std::string("a")));
  EXPECT_NE(KeyPart("a"), bytes({'a'}));
  EXPECT_EQ(bytes({1, 2}), bytes({1, 2}));
  EXPECT_NE(KeyPart(true), KeyPart(1));
  EXPECT_EQ(KeyPart(BigInt(7)), KeyPart(BigInt::parse("7")));
  EXPECT_EQ(KeyPart(2), KeyPart(2.0));
}

TEST(KeyTest, DisplayStringLooksLikeDenoInspect) {
  EXPECT_EQ(key_to_display_string({"users", 1, BigInt(2), true, bytes({0, 1})}),
            "[\"users\", 1, 2n, true, Uint8Array[0, 1]]");
  EXPECT_EQ(key_to_display_string({}), "[]");
  EXPECT_EQ(key_to_display_string({bytes({}), false, BigInt(-10)}), "[Uint8Array[], false, -10n]");
}

TEST(KeyTest, DisplayStringWritesNumbersLikeJavaScript) {
  EXPECT_EQ(key_to_display_string({-1.5, 3.14, 123.5, -0.0, 0.0}), "[-1.5, 3.14, 123.5, -0, 0]");
  EXPECT_EQ(key_to_display_string({kNaN, kInf, -kInf}), "[NaN, Infinity, -Infinity]");
  EXPECT_EQ(key_to_display_string({1e21, 1e20, 1e-7, 0.000001}),
            "[1e+21, 100000000000000000000, 1e-7, 0.000001]");
}

TEST(KeyTest, DisplayStringQuotesStringsAsJson) {
  EXPECT_EQ(key_to_display_string({std::string("a\"b\\c\nd\x01\0e", 10), "\xC3\xA9"}),
            "[\"a\\\"b\\\\c\\nd\\u0001\\u0000e\", \"\xC3\xA9\"]");
}

}  // namespace
}  // namespace openkv::codec
