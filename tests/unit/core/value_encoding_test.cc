// Copyright (c) OpenKV authors.
//
// The three value encodings of spec 01 §3.
#include "core/value_encoding.h"

#include <gtest/gtest.h>

#include "openkv/errors.h"
#include "unit/codec/hex_bytes.h"

namespace openkv::core {
namespace {

using openkv::testing::hex_bytes;
using openkv::testing::to_hex;

std::string decode_error(const RawValue& raw) {
  try {
    decode_value(raw);
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kCorruption);
    return e.what();
  }
  return "(decoded)";
}

TEST(ValueEncoding, StoresTopLevelBytesVerbatim) {
  EXPECT_EQ(encode_value(Value::bytes({1, 0, 2})), (RawValue{{1, 0, 2}, Encoding::kBytes}));
  EXPECT_EQ(encode_value(Value::bytes({})), (RawValue{{}, Encoding::kBytes}));
  EXPECT_EQ(decode_value({{1, 0, 2}, Encoding::kBytes}), Value::bytes({1, 0, 2}));
  EXPECT_EQ(decode_value({{}, Encoding::kBytes}), Value::bytes({}));
}

TEST(ValueEncoding, StoresTopLevelKvU64AsEightLittleEndianBytes) {
  EXPECT_EQ(to_hex(encode_value(KvU64{42}).data), to_hex(hex_bytes("2a00000000000000")));
  EXPECT_EQ(encode_value(KvU64{42}).encoding, Encoding::kLe64);
  EXPECT_EQ(to_hex(encode_value(KvU64{15}).data), to_hex(hex_bytes("0f00000000000000")));
  EXPECT_EQ(to_hex(encode_value(KvU64{~0ull}).data), to_hex(hex_bytes("ffffffffffffffff")));
  EXPECT_EQ(decode_value({hex_bytes("2a00000000000000"), Encoding::kLe64}), Value(KvU64{42}));
  EXPECT_EQ(decode_value({hex_bytes("ffffffffffffffff"), Encoding::kLe64}), Value(KvU64{~0ull}));
}

TEST(ValueEncoding, StoresEverythingElseAsV8) {
  RawValue raw = encode_value(Value::make_object({{"name", "Alice"}, {"age", 31}}));
  EXPECT_EQ(raw.encoding, Encoding::kV8);
  EXPECT_EQ(to_hex(raw.data),
            to_hex(hex_bytes("ff0f6f22046e616d652205416c6963652203616765493e7b02")));
  EXPECT_EQ(decode_value(
                {hex_bytes("ff106f22046e616d652205416c6963652203616765493e7b02"), Encoding::kV8}),
            Value::make_object({{"name", "Alice"}, {"age", 31}}));
  EXPECT_EQ(encode_value(Value()), (RawValue{hex_bytes("ff0f5f"), Encoding::kV8}));
  EXPECT_EQ(encode_value(BigInt(10)),
            (RawValue{hex_bytes("ff0f5a100a00000000000000"), Encoding::kV8}));
}

TEST(ValueEncoding, RejectsUnknownEncodings) {
  EXPECT_EQ(decode_error({{1}, static_cast<Encoding>(0)}), "The value encoding 0 is unknown.");
  EXPECT_EQ(decode_error({{1}, static_cast<Encoding>(4)}), "The value encoding 4 is unknown.");
  EXPECT_EQ(decode_error({{1}, static_cast<Encoding>(-1)}), "The value encoding -1 is unknown.");
}

TEST(ValueEncoding, RejectsLe64ValuesThatAreNotEightBytes) {
  EXPECT_EQ(decode_error({{1, 2, 3}, Encoding::kLe64}),
            "Invalid LE64 value: expected 8 bytes, got 3");
  EXPECT_EQ(decode_error({Bytes(9), Encoding::kLe64}),
            "Invalid LE64 value: expected 8 bytes, got 9");
  EXPECT_EQ(decode_error({{}, Encoding::kLe64}), "Invalid LE64 value: expected 8 bytes, got 0");
}

TEST(ValueEncoding, ReportsUndecodableV8AsCorruption) {
  EXPECT_EQ(decode_error({hex_bytes("ff0f49"), Encoding::kV8}).rfind("invalid v8 value", 0), 0u);
  EXPECT_EQ(decode_error({{}, Encoding::kV8}).rfind("invalid v8 value", 0), 0u);
}

}  // namespace
}  // namespace openkv::core
