// Copyright (c) OpenKV authors.
#include "codec/property_key.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace openkv::codec {
namespace {

TEST(PropertyKey, RecognisesOnlyCanonicalArrayPositions) {
  EXPECT_EQ(array_index_of("0"), 0u);
  EXPECT_EQ(array_index_of("17"), 17u);
  EXPECT_EQ(array_index_of("4294967294"), 4294967294u);
  for (const char* key : {"", "01", "-1", "1.0", "1e3", " 1", "4294967295", "99999999999", "a"}) {
    EXPECT_EQ(array_index_of(key), std::nullopt) << key;
  }
}

TEST(PropertyKey, FormatsNumbersLikeJsToString) {
  EXPECT_EQ(number_to_property_key(0), "0");
  EXPECT_EQ(number_to_property_key(-0.0), "0");
  EXPECT_EQ(number_to_property_key(7), "7");
  EXPECT_EQ(number_to_property_key(-7), "-7");
  EXPECT_EQ(number_to_property_key(1.5), "1.5");
  EXPECT_EQ(number_to_property_key(123.5), "123.5");
  EXPECT_EQ(number_to_property_key(0.1), "0.1");
  EXPECT_EQ(number_to_property_key(0.000001), "0.000001");
  EXPECT_EQ(number_to_property_key(1e-7), "1e-7");
  EXPECT_EQ(number_to_property_key(1.25e-7), "1.25e-7");
  EXPECT_EQ(number_to_property_key(4294967295.0), "4294967295");
  EXPECT_EQ(number_to_property_key(1e20), "100000000000000000000");
  EXPECT_EQ(number_to_property_key(1e21), "1e+21");
  EXPECT_EQ(number_to_property_key(1.5e300), "1.5e+300");
  EXPECT_EQ(number_to_property_key(std::numeric_limits<double>::quiet_NaN()), "NaN");
  EXPECT_EQ(number_to_property_key(std::numeric_limits<double>::infinity()), "Infinity");
  EXPECT_EQ(number_to_property_key(-std::numeric_limits<double>::infinity()), "-Infinity");
}

}  // namespace
}  // namespace openkv::codec
