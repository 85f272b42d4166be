// Copyright (c) OpenKV authors.
//
// The numeric operand subset of spec 01 §4.9.
#include "codec/v8_numeric.h"

#include <gtest/gtest.h>

#include "openkv/errors.h"
#include "unit/codec/hex_bytes.h"

namespace openkv::codec {
namespace {

using openkv::testing::hex_bytes;
using openkv::testing::to_hex;

V8Numeric parse(std::string_view hex) { return parse_v8_numeric(hex_bytes(hex)); }

std::string parse_error(std::string_view hex) {
  try {
    parse(hex);
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kTypeMismatch);
    return e.what();
  }
  return "(parsed)";
}

TEST(V8Numeric, ReadsInt32Uint32AndDoubleAsNumbers) {
  EXPECT_EQ(parse("FF 0F 49 0E"), V8Numeric(7.0));
  EXPECT_EQ(parse("FF 10 49 01"), V8Numeric(-1.0));
  EXPECT_EQ(parse("FF 0F 55 FF FF FF FF 0F"), V8Numeric(4294967295.0));
  EXPECT_EQ(parse("FF 10 4E 00 00 00 00 00 E0 5E 40"), V8Numeric(123.5));
}

TEST(V8Numeric, ReadsBigIntsOfAnyLayout) {
  EXPECT_EQ(parse("FF 10 5A 10 0A 00 00 00 00 00 00 00"), V8Numeric(BigInt(10)));
  EXPECT_EQ(parse("FF 0F 5A 02 0F"), V8Numeric(BigInt(15)));
  EXPECT_EQ(parse("FF 0F 5A 11 01 00 00 00 00 00 00 00"), V8Numeric(BigInt(-1)));
}

TEST(V8Numeric, RejectsEmptyUndecodableAndNonNumericValues) {
  EXPECT_EQ(parse_error(""), "operand cannot be empty");
  EXPECT_EQ(parse_error("FF 0F 49"), "invalid v8 value");
  EXPECT_EQ(parse_error("01 02"), "invalid v8 value");
  EXPECT_EQ(parse_error("FF 0F 74"), "invalid v8 value");
  EXPECT_EQ(parse_error("FF 0F 22 01 61"), "unsupported value type");
  EXPECT_EQ(parse_error("FF 0F 6E 00 00 00 00 00 00 14 40"),
            "unsupported value type");  // new Number(5)
  EXPECT_EQ(parse_error("FF 0F 30"), "unsupported value type");
  EXPECT_EQ(parse_error("FF 0F 6F 7B 00"), "unsupported value type");
}

TEST(V8Numeric, WritesNumbersAlwaysAsDouble) {
  EXPECT_EQ(to_hex(serialize_v8_numeric(5.0)), to_hex(hex_bytes("ff0f4e0000000000001440")));
  EXPECT_EQ(to_hex(serialize_v8_numeric(-0.0)), to_hex(hex_bytes("ff0f4e0000000000000080")));
}

TEST(V8Numeric, WritesBigIntsInV8DigitLayout) {
  EXPECT_EQ(to_hex(serialize_v8_numeric(BigInt(15))),
            to_hex(hex_bytes("ff0f5a100f00000000000000")));
  EXPECT_EQ(to_hex(serialize_v8_numeric(BigInt(0))), to_hex(hex_bytes("ff0f5a00")));
}

}  // namespace
}  // namespace openkv::codec
