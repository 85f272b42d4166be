// Copyright (c) OpenKV authors.
#include "openkv/versionstamp.h"

#include <gtest/gtest.h>

#include <limits>

#include "openkv/errors.h"

namespace openkv {
namespace {

TEST(VersionstampTest, FromVersionIsBigEndianVersionFollowedByTwoZeroBytes) {
  // The examples of spec 01 §5.1.
  EXPECT_EQ(Versionstamp::from_version(5).to_hex(), "00000000000000050000");
  EXPECT_EQ(Versionstamp::from_version(13).to_hex(), "000000000000000d0000");
  EXPECT_EQ(Versionstamp::from_version(133).to_hex(), "00000000000000850000");
  EXPECT_EQ(Versionstamp::from_version(176).to_hex(), "00000000000000b00000");
  Versionstamp::Bytes expected = {0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0, 0};
  EXPECT_EQ(Versionstamp::from_version(0x0102030405060708).bytes(), expected);
}

TEST(VersionstampTest, VersionReadsTheFirstEightBytes) {
  for (uint64_t v : {uint64_t{0}, uint64_t{1}, uint64_t{0x85}, uint64_t{0x0102030405060708},
                     std::numeric_limits<uint64_t>::max()}) {
    EXPECT_EQ(Versionstamp::from_version(v).version(), v);
  }
  // Remote servers may use the last two bytes; version() ignores them.
  EXPECT_EQ(Versionstamp::from_hex("0000000000000007ffff").version(), 7u);
}

TEST(VersionstampTest, DefaultIsAllZeroAndBelowEveryRealVersionstamp) {
  EXPECT_EQ(Versionstamp().to_hex(), "00000000000000000000");
  EXPECT_LT(Versionstamp(), Versionstamp::from_version(1));
}

TEST(VersionstampTest, FromHexAcceptsEitherCaseAndToHexIsLowercase) {
  Versionstamp v = Versionstamp::from_hex("000000000000AbCd0000");
  EXPECT_EQ(v.to_hex(), "000000000000abcd0000");
  EXPECT_EQ(v.version(), 0xABCDu);
  EXPECT_EQ(Versionstamp::from_hex("0123456789abcdefABCD").to_hex(), "0123456789abcdefabcd");
}

TEST(VersionstampTest, OrderIsCommitOrderAndMatchesHexStringOrder) {
  Versionstamp a = Versionstamp::from_version(9), b = Versionstamp::from_version(0x100);
  EXPECT_LT(a, b);
  EXPECT_LT(a.to_hex(), b.to_hex());
}

TEST(VersionstampTest, FromHexRejectsWrongLengthOrNonHexDigits) {
  for (const char* text :
       {"", "0000000000000000000", "000000000000000000000", "0000000000000000000g",
        "000000000000000000 0", "-0000000000000000001", "0x000000000000000001"}) {
    try {
      Versionstamp::from_hex(text);
      ADD_FAILURE() << "accepted '" << text << "'";
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument);
      EXPECT_STREQ(e.what(), "invalid versionstamp");
    }
  }
}

}  // namespace
}  // namespace openkv
