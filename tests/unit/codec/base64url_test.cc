// Copyright (c) OpenKV authors.
#include "codec/base64url.h"

#include <gtest/gtest.h>

#include <random>

namespace openkv::codec {
namespace {

std::vector<uint8_t> bytes_of(std::string_view s) { return {s.begin(), s.end()}; }

TEST(Base64UrlTest, EncodesRfc4648VectorsWithAndWithoutPadding) {
  struct Vector {
    const char* plain;
    const char* padded;
    const char* unpadded;
  };
  for (const Vector& v :
       {Vector{"", "", ""}, Vector{"f", "Zg==", "Zg"}, Vector{"fo", "Zm8=", "Zm8"},
        Vector{"foo", "Zm9v", "Zm9v"}, Vector{"foob", "Zm9vYg==", "Zm9vYg"},
        Vector{"fooba", "Zm9vYmE=", "Zm9vYmE"}, Vector{"foobar", "Zm9vYmFy", "Zm9vYmFy"}}) {
    EXPECT_EQ(base64url_encode(bytes_of(v.plain), Base64Padding::kPadded), v.padded);
    EXPECT_EQ(base64url_encode(bytes_of(v.plain), Base64Padding::kUnpadded), v.unpadded);
    EXPECT_EQ(base64url_decode(v.padded, Base64Padding::kPadded), bytes_of(v.plain));
    EXPECT_EQ(base64url_decode(v.unpadded, Base64Padding::kUnpadded), bytes_of(v.plain));
  }
}

TEST(Base64UrlTest, UsesDashAndUnderscoreForTheLastTwoDigits) {
  std::vector<uint8_t> data = {0xFB, 0xFF};
  EXPECT_EQ(base64url_encode(data, Base64Padding::kPadded), "-_8=");
  EXPECT_EQ(base64url_decode("-_8=", Base64Padding::kPadded), data);
}

TEST(Base64UrlTest, RejectsTheStandardAlphabetsPlusAndSlash) {
  EXPECT_EQ(base64url_decode("+_8=", Base64Padding::kPadded), std::nullopt);
  EXPECT_EQ(base64url_decode("-/8=", Base64Padding::kPadded), std::nullopt);
}

TEST(Base64UrlTest, PaddedDecodingRequiresExactPadding) {
  EXPECT_EQ(base64url_decode("Zg", Base64Padding::kPadded), std::nullopt);
  EXPECT_EQ(base64url_decode("Zg=", Base64Padding::kPadded), std::nullopt);
  EXPECT_EQ(base64url_decode("Zg===", Base64Padding::kPadded), std::nullopt);
  EXPECT_EQ(base64url_decode("Z===", Base64Padding::kPadded), std::nullopt);
  EXPECT_EQ(base64url_decode("Zm=v", Base64Padding::kPadded), std::nullopt);
  EXPECT_EQ(base64url_decode("====", Base64Padding::kPadded), std::nullopt);
}

TEST(Base64UrlTest, UnpaddedDecodingRejectsPaddingAndImpossibleLengths) {
  EXPECT_EQ(base64url_decode("Zg==", Base64Padding::kUnpadded), std::nullopt);
  EXPECT_EQ(base64url_decode("Z", Base64Padding::kUnpadded), std::nullopt);
  EXPECT_EQ(base64url_decode("Zm9vY", Base64Padding::kUnpadded), std::nullopt);
}

TEST(Base64UrlTest, RejectsNonZeroTrailingBitsSoEveryByteStringHasOneEncoding) {
  EXPECT_EQ(base64url_decode("Zh==", Base64Padding::kPadded), std::nullopt);
  EXPECT_EQ(base64url_decode("Zm9=", Base64Padding::kPadded), std::nullopt);
  EXPECT_EQ(base64url_decode("Zh", Base64Padding::kUnpadded), std::nullopt);
}

TEST(Base64UrlTest, RoundTripsRandomBytesOfEveryLengthUpTo64) {
  std::mt19937 rng(1);
  for (size_t len = 0; len <= 64; ++len) {
    std::vector<uint8_t> data(len);
    for (uint8_t& b : data) b = static_cast<uint8_t>(rng());
    for (Base64Padding padding : {Base64Padding::kPadded, Base64Padding::kUnpadded}) {
      EXPECT_EQ(base64url_decode(base64url_encode(data, padding), padding), data) << len;
    }
  }
}

}  // namespace
}  // namespace openkv::codec
