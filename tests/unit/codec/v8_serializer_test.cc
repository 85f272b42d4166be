// Copyright (c) OpenKV authors.
//
// serialize_v8 against the vectors of spec 01 §4.11 and bytes captured from
// node 20 and Deno 2.9.6 (payloads after the header are identical; Deno's
// header FF 10 is replaced by FF 0F here).
#include "codec/v8_serializer.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "openkv/errors.h"
#include "unit/codec/hex_bytes.h"

namespace openkv::codec {
namespace {

using openkv::testing::hex_bytes;
using openkv::testing::to_hex;

std::string serialized(const Value& v) { return to_hex(serialize_v8(v)); }
std::string hex(std::string_view text) { return to_hex(hex_bytes(text)); }

template <class T>
Value make(T contents) {
  return Value::object(std::make_shared<HeapObject>(HeapObject{std::move(contents)}));
}

Value boxed(Value primitive) { return make(BoxedPrimitive{std::move(primitive)}); }

Value view_on(const Value& buffer, ViewType type, uint64_t offset, uint64_t length) {
  return make(ArrayBufferView{type, buffer.object(), offset, length, 0});
}

Value buffer_of_16() {
  std::vector<uint8_t> bytes;
  for (int i = 1; i <= 16; ++i) bytes.push_back(static_cast<uint8_t>(i));
  return make(ArrayBuffer{bytes, std::nullopt});
}

Value array_with_holes(std::vector<std::optional<Value>> elements, Properties props = {}) {
  return make(Array{std::move(elements), std::move(props)});
}

TEST(V8Serializer, WritesTheOpenKvVectorsOfSpec0104_11ByteForByte) {
  EXPECT_EQ(serialized(nullptr), hex("FF 0F 30"));
  EXPECT_EQ(serialized(true), hex("FF 0F 54"));
  EXPECT_EQ(serialized(-1), hex("FF 0F 49 01"));
  EXPECT_EQ(serialized(-0.0), hex("FF 0F 4E 00 00 00 00 00 00 00 80"));
  EXPECT_EQ(serialized(2147483648.0), hex("FF 0F 4E 00 00 00 00 00 00 E0 41"));
  EXPECT_EQ(serialized("\xC3\xA9"), hex("FF 0F 22 01 E9"));
  EXPECT_EQ(serialized("\xE2\x82\xAC"), hex("FF 0F 63 02 AC 20"));
  EXPECT_EQ(serialized(Value::make_object({{"a", "\xE2\x82\xAC"}})),
            hex("FF 0F 6F 22 01 61 63 02 AC 20 7B 01"));
  EXPECT_EQ(serialized(Value::make_object({{"ab", "\xE2\x82\xAC"}})),
            hex("FF 0F 6F 22 02 61 62 00 63 02 AC 20 7B 01"));
  EXPECT_EQ(serialized(BigInt(0)), hex("FF 0F 5A 00"));
  EXPECT_EQ(serialized(BigInt(-1)), hex("FF 0F 5A 11 01 00 00 00 00 00 00 00"));
  EXPECT_EQ(serialized(BigInt::parse("18446744073709551616")),
            hex("FF 0F 5A 20 00 00 00 00 00 00 00 00 01 00 00 00 00 00 00 00"));
  EXPECT_EQ(serialized(Value::make_object({{"u", Value::make_uint8_array({1, 2})}})),
            hex("FF 0F 6F 22 01 75 42 02 01 02 56 42 00 02 00 7B 01"));
  EXPECT_EQ(serialized(Value::make_set({1})), hex("FF 0F 27 49 02 2C 01"));
  EXPECT_EQ(serialized(make(RegExp{"ab", 3})), hex("FF 0F 52 22 02 61 62 03"));
  EXPECT_EQ(serialized(array_with_holes({std::nullopt, std::nullopt, Value(1)})),
            hex("FF 0F 61 03 49 04 49 02 40 01 03"));
  Value self = Value::make_object();
  std::get<PlainObject>(self.object()->data).properties.emplace_back("self", Value::weak_ref(self));
  EXPECT_EQ(serialized(self), hex("FF 0F 6F 22 04 73656C66 5E 00 7B 01"));
}

TEST(V8Serializer, WritesTheDenoVectorsOfSpec0104_11WithHeaderFF0F) {
  EXPECT_EQ(serialized(Value::make_object({{"name", "Alice"}, {"age", 31}})),
            hex("FF 0F 6F 22 04 6E616D65 22 05 416C696365 22 03 616765 49 3E 7B 02"));
  EXPECT_EQ(serialized("one"), hex("FF 0F 22 03 6F6E65"));
  EXPECT_EQ(serialized("hello"), hex("FF 0F 22 05 68656C6C6F"));
  EXPECT_EQ(serialized(123.5), hex("FF 0F 4E 00 00 00 00 00 E0 5E 40"));
  EXPECT_EQ(serialized(7), hex("FF 0F 49 0E"));
  EXPECT_EQ(serialized(1), hex("FF 0F 49 02"));
  EXPECT_EQ(serialized(BigInt(10)), hex("FF 0F 5A 10 0A 00 00 00 00 00 00 00"));
  EXPECT_EQ(serialized(false), hex("FF 0F 46"));
  EXPECT_EQ(serialized(Value()), hex("FF 0F 5F"));
  EXPECT_EQ(serialized(Value::make_date(0)), hex("FF 0F 44 00 00 00 00 00 00 00 00"));
  EXPECT_EQ(serialized(Value::make_array({1, "a", true})),
            hex("FF 0F 41 03 49 02 22 01 61 54 24 00 03"));
  EXPECT_EQ(serialized(Value::make_map({{"k", 1}})), hex("FF 0F 3B 22 01 6B 49 02 3A 02"));
}

TEST(V8Serializer, WritesInt32OnlyForIntegersSmallInEveryV8Build) {
  EXPECT_EQ(serialized(1073741823), hex("FF 0F 49 FE FF FF FF 07"));
  EXPECT_EQ(serialized(-1073741824), hex("FF 0F 49 FF FF FF FF 07"));
  EXPECT_EQ(serialized(1073741824), hex("FF 0F 4E 00 00 00 00 00 00 D0 41"));
  EXPECT_EQ(serialized(-1073741825), hex("FF 0F 4E 00 00 40 00 00 00 D0 C1"));
  EXPECT_EQ(serialized(0.5), hex("FF 0F 4E 00 00 00 00 00 00 E0 3F"));
  EXPECT_EQ(serialized(std::numeric_limits<double>::quiet_NaN()),
            hex("FF 0F 4E 00 00 00 00 00 00 F8 7F"));
  EXPECT_EQ(serialized(-std::numeric_limits<double>::infinity()),
            hex("FF 0F 4E 00 00 00 00 00 00 F0 FF"));
}

TEST(V8Serializer, WritesBigIntsAsWhole64BitDigits) {
  EXPECT_EQ(serialized(BigInt(255)), hex("FF 0F 5A 10 FF 00 00 00 00 00 00 00"));
  EXPECT_EQ(serialized(-BigInt::parse("9223372036854775808")),
            hex("FF 0F 5A 11 00 00 00 00 00 00 00 80"));
  EXPECT_EQ(serialized(-BigInt::parse("18446744073709551616")),
            hex("FF 0F 5A 21 00 00 00 00 00 00 00 00 01 00 00 00 00 00 00 00"));
  EXPECT_EQ(serialized(BigInt::parse("123456789012345678901234567890")),
            hex("FF 0F 5A 20 D20A3F4EEEE073C3 F60FE98E01000000"));
}

TEST(V8Serializer, WritesLatin1StringsOneBytePerCodeUnit) {
  EXPECT_EQ(serialized(""), hex("FF 0F 22 00"));
  EXPECT_EQ(serialized(std::string("\xC3\xBF\x00", 3)), hex("FF 0F 22 02 FF 00"));
}

TEST(V8Serializer, PadsTwoByteStringsToAnEvenDataOffset) {
  // Captured from node 20: ["€", "a€", "\ud800"].
  EXPECT_EQ(serialized(Value::make_array({"\xE2\x82\xAC", "a\xE2\x82\xAC", "\xED\xA0\x80"})),
            hex("FF 0F 41 03 63 02 AC 20 63 04 61 00 AC 20 63 02 00 D8 24 00 03"));
  // Captured from Deno: {"été": "😀", k: "x\udc00y"}.
  EXPECT_EQ(
      serialized(
          Value::make_object({{"\xC3\xA9t\xC3\xA9", "\xF0\x9F\x98\x80"}, {"k", "x\xED\xB0\x80y"}})),
      hex("FF 0F 6F 22 03 E9 74 E9 63 04 3D D8 00 DE 22 01 6B 00 63 06 78 00 00 DC 79 00 7B 02"));
}

TEST(V8Serializer, AcceptsASurrogatePairSpelledAsTwoWtf8Sequences) {
  EXPECT_EQ(serialized("\xED\xA0\xBD\xED\xB8\x80"), serialized("\xF0\x9F\x98\x80"));
}

TEST(V8Serializer, RejectsStringsThatAreNotWtf8) {
  for (const char* bad : {"\xFF", "\xC0\x80", "\xE2\x82", "\xF4\x90\x80\x80"}) {
    try {
      serialize_v8(Value(bad));
      FAIL() << "accepted " << bad;
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument);
    }
  }
}

TEST(V8Serializer, WritesIndexKeysAsNumbersAndOtherKeysAsStrings) {
  // Captured from node 20 / Deno: {1073741823:1, 1073741824:2, 2147483647:3,
  // 2147483648:4, 4294967294:5, 4294967295:6, b:7}.
  Value v = Value::make_object({{"1073741823", 1},
                                {"1073741824", 2},
                                {"2147483647", 3},
                                {"2147483648", 4},
                                {"4294967294", 5},
                                {"4294967295", 6},
                                {"b", 7}});
  EXPECT_EQ(serialized(v),
            hex("ff0f6f49feffffff074902498080808008490449feffffff0f49064e000000000000e04149084e0000"
                "c0ffffffef41490a220a34323934393637323935490c220162490e7b07"));
  EXPECT_EQ(serialized(Value::make_object({{"01", 1}, {"-1", 2}})),
            hex("FF 0F 6F 22 02 30 31 49 02 22 02 2D 31 49 04 7B 02"));
}

TEST(V8Serializer, WritesDenseArraysWithExtraPropertiesAfterTheElements) {
  Value a = array_with_holes({Value(1), Value(2)}, {{"foo", 3}});
  EXPECT_EQ(serialized(a), hex("ff0f4102490249042203666f6f4906240102"));
  EXPECT_EQ(serialized(Value::make_array()), hex("ff0f4100240000"));
}

TEST(V8Serializer, WritesArraysWithHolesSparse) {
  std::vector<std::optional<Value>> elements(6);
  elements[5] = Value(1);
  EXPECT_EQ(serialized(array_with_holes(elements, {{"x", 2}})),
            hex("ff0f6106490a49022201784904400206"));
  EXPECT_EQ(serialized(array_with_holes({Value(1), std::nullopt})), hex("ff0f610249004902400102"));
}

TEST(V8Serializer, WritesSharedObjectsOnceAndThenByReference) {
  Value o = Value::make_object();
  EXPECT_EQ(serialized(Value::make_array({o, o})), hex("ff0f41026f7b005e01240002"));
}

TEST(V8Serializer, WritesCyclesThroughWeakReferencesAsBackReferences) {
  // Deno: a = []; o = {a}; a.push(o, a).
  Value o = Value::make_object();
  Value a = Value::make_array({Value::weak_ref(o)});
  std::get<Array>(a.object()->data).elements.push_back(Value::weak_ref(a));
  std::get<PlainObject>(o.object()->data).properties.emplace_back("a", a);
  EXPECT_EQ(serialized(o), hex("ff0f6f22016141025e005e012400027b01"));
}

TEST(V8Serializer, WritesEveryTypedArrayKindAfterItsBuffer) {
  struct Case {
    ViewType type;
    uint64_t offset, length;
    const char* view_record;
  } cases[] = {
      {ViewType::kInt8Array, 1, 2, "5662010200"},
      {ViewType::kUint8Array, 0, 3, "5642000300"},
      {ViewType::kUint8ClampedArray, 2, 1, "5643020100"},
      {ViewType::kInt16Array, 2, 4, "5677020400"},
      {ViewType::kUint16Array, 0, 2, "5657000200"},
      {ViewType::kInt32Array, 4, 4, "5664040400"},
      {ViewType::kUint32Array, 8, 8, "5644080800"},
      {ViewType::kFloat16Array, 0, 2, "5668000200"},
      {ViewType::kFloat32Array, 4, 4, "5666040400"},
      {ViewType::kFloat64Array, 8, 8, "5646080800"},
      {ViewType::kBigInt64Array, 0, 8, "5671000800"},
      {ViewType::kBigUint64Array, 8, 8, "5651080800"},
      {ViewType::kDataView, 3, 5, "563f030500"},
  };
  for (const Case& c : cases) {
    Value v = Value::make_object({{"v", view_on(buffer_of_16(), c.type, c.offset, c.length)}});
    EXPECT_EQ(serialized(v), hex("ff0f6f22017642100102030405060708090a0b0c0d0e0f10" +
                                 std::string(c.view_record) + "7b01"));
  }
}

TEST(V8Serializer, GivesABufferSharedByViewsOneIdBeforeItsViews) {
  // Deno: [new Uint8Array(buf, 0, 2), new Uint16Array(buf, 2, 1), buf].
  Value buf = buffer_of_16();
  Value v = Value::make_array(
      {view_on(buf, ViewType::kUint8Array, 0, 2), view_on(buf, ViewType::kUint16Array, 2, 2), buf});
  EXPECT_EQ(serialized(v),
            hex("ff0f410342100102030405060708090a0b0c0d0e0f1056420002005e0156570202005e01240003"));
}

TEST(V8Serializer, WritesAResizableBufferAsAFixedOne) {
  Value v = make(ArrayBuffer{{1, 2}, 8});
  EXPECT_EQ(serialized(v), hex("FF 0F 42 02 01 02"));
}

TEST(V8Serializer, RejectsATypedArrayOutsideOrMisalignedInItsBuffer) {
  for (Value bad : {view_on(buffer_of_16(), ViewType::kUint8Array, 10, 7),
                    view_on(buffer_of_16(), ViewType::kUint32Array, 2, 4),
                    view_on(buffer_of_16(), ViewType::kUint32Array, 0, 6),
                    view_on(Value::make_object(), ViewType::kUint8Array, 0, 0)}) {
    EXPECT_THROW(serialize_v8(bad), Error);
  }
}

TEST(V8Serializer, WritesDatesRegExpsMapsSetsAndNestedContainers) {
  // node 20: {a: new Date(0), r: /x/g, s: new Set([1]), m: new Map([[1, 2]])}.
  Value v = Value::make_object({{"a", Value::make_date(0)},
                                {"r", make(RegExp{"x", 1})},
                                {"s", Value::make_set({1})},
                                {"m", Value::make_map({{1, 2}})}});
  EXPECT_EQ(serialized(v), hex("ff0f6f22016144000000000000000022017252220178012201732749022c0122016"
                               "d3b490249043a027b04"));
  // Every flag: /a/dgimsuy, and /x/v.
  EXPECT_EQ(serialized(make(RegExp{"a", 191})), hex("ff0f52220161bf01"));
  EXPECT_EQ(serialized(make(RegExp{"x", 256})), hex("ff0f522201788002"));
}

TEST(V8Serializer, WritesErrorsAsPrototypeMessageStackCauseEnd) {
  // Deno: e = new TypeError("m", {cause: 5}); e.stack = "st".
  EXPECT_EQ(serialized(make(ErrorObject{ErrorPrototype::kTypeError, "m", "st", Value(5)})),
            hex("ff0f72546d22016d732202737463490a2e"));
  EXPECT_EQ(serialized(make(ErrorObject{ErrorPrototype::kError, "m", "s", std::nullopt})),
            hex("ff0f726d22016d732201732e"));
  // Deno: one error of every other prototype, no message, stack deleted.
  std::vector<Value> errors;
  for (ErrorPrototype p :
       {ErrorPrototype::kEvalError, ErrorPrototype::kRangeError, ErrorPrototype::kReferenceError,
        ErrorPrototype::kSyntaxError, ErrorPrototype::kTypeError, ErrorPrototype::kUriError}) {
    errors.push_back(make(ErrorObject{p, std::nullopt, std::nullopt, std::nullopt}));
  }
  EXPECT_EQ(serialized(Value::make_array(errors)),
            hex("ff0f410672452e72522e72462e72532e72542e72552e240006"));
}

TEST(V8Serializer, WritesBoxedPrimitives) {
  // Deno: [new String("€"), new Number(-0), Object(-5n), new Boolean(true)].
  Value v = Value::make_array({boxed("\xE2\x82\xAC"), boxed(-0.0), boxed(BigInt(-5)), boxed(true)});
  EXPECT_EQ(serialized(v),
            hex("ff0f410473006302ac206e00000000000000807a11050000000000000079240004"));
  EXPECT_EQ(serialized(boxed(false)), hex("ff0f78"));
  EXPECT_THROW(serialize_v8(boxed(nullptr)), Error);
}

TEST(V8Serializer, WritesNestedBytesAsAUint8ArrayAndNestedKvU64AsAnObject) {
  EXPECT_EQ(serialized(Value::make_array({Value::bytes({9})})),
            hex("FF 0F 41 01 42 01 09 56 42 00 01 00 24 00 01"));
  EXPECT_EQ(
      serialized(Value::make_array({KvU64{15}, Value::make_object()})),
      hex("FF 0F 41 02 6F 22 05 76616C7565 5A 10 0F 00 00 00 00 00 00 00 7B 01 6F 7B 00 24 00 02"));
  // Ids: array 0, buffer 1, view 2, then the object is 3.
  Value o = Value::make_object();
  EXPECT_EQ(serialized(Value::make_array({Value::bytes({}), o, o})),
            hex("FF 0F 41 03 42 00 56 42 00 00 00 6F 7B 00 5E 03 24 00 03"));
}

TEST(V8Serializer, RejectsTopLevelBytesAndKvU64) {
  for (const Value& v : {Value::bytes({1}), Value(KvU64{1})}) {
    try {
      serialize_v8(v);
      FAIL();
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument);
    }
  }
}

TEST(V8Serializer, ReportsADanglingWeakReferenceAsCorruption) {
  Value dangling;
  {
    Value target = Value::make_object();
    dangling = Value::weak_ref(target);
  }
  try {
    serialize_v8(Value::make_array({dangling}));
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kCorruption);
  }
}

Value nested_arrays(int depth) {
  Value v = 0;
  for (int i = 0; i < depth; ++i) v = Value::make_array({v});
  return v;
}

TEST(V8Serializer, WritesUpTo256NestedObjectsAndRejectsDeeper) {
  EXPECT_NO_THROW(serialize_v8(nested_arrays(256)));
  try {
    serialize_v8(nested_arrays(257));
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument);
  }
}

}  // namespace
}  // namespace openkv::codec
