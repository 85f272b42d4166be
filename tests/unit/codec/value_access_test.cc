// Copyright (c) OpenKV authors.
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>

#include "openkv/errors.h"
#include "openkv/value.h"

namespace openkv {
namespace {

TEST(ValueNumbers, EveryArithmeticTypeIsANumber) {
  EXPECT_EQ(Value(3u).as_number(), 3);
  EXPECT_EQ(Value(size_t{3}).as_number(), 3);
  EXPECT_EQ(Value(3LL).as_number(), 3);
  EXPECT_EQ(Value(int64_t{-3}).as_number(), -3);
  EXPECT_EQ(Value(uint8_t{7}).as_number(), 7);
  EXPECT_EQ(Value(short{-2}).as_number(), -2);
  EXPECT_EQ(Value(1.5f).as_number(), 1.5);
  EXPECT_EQ(Value(2.5).as_number(), 2.5);
  // As in JS, integers beyond 2^53 round to the nearest double.
  EXPECT_EQ(Value(std::numeric_limits<uint64_t>::max()).as_number(), 18446744073709551616.0);
  EXPECT_EQ(Value(true).type(), Value::Type::kBool);
}

TEST(ValueReaders, AWrongTypeIsAnOpenkvError) {
  try {
    Value(1).as_string();
    FAIL() << "expected an Error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kTypeMismatch);
    EXPECT_STREQ(e.what(), "expected a string, found a number");
  }
  EXPECT_THROW(Value("s").as_number(), Error);
  EXPECT_THROW(Value().as_bool(), Error);
  EXPECT_THROW(Value(1).as_bigint(), Error);
  EXPECT_THROW(Value(1).as_bytes(), Error);
  EXPECT_THROW(Value(1).as_u64(), Error);
  EXPECT_THROW(Value::make_array().as_object(), Error);
  try {
    Value::make_map().as_array();
    FAIL() << "expected an Error";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "expected an Array, found a Map");
  }
}

TEST(ValueReaders, PropertiesByName) {
  Value user = Value::make_object({{"id", "u1"}, {"age", 36}});
  EXPECT_EQ(user["id"].as_string(), "u1");
  EXPECT_EQ(user["age"].as_number(), 36);
  EXPECT_TRUE(user["missing"].is_undefined());
  EXPECT_EQ(user.as_object().properties.size(), 2u);
  try {
    Value("text")["length"];
    FAIL() << "expected an Error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kTypeMismatch);
    EXPECT_STREQ(e.what(), "cannot read property 'length' of a string");
  }
}

TEST(ValueReaders, ArrayElementsByIndexAndCanonicalName) {
  Value list = Value::make_array({"a", "b"});
  list.as_array().elements.push_back(std::nullopt);  // a hole
  list.as_array().properties.push_back({"extra", true});
  EXPECT_EQ(list[0].as_string(), "a");
  EXPECT_EQ(list[size_t{1}].as_string(), "b");
  EXPECT_TRUE(list[2].is_undefined());   // hole
  EXPECT_TRUE(list[99].is_undefined());  // past the end
  EXPECT_EQ(list["1"].as_string(), "b");
  EXPECT_TRUE(list["01"].is_undefined());  // not a canonical index: a property name
  EXPECT_TRUE(list["extra"].as_bool());
  EXPECT_THROW(Value::make_object()[0], Error);
}

TEST(ValueReaders, GetIfNeverThrowsForAnotherType) {
  Value n(4);
  ASSERT_NE(n.get_if<double>(), nullptr);
  EXPECT_EQ(*n.get_if<double>(), 4);
  EXPECT_EQ(n.get_if<std::string>(), nullptr);
  EXPECT_EQ(n.get_if<PlainObject>(), nullptr);
  Value date = Value::make_date(1000);
  ASSERT_NE(date.get_if<Date>(), nullptr);
  EXPECT_EQ(date.get_if<Date>()->ms_since_epoch, 1000);
  EXPECT_EQ(date.get_if<Array>(), nullptr);
  // The mutable form changes the object every copy shares.
  Value copy = date;
  copy.get_if<Date>()->ms_since_epoch = 5;
  EXPECT_EQ(date.get_if<Date>()->ms_since_epoch, 5);
}

}  // namespace
}  // namespace openkv
