// Copyright (c) OpenKV authors.
#include "openkv/bigint.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>

#include "openkv/errors.h"

namespace openkv {
namespace {

// 2^bits, built from its magnitude so that the tests of parse and to_string
// do not depend on themselves.
BigInt power_of_two(int bits) {
  std::vector<uint8_t> magnitude(static_cast<size_t>(bits / 8) + 1, 0);
  magnitude[0] = static_cast<uint8_t>(1u << (bits % 8));
  return BigInt::from_magnitude(false, magnitude);
}

TEST(BigIntTest, ZeroIsNeverNegative) {
  EXPECT_FALSE(BigInt::from_magnitude(true, {}).is_negative());
  EXPECT_FALSE(BigInt::from_magnitude(true, {0, 0}).is_negative());
  EXPECT_FALSE((-BigInt()).is_negative());
  EXPECT_FALSE(BigInt::parse("-0").is_negative());
  EXPECT_EQ(BigInt::from_magnitude(true, {0}), BigInt());
}

TEST(BigIntTest, FromMagnitudeStripsLeadingZeroBytes) {
  BigInt b = BigInt::from_magnitude(false, {0, 0, 1, 0});
  EXPECT_EQ(b.magnitude(), (std::vector<uint8_t>{1, 0}));
  EXPECT_EQ(b, BigInt(256));
}

TEST(BigIntTest, Int64ConstructorCoversTheWholeRange) {
  EXPECT_EQ(BigInt(std::numeric_limits<int64_t>::min()).to_string(), "-9223372036854775808");
  EXPECT_EQ(BigInt(std::numeric_limits<int64_t>::max()).to_string(), "9223372036854775807");
  EXPECT_EQ(BigInt(-1).magnitude(), (std::vector<uint8_t>{1}));
  EXPECT_TRUE(BigInt(0).is_zero());
  EXPECT_EQ(BigInt::from_uint64(std::numeric_limits<uint64_t>::max()).to_string(),
            "18446744073709551615");
}

TEST(BigIntTest, ParseAndToStringRoundTrip) {
  for (const char* text :
       {"0", "1", "-1", "255", "256", "-256", "999999999", "1000000000", "-1000000001",
        "18446744073709551616", "1180591620717411303424", "-1180591620717411303424"}) {
    EXPECT_EQ(BigInt::parse(text).to_string(), text);
  }
  EXPECT_EQ(BigInt::parse("1180591620717411303424"), power_of_two(70));
}

TEST(BigIntTest, ParseAndToStringRoundTripThousandsOfDigits) {
  std::mt19937 rng(7);
  std::string text = "-";
  text += static_cast<char>('1' + rng() % 9);
  while (text.size() < 3000) text += static_cast<char>('0' + rng() % 10);
  EXPECT_EQ(BigInt::parse(text).to_string(), text);
  EXPECT_EQ(power_of_two(8000).to_string().size(), 2409u);  // 2^8000 has 2409 digits
}

TEST(BigIntTest, ParseAcceptsLeadingZeros) {
  EXPECT_EQ(BigInt::parse("007"), BigInt(7));
  EXPECT_EQ(BigInt::parse("-000"), BigInt());
}

TEST(BigIntTest, ParseRejectsAnythingButOptionalMinusAndDigits) {
  for (const char* text : {"", "-", "+1", " 1", "1 ", "1a", "1.0", "--1", "0x10", "1e3"}) {
    try {
      BigInt::parse(text);
      ADD_FAILURE() << "accepted '" << text << "'";
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument);
      EXPECT_EQ(std::string(e.what()), "Cannot convert " + std::string(text) + " to a BigInt");
    }
  }
}

TEST(BigIntTest, ToInt64AcceptsExactlyTheInt64Range) {
  BigInt two63 = power_of_two(63);
  EXPECT_EQ((-two63).to_int64(), std::numeric_limits<int64_t>::min());
  EXPECT_EQ((two63 - BigInt(1)).to_int64(), std::numeric_limits<int64_t>::max());
  EXPECT_EQ(two63.to_int64(), std::nullopt);
  EXPECT_EQ((-two63 - BigInt(1)).to_int64(), std::nullopt);
  EXPECT_EQ(power_of_two(64).to_int64(), std::nullopt);
  EXPECT_EQ(BigInt(-42).to_int64(), -42);
}

TEST(BigIntTest, ToUint64AcceptsExactlyTheUint64Range) {
  EXPECT_EQ((power_of_two(64) - BigInt(1)).to_uint64(), std::numeric_limits<uint64_t>::max());
  EXPECT_EQ(power_of_two(64).to_uint64(), std::nullopt);
  EXPECT_EQ(BigInt(-1).to_uint64(), std::nullopt);
  EXPECT_EQ(BigInt().to_uint64(), 0u);
}

TEST(BigIntTest, ToDoubleRoundsToNearestEven) {
  EXPECT_EQ(BigInt(-12345).to_double(), -12345.0);
  EXPECT_EQ(power_of_two(70).to_double(), std::ldexp(1.0, 70));
  // 2^53 + 1 is halfway between two doubles: ties go to the even 2^53.
  EXPECT_EQ((power_of_two(53) + BigInt(1)).to_double(), std::ldexp(1.0, 53));
  // The same ties above 64 bits, where the magnitude no longer fits a
  // uint64_t: 2^73 + 2^20 is halfway, 2^73 + 2^20 + 1 just above halfway.
  BigInt base = power_of_two(73);
  EXPECT_EQ((base + power_of_two(20)).to_double(), std::ldexp(1.0, 73));
  EXPECT_EQ((base + power_of_two(20) + BigInt(1)).to_double(),
            std::ldexp(1.0, 73) + std::ldexp(1.0, 21));
  EXPECT_EQ((base + power_of_two(21) + power_of_two(20)).to_double(),
            std::ldexp(1.0, 73) + std::ldexp(1.0, 22));
  EXPECT_EQ((base + power_of_two(19)).to_double(), std::ldexp(1.0, 73));
}

TEST(BigIntTest, ToDoubleOverflowsToInfinity) {
  EXPECT_EQ(power_of_two(1023).to_double(), std::ldexp(1.0, 1023));
  EXPECT_EQ(power_of_two(1024).to_double(), std::numeric_limits<double>::infinity());
  EXPECT_EQ((-power_of_two(5000)).to_double(), -std::numeric_limits<double>::infinity());
}

TEST(BigIntTest, AdditionCarriesAndSubtractionBorrowsAcrossBytes) {
  EXPECT_EQ(BigInt(255) + BigInt(1), BigInt(256));
  EXPECT_EQ(BigInt(256) - BigInt(1), BigInt(255));
  EXPECT_EQ(power_of_two(64) - BigInt(1) + BigInt(1), power_of_two(64));
  EXPECT_EQ((power_of_two(64) - BigInt(1)).magnitude(), std::vector<uint8_t>(8, 0xFF));
  EXPECT_EQ(power_of_two(70) - power_of_two(70), BigInt());
  EXPECT_FALSE((BigInt(-5) + BigInt(5)).is_negative());
}

TEST(BigIntTest, ArithmeticAndOrderMatchInt64OnRandomOperands) {
  std::mt19937_64 rng(42);
  std::uniform_int_distribution<int64_t> dist(-(int64_t{1} << 62), int64_t{1} << 62);
  for (int i = 0; i < 2000; ++i) {
    // Alternate wide and narrow operands so that both carry paths and
    // sign changes are hit often.
    int64_t a = dist(rng) >> (i % 60), b = dist(rng) >> ((i * 7) % 60);
    ASSERT_EQ(BigInt(a) + BigInt(b), BigInt(a + b)) << a << " + " << b;
    ASSERT_EQ(BigInt(a) - BigInt(b), BigInt(a - b)) << a << " - " << b;
    ASSERT_EQ(BigInt(a) <=> BigInt(b), a <=> b) << a << " <=> " << b;
    ASSERT_EQ(-BigInt(a), BigInt(-a));
  }
}

TEST(BigIntTest, OrderIsNumericAcrossSignsAndLengths) {
  std::vector<BigInt> ascending = {-power_of_two(70), -power_of_two(64), BigInt(-256),
                                   BigInt(-255),      BigInt(-1),        BigInt(),
                                   BigInt(1),         BigInt(255),       BigInt(256),
                                   power_of_two(64),  power_of_two(70)};
  for (size_t i = 0; i < ascending.size(); ++i) {
    for (size_t j = 0; j < ascending.size(); ++j) {
      EXPECT_EQ(ascending[i] <=> ascending[j], i <=> j) << i << " vs " << j;
    }
  }
}

}  // namespace
}  // namespace openkv
