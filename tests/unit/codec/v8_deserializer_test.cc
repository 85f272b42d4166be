// Copyright (c) OpenKV authors.
//
// deserialize_v8 on bytes written by Deno 2.9.6 (FF 10), node 20 (FF 0F,
// including Node's host objects) and OpenKV, on hand-made edge cases, and on
// truncated, mutated and random input.
#include "codec/v8_deserializer.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "codec/v8_serializer.h"
#include "openkv/errors.h"
#include "unit/codec/hex_bytes.h"

namespace openkv::codec {
namespace {

using openkv::testing::hex_bytes;

Value decode(std::string_view hex) { return deserialize_v8(hex_bytes(hex)); }

template <class T>
Value make(T contents) {
  return Value::object(std::make_shared<HeapObject>(HeapObject{std::move(contents)}));
}

template <class T>
const T& as(const Value& v) {
  return std::get<T>(v.object()->data);
}

// The text of the corruption error `hex` raises ("" when it decodes).
std::string decode_error(std::string_view hex) {
  try {
    decode(hex);
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kCorruption);
    return e.what();
  }
  return "";
}

TEST(V8Deserializer, ReadsTheDenoVectorsOfSpec0104_11) {
  EXPECT_EQ(decode("FF 10 6F 22 04 6E616D65 22 05 416C696365 22 03 616765 49 3E 7B 02"),
            Value::make_object({{"name", "Alice"}, {"age", 31}}));
  EXPECT_EQ(decode("FF 10 22 03 6F6E65"), Value("one"));
  EXPECT_EQ(decode("FF 10 22 05 68656C6C6F"), Value("hello"));
  EXPECT_EQ(decode("FF 10 4E 00 00 00 00 00 E0 5E 40"), Value(123.5));
  EXPECT_EQ(decode("FF 10 49 0E"), Value(7));
  EXPECT_EQ(decode("FF 10 49 02"), Value(1));
  EXPECT_EQ(decode("FF 10 5A 10 0A 00 00 00 00 00 00 00"), Value(BigInt(10)));
  EXPECT_EQ(decode("FF 10 46"), Value(false));
  EXPECT_EQ(decode("FF 10 5F"), Value());
  EXPECT_EQ(decode("FF 10 44 00 00 00 00 00 00 00 00"), Value::make_date(0));
  EXPECT_EQ(decode("FF 10 41 03 49 02 22 01 61 54 24 00 03"), Value::make_array({1, "a", true}));
  EXPECT_EQ(decode("FF 10 3B 22 01 6B 49 02 3A 02"), Value::make_map({{"k", 1}}));
}

TEST(V8Deserializer, ReadsTheOpenKvVectorsOfSpec0104_11) {
  EXPECT_EQ(decode("FF 0F 30"), Value(nullptr));
  EXPECT_EQ(decode("FF 0F 54"), Value(true));
  EXPECT_EQ(decode("FF 0F 49 01"), Value(-1));
  EXPECT_EQ(decode("FF 0F 4E 00 00 00 00 00 00 00 80"), Value(-0.0));
  EXPECT_EQ(decode("FF 0F 4E 00 00 00 00 00 00 E0 41"), Value(2147483648.0));
  EXPECT_EQ(decode("FF 0F 22 01 E9"), Value("\xC3\xA9"));
  EXPECT_EQ(decode("FF 0F 63 02 AC 20"), Value("\xE2\x82\xAC"));
  EXPECT_EQ(decode("FF 0F 6F 22 01 61 63 02 AC 20 7B 01"),
            Value::make_object({{"a", "\xE2\x82\xAC"}}));
  EXPECT_EQ(decode("FF 0F 6F 22 02 61 62 00 63 02 AC 20 7B 01"),
            Value::make_object({{"ab", "\xE2\x82\xAC"}}));
  EXPECT_EQ(decode("FF 0F 5A 00"), Value(BigInt(0)));
  EXPECT_EQ(decode("FF 0F 5A 11 01 00 00 00 00 00 00 00"), Value(BigInt(-1)));
  EXPECT_EQ(decode("FF 0F 5A 20 00 00 00 00 00 00 00 00 01 00 00 00 00 00 00 00"),
            Value(BigInt::parse("18446744073709551616")));
  EXPECT_EQ(decode("FF 0F 6F 22 01 75 42 02 01 02 56 42 00 02 00 7B 01"),
            Value::make_object({{"u", Value::make_uint8_array({1, 2})}}));
  EXPECT_EQ(decode("FF 0F 27 49 02 2C 01"), Value::make_set({1}));
  EXPECT_EQ(decode("FF 0F 52 22 02 61 62 03"), make(RegExp{"ab", 3}));
  EXPECT_EQ(decode("FF 0F 61 03 49 04 49 02 40 01 03"),
            make(Array{{std::nullopt, std::nullopt, Value(1)}, {}}));
  EXPECT_EQ(decode("FF 0F 4E 00 00 00 00 00 00 14 40"), Value(5));
}

TEST(V8Deserializer, ReadsACycleAsAWeakReferenceToTheEnclosingObject) {
  Value o = decode("FF 0F 6F 22 04 73656C66 5E 00 7B 01");
  const Value& self = as<PlainObject>(o).properties.at(0).second;
  EXPECT_TRUE(self.is_weak_ref());
  EXPECT_EQ(self.object(), o.object());
}

TEST(V8Deserializer, ReadsAReferenceToAFinishedObjectAsAStrongSharedReference) {
  Value a = decode("ff0f41026f7b005e01240002");  // [o, o]
  const auto& elements = as<Array>(a).elements;
  EXPECT_FALSE(elements[0]->is_weak_ref());
  EXPECT_FALSE(elements[1]->is_weak_ref());
  EXPECT_EQ(elements[0]->object(), elements[1]->object());
  // The shared object outlives the array that held it.
  Value second = *elements[1];
  a = Value();
  EXPECT_EQ(second, Value::make_object());
}

TEST(V8Deserializer, ReadsNestedCyclesFromDeno) {
  // a = []; o = {a}; a.push(o, a)
  Value o = decode("ff106f22016141025e005e012400027b01");
  const Value& a = as<PlainObject>(o).properties[0].second;
  EXPECT_FALSE(a.is_weak_ref());
  const auto& elements = as<Array>(a).elements;
  EXPECT_TRUE(elements[0]->is_weak_ref());
  EXPECT_EQ(elements[0]->object(), o.object());
  EXPECT_TRUE(elements[1]->is_weak_ref());
  EXPECT_EQ(elements[1]->object(), a.object());
}

TEST(V8Deserializer, ReadsEveryTypedArrayKindFromDeno) {
  struct Case {
    const char* record;
    ViewType type;
    uint64_t offset, length;
  } cases[] = {
      {"5662010200", ViewType::kInt8Array, 1, 2},
      {"5642000300", ViewType::kUint8Array, 0, 3},
      {"5643020100", ViewType::kUint8ClampedArray, 2, 1},
      {"5677020400", ViewType::kInt16Array, 2, 4},
      {"5657000200", ViewType::kUint16Array, 0, 2},
      {"5664040400", ViewType::kInt32Array, 4, 4},
      {"5644080800", ViewType::kUint32Array, 8, 8},
      {"5668000200", ViewType::kFloat16Array, 0, 2},
      {"5666040400", ViewType::kFloat32Array, 4, 4},
      {"5646080800", ViewType::kFloat64Array, 8, 8},
      {"5671000800", ViewType::kBigInt64Array, 0, 8},
      {"5651080800", ViewType::kBigUint64Array, 8, 8},
      {"563f030500", ViewType::kDataView, 3, 5},
  };
  for (const Case& c : cases) {
    Value v =
        decode("ff106f22017642100102030405060708090a0b0c0d0e0f10" + std::string(c.record) + "7b01");
    const auto& view = as<ArrayBufferView>(as<PlainObject>(v).properties[0].second);
    EXPECT_EQ(view.view_type, c.type);
    EXPECT_EQ(view.byte_offset, c.offset);
    EXPECT_EQ(view.byte_length, c.length);
    EXPECT_EQ(std::get<ArrayBuffer>(view.buffer->data).data.size(), 16u);
  }
}

TEST(V8Deserializer, ReadsViewsSharingOneBufferAndAReferenceFollowedByAView) {
  Value v =
      decode("ff10410342100102030405060708090a0b0c0d0e0f1056420002005e0156570202005e01240003");
  const auto& elements = as<Array>(v).elements;
  const auto& first = as<ArrayBufferView>(*elements[0]);
  const auto& second = as<ArrayBufferView>(*elements[1]);
  EXPECT_EQ(second.view_type, ViewType::kUint16Array);
  EXPECT_EQ(first.buffer, second.buffer);
  EXPECT_EQ(elements[2]->object(), first.buffer);
}

TEST(V8Deserializer, ReadsAResizableBufferAndALengthTrackingView) {
  // Deno: {r: new Uint8Array(new ArrayBuffer(4, {maxByteLength: 8}))}.
  Value v = decode("ff106f2201727e04080000000056420000037b01");
  const auto& view = as<ArrayBufferView>(as<PlainObject>(v).properties[0].second);
  EXPECT_EQ(view.flags, 3u);
  EXPECT_EQ(view.byte_length, 4u);
  const auto& buffer = std::get<ArrayBuffer>(view.buffer->data);
  EXPECT_EQ(buffer.max_byte_length, 8u);
  EXPECT_EQ(buffer.data.size(), 4u);
  EXPECT_NE(decode_error("ff0f7e0302000000"), "");  // length above its maximum
}

TEST(V8Deserializer, ReadsViewsWithoutFlagsBeforeVersion14) {
  Value v = decode("FF 0D 42 02 01 02 56 42 00 02");
  EXPECT_EQ(v, Value::make_uint8_array({1, 2}));
  EXPECT_EQ(decode("FF 0E 42 02 01 02 56 42 00 02 00"), Value::make_uint8_array({1, 2}));
}

TEST(V8Deserializer, ReadsNodeHostObjectsAsTypedArraysOfEveryType) {
  // node 20: v8.serialize of one view of every kind (10 is a Buffer).
  Value v = decode(
      "ff0f410d5c000202035c01030102035c0201035c0304030405065c040201025c0504050607085c0608090a0b0c0d"
      "0e"
      "0f105c0704050607085c0808090a0b0c0d0e0f105c090504050607085c0a0207085c0b0801020304050607085c0c"
      "08"
      "090a0b0c0d0e0f1024000d");
  const ViewType expected[] = {
      ViewType::kInt8Array,     ViewType::kUint8Array,   ViewType::kUint8ClampedArray,
      ViewType::kInt16Array,    ViewType::kUint16Array,  ViewType::kInt32Array,
      ViewType::kUint32Array,   ViewType::kFloat32Array, ViewType::kFloat64Array,
      ViewType::kDataView,      ViewType::kUint8Array,   ViewType::kBigInt64Array,
      ViewType::kBigUint64Array};
  const auto& elements = as<Array>(v).elements;
  ASSERT_EQ(elements.size(), 13u);
  for (size_t i = 0; i < elements.size(); ++i) {
    const auto& view = as<ArrayBufferView>(*elements[i]);
    EXPECT_EQ(view.view_type, expected[i]) << i;
    EXPECT_EQ(view.byte_offset, 0u);
    EXPECT_EQ(view.byte_length, std::get<ArrayBuffer>(view.buffer->data).data.size());
  }
  EXPECT_EQ(*elements[10], Value::make_uint8_array({7, 8}));
  EXPECT_NE(decode_error("ff0f5c030103"), "");  // Int16Array of 1 byte
  EXPECT_NE(decode_error("ff0f5c0d0100"), "");  // unknown type code
}

TEST(V8Deserializer, GivesANodeHostObjectOneObjectId) {
  Value v = decode("ff0f41025c0101095e01240002");  // [u, u]
  const auto& elements = as<Array>(v).elements;
  EXPECT_EQ(elements[0]->object(), elements[1]->object());
}

TEST(V8Deserializer, ReadsErrorsOfEveryPrototypeWithMessageStackAndCause) {
  Value e = decode("ff1072546d22016d732202737463490a2e");
  const auto& error = as<ErrorObject>(e);
  EXPECT_EQ(error.prototype, ErrorPrototype::kTypeError);
  EXPECT_EQ(error.message, "m");
  EXPECT_EQ(error.stack, "st");
  EXPECT_EQ(error.cause, Value(5));
  // Subtags in any order.
  EXPECT_EQ(decode("ff0f7263490a6d22016d522e"), decode("ff0f72526d22016d63490a2e"));
  Value all = decode("ff10410672452e72522e72462e72532e72542e72552e240006");
  const ErrorPrototype expected[] = {ErrorPrototype::kEvalError,      ErrorPrototype::kRangeError,
                                     ErrorPrototype::kReferenceError, ErrorPrototype::kSyntaxError,
                                     ErrorPrototype::kTypeError,      ErrorPrototype::kUriError};
  for (size_t i = 0; i < 6; ++i) {
    EXPECT_EQ(as<ErrorObject>(*as<Array>(all).elements[i]).prototype, expected[i]);
  }
  EXPECT_NE(decode_error("ff0f72782e"), "");  // unknown subtag
}

TEST(V8Deserializer, ReadsAnErrorWhoseCauseIsItselfAsACycle) {
  Value e = decode("ff0f72635e002e");
  EXPECT_TRUE(as<ErrorObject>(e).cause->is_weak_ref());
  EXPECT_EQ(as<ErrorObject>(e).cause->object(), e.object());
}

TEST(V8Deserializer, ReadsNestedMapsSetsDatesAndRegExpsFromDeno) {
  Value v = decode(
      "ff106f22016d3b6f22016b49027b0127220178302c023a022201644400008079efd375422201657252"
      "6d220362616473222f52616e67654572726f723a206261640a2020202061742066696c653a2f2f2f74"
      "6d702f7638652e6a733a31303a383063726d2205696e6e657273222d4572726f723a20696e6e65720a"
      "2020202061742066696c653a2f2f2f746d702f7638652e6a733a31303a3131302e2e22027265522204"
      "615c2f62207b04");
  const Properties& p = as<PlainObject>(v).properties;
  ASSERT_EQ(p.size(), 4u);
  EXPECT_EQ(p[0].second,
            Value::make_map({{Value::make_object({{"k", 1}}), Value::make_set({"x", nullptr})}}));
  EXPECT_EQ(p[1].second, Value::make_date(1.5e12));
  const auto& error = as<ErrorObject>(p[2].second);
  EXPECT_EQ(error.prototype, ErrorPrototype::kRangeError);
  EXPECT_EQ(error.message, "bad");
  EXPECT_EQ(as<ErrorObject>(*error.cause).message, "inner");
  EXPECT_EQ(p[3].second, make(RegExp{"a\\/b", 32}));
}

TEST(V8Deserializer, ReadsBoxedPrimitives) {
  Value v = decode("ff10410473006302ac206e00000000000000807a11050000000000000079240004");
  const auto& e = as<Array>(v).elements;
  EXPECT_EQ(as<BoxedPrimitive>(*e[0]).primitive, Value("\xE2\x82\xAC"));
  EXPECT_EQ(as<BoxedPrimitive>(*e[1]).primitive, Value(-0.0));
  EXPECT_EQ(as<BoxedPrimitive>(*e[2]).primitive, Value(BigInt(-5)));
  EXPECT_EQ(as<BoxedPrimitive>(*e[3]).primitive, Value(true));
  EXPECT_EQ(as<BoxedPrimitive>(decode("ff0f78")).primitive, Value(false));
  EXPECT_NE(decode_error("ff0f734902"), "");  // a String object must hold a string
}

TEST(V8Deserializer, ReadsEveryNumberTagAsADouble) {
  EXPECT_EQ(decode("FF 0F 55 FF FF FF FF 0F"), Value(4294967295.0));
  EXPECT_EQ(decode("FF 0F 49 FF FF FF FF 0F"), Value(-2147483648.0));
  // Deno writes every element of a double array as N.
  Value v = decode(
      "ff10410a4e00000000000000804e000000000000f87f4e000000000000f07f4e000000000000f0ff4e50efe2d6e4"
      "1a4b444e9a9999999999b93f4e000000000000d0c14e000080ffffffcf414e000000000000d0414e000040000000"
      "d0c124000a");
  const double expected[] = {-0.0, NAN,         INFINITY,   -INFINITY,  1e21,
                             0.1,  -1073741824, 1073741823, 1073741824, -1073741825};
  for (size_t i = 0; i < 10; ++i) EXPECT_EQ(*as<Array>(v).elements[i], Value(expected[i])) << i;
}

TEST(V8Deserializer, ReadsBigIntsOfAnyByteLength) {
  EXPECT_EQ(decode("FF 0F 5A 02 0F"), Value(BigInt(15)));        // denokv: minimal bytes
  EXPECT_EQ(decode("FF 0F 5A 06 0F 00 00"), Value(BigInt(15)));  // leading zero bytes
  EXPECT_EQ(decode("FF 0F 5A 03 00"), Value(BigInt(0)));         // -0n
  EXPECT_EQ(decode("FF 0F 5A 01"), Value(BigInt(0)));
  EXPECT_EQ(decode("ff1041035a21000000000000000001000000000000005a20fffffffffffffffffffffffffffffff"
                   "f5a20d20a3f4eeee073c3f60fe98e01000000240003"),
            Value::make_array({-BigInt::parse("18446744073709551616"),
                               BigInt::parse("340282366920938463463374607431768211455"),
                               BigInt::parse("123456789012345678901234567890")}));
}

TEST(V8Deserializer, ReadsStringsOfEveryTagIncludingLoneSurrogates) {
  EXPECT_EQ(
      decode("ff106f2203e974e963043dd800de22016b006306780000dc79007b02"),
      Value::make_object({{"\xC3\xA9t\xC3\xA9", "\xF0\x9F\x98\x80"}, {"k", "x\xED\xB0\x80y"}}));
  EXPECT_EQ(decode("FF 0F 63 02 00 D8"), Value("\xED\xA0\x80"));
  EXPECT_EQ(decode("FF 0F 53 03 E2 82 AC"), Value("\xE2\x82\xAC"));
  // Invalid UTF-8 in a Utf8String becomes U+FFFD, as in V8.
  EXPECT_EQ(decode("FF 0F 53 03 61 FF 62"), Value("a\xEF\xBF\xBD"
                                                  "b"));
  EXPECT_EQ(decode("ff102202ff00"), Value(std::string("\xC3\xBF\x00", 3)));
  EXPECT_NE(decode_error("FF 0F 63 03 AC 20 00"), "");  // odd byte length
}

TEST(V8Deserializer, ConvertsNumericPropertyKeysToTheirCanonicalStrings) {
  Value v = decode(
      "ff106f49feffffff074902498080808008490449feffffff0f49064e000000000000e04149084e0000c0ffffffef"
      "41"
      "490a220a34323934393637323935490c220162490e7b07");
  Value expected = Value::make_object({{"1073741823", 1},
                                       {"1073741824", 2},
                                       {"2147483647", 3},
                                       {"2147483648", 4},
                                       {"4294967294", 5},
                                       {"4294967295", 6},
                                       {"b", 7}});
  EXPECT_EQ(v, expected);
  EXPECT_EQ(
      decode("FF 0F 6F 4E 00 00 00 00 00 00 F8 3F 30 55 07 30 4E 00 00 00 00 00 00 00 80 30 7B 03"),
      Value::make_object({{"1.5", nullptr}, {"7", nullptr}, {"0", nullptr}}));
  EXPECT_NE(decode_error("FF 0F 6F 30 30 7B 01"), "");  // null is not a key
}

TEST(V8Deserializer, PlacesIndexKeysOfArraysIntoElements) {
  // Deno: a = []; a[5] = 1; a.x = 2.
  std::vector<std::optional<Value>> elements(6);
  elements[5] = Value(1);
  EXPECT_EQ(decode("ff106106490a49022201784904400206"), make(Array{elements, {{"x", 2}}}));
  // Deno: [1, , ].
  EXPECT_EQ(decode("ff10610249004902400102"), make(Array{{Value(1), std::nullopt}, {}}));
  // Deno: a = [1, 2]; a.foo = 3.
  EXPECT_EQ(decode("ff104102490249042203666f6f4906240102"),
            make(Array{{Value(1), Value(2)}, {{"foo", 3}}}));
  // An index key at or past the length extends the array, as in JS.
  EXPECT_EQ(decode("FF 0F 41 01 49 02 49 04 49 06 24 01 01"),
            make(Array{{Value(1), std::nullopt, Value(3)}, {}}));
}

TEST(V8Deserializer, ReadsTheHoleInDenseArraysOnly) {
  EXPECT_EQ(decode("FF 0F 41 02 2D 49 02 24 00 02"), make(Array{{std::nullopt, Value(1)}, {}}));
  EXPECT_NE(decode_error("FF 0F 2D"), "");
  EXPECT_NE(decode_error("FF 0F 6F 22 01 61 2D 7B 01"), "");
}

TEST(V8Deserializer, SkipsPaddingAndObjectCountChecksWhereATagIsExpected) {
  EXPECT_EQ(decode("FF 0F 00 00 3F 05 49 02"), Value(1));
  EXPECT_EQ(decode("FF 0F 6F 00 22 01 61 3F 01 00 49 02 00 7B 01"), Value::make_object({{"a", 1}}));
}

TEST(V8Deserializer, AcceptsHeaderVersions13To16AndRejectsOthers) {
  for (const char* header : {"FF 0D", "FF 0E", "FF 0F", "FF 10"}) {
    EXPECT_EQ(decode(std::string(header) + " 49 02"), Value(1)) << header;
  }
  EXPECT_NE(decode_error("FF 0C 49 02"), "");
  EXPECT_NE(decode_error("FF 11 49 02"), "");
  EXPECT_NE(decode_error("49 02"), "");
  EXPECT_NE(decode_error(""), "");
  EXPECT_NE(decode_error("FF"), "");
}

TEST(V8Deserializer, ReadsSixtyFourBitBufferLengthsInVersion16) {
  // A length varint above 2^32 is legal syntax in v16 (and fails only as
  // larger than the data); in v15 it is out of range.
  EXPECT_NE(decode_error("FF 10 42 80 80 80 80 10").find("exceeds the remaining data"),
            std::string::npos);
  EXPECT_NE(decode_error("FF 0F 42 80 80 80 80 10").find("varint out of range"), std::string::npos);
}

TEST(V8Deserializer, IgnoresBytesAfterTheValue) {
  EXPECT_EQ(decode("FF 0F 49 02 FF FF 00 12"), Value(1));
}

TEST(V8Deserializer, ReportsErrorsAsInvalidV8ValueWithDetail) {
  std::string text = decode_error("FF 0F 74");
  EXPECT_EQ(text.rfind("invalid v8 value: ", 0), 0u) << text;
  EXPECT_NE(text.find("unsupported tag 0x74"), std::string::npos) << text;
}

TEST(V8Deserializer, RejectsTransferSharedWasmAndLegacyTags) {
  for (const char* tag :
       {"74", "75", "70", "77", "6D", "4D", "62", "69", "66", "65", "64", "6C", "4C",
        "23", "67", "47", "48", "4B", "6B", "56", "40", "24", "7B", "3A", "2C"}) {
    EXPECT_NE(decode_error(std::string("FF 0F ") + tag + " 00 00 00 00 00 00 00 00"), "") << tag;
  }
}

TEST(V8Deserializer, RejectsReferencesToIdsNotYetSeen) {
  EXPECT_NE(decode_error("FF 0F 5E 00"), "");
  EXPECT_NE(decode_error("FF 0F 41 02 6F 7B 00 5E 02 24 00 02"), "");
}

TEST(V8Deserializer, RejectsTrailerCountsThatDoNotMatch) {
  EXPECT_NE(decode_error("FF 0F 6F 22 01 61 49 02 7B 02"), "");
  EXPECT_NE(decode_error("FF 0F 41 01 49 02 24 00 02"), "");
  EXPECT_NE(decode_error("FF 0F 41 01 49 02 24 01 01"), "");
  EXPECT_NE(decode_error("FF 0F 61 01 40 01 01"), "");
  EXPECT_NE(decode_error("FF 0F 3B 49 02 49 02 3A 01"), "");
  EXPECT_NE(decode_error("FF 0F 27 49 02 2C 02"), "");
}

TEST(V8Deserializer, RejectsViewsOutsideOrMisalignedInTheirBuffer) {
  EXPECT_NE(decode_error("FF 0F 42 02 01 02 56 42 01 02 00"), "");        // past the end
  EXPECT_NE(decode_error("FF 0F 42 04 00 00 00 00 56 64 02 04 00"), "");  // misaligned offset
  EXPECT_NE(decode_error("FF 0F 42 04 00 00 00 00 56 64 00 02 00"), "");  // partial element
  EXPECT_NE(decode_error("FF 0F 42 02 01 02 56 7A 00 02 00"), "");        // unknown subtag
  EXPECT_NE(decode_error("FF 0F 42 02 01 02 56 42 00 02 04"), "");        // unknown flag
  EXPECT_NE(decode_error("FF 0F 56 42 00 00 00"), "");                    // a view without a buffer
}

TEST(V8Deserializer, RejectsUnknownRegExpFlags) {
  EXPECT_NE(decode_error("FF 0F 52 22 01 61 80 04"), "");
}

std::string nested_arrays_hex(int depth) {
  std::string hex = "FF0F";
  for (int i = 0; i < depth; ++i) hex += "4101";
  hex += "4902";
  for (int i = 0; i < depth; ++i) hex += "240001";
  return hex;
}

TEST(V8Deserializer, ReadsUpTo256NestedObjectsAndRejectsDeeper) {
  EXPECT_EQ(decode_error(nested_arrays_hex(256)), "");
  EXPECT_NE(decode_error(nested_arrays_hex(257)).find("nested deeper than 256"), std::string::npos);
  // A long flat chain of boxed strings nested in each other is bounded too.
  std::string hex = "FF0F";
  for (int i = 0; i < 100000; ++i) hex += "73";
  EXPECT_NE(decode_error(hex), "");
}

TEST(V8Deserializer, RejectsSparseArraysLongerThan2To24) {
  std::string text = decode_error("FF 0F 61 81 80 80 08 40 00 81 80 80 08");
  EXPECT_NE(text.find("array length 16777217 exceeds the limit of 16777216"), std::string::npos)
      << text;
  // The same through an index key.
  EXPECT_NE(decode_error("FF 0F 61 00 49 80 80 80 10 30 40 01 00"), "");
}

// Regression: 13 bytes claiming 2^24 positions once cost ~800 MB because
// every hole was materialised. Holes now take no memory.
TEST(V8Deserializer, HoldsAHostileSparseArrayInTheSizeOfItsContents) {
  Value empty = decode("FF 0F 61 80 80 80 08 40 00 80 80 80 08");
  const ArrayElements& elements = as<Array>(empty).elements;
  EXPECT_EQ(elements.size(), 1u << 24);
  EXPECT_TRUE(elements.present().empty());
  EXPECT_EQ(elements[(1u << 24) - 1], nullptr);
  // a = []; a[2 ** 24 - 1] = "x": one present element at the far end.
  constexpr std::string_view kLast =
      "FF 0F 61 80 80 80 08 49 FE FF FF 0F 22 01 78 40 01 80 80 80 08";
  Value last = decode(kLast);
  const ArrayElements& one = as<Array>(last).elements;
  EXPECT_EQ(one.size(), 1u << 24);
  ASSERT_EQ(one.present().size(), 1u);
  EXPECT_EQ(*one[(1u << 24) - 1], Value("x"));
  // Re-encoding writes the same sparse record back.
  EXPECT_EQ(serialize_v8(last), hex_bytes(kLast));
}

TEST(V8Deserializer, LetsTheLastOfRepeatedIndexKeysWin) {
  // {0: 1, 0: 2} in a sparse array of length 1: JS assignment semantics.
  EXPECT_EQ(decode("FF 0F 61 01 49 00 49 02 49 00 49 04 40 02 01"), make(Array{{Value(2)}, {}}));
}

// Written by Deno 2.9.6: new Blob(["hello"], {type: "text/plain"}) and
// {x: new Blob([])}.
constexpr std::string_view kDenoBlob =
    "FF105CFFFFFFFF0F6F2204747970652204426C6F6222086D696D6554797065220A746578742F706C61696E2205"
    "706172747341016F220475756964222436376131323534662D623964382D343434382D386530332D306531656562"
    "303338336333220473697A65490A7B02240001220473697A65490A7B04";
constexpr std::string_view kDenoNestedBlob =
    "FF106F2201785CFFFFFFFF0F6F2204747970652204426C6F6222086D696D65547970652200220570617274734100"
    "240000220473697A6549007B047B01";

std::vector<uint8_t> body(std::vector<uint8_t> v8) { return {v8.begin() + 2, v8.end()}; }

TEST(V8Deserializer, ReadsDenoBlobsAsHostObjectsAndWritesThemBackUnchanged) {
  Value blob = decode(kDenoBlob);
  ASSERT_EQ(blob.object_kind(), ObjectKind::kHostObject);
  const Properties& contents = as<PlainObject>(as<HostObject>(blob).contents).properties;
  ASSERT_EQ(contents.size(), 4u);
  EXPECT_EQ(contents[0], (std::pair<std::string, Value>{"type", "Blob"}));
  EXPECT_EQ(contents[1], (std::pair<std::string, Value>{"mimeType", "text/plain"}));
  EXPECT_EQ(contents[3], (std::pair<std::string, Value>{"size", 5}));
  EXPECT_EQ(as<Array>(contents[2].second).elements.size(), 1u);
  EXPECT_EQ(body(serialize_v8(blob)), body(hex_bytes(kDenoBlob)));

  Value nested = decode(kDenoNestedBlob);
  EXPECT_EQ(as<PlainObject>(nested).properties[0].second.object_kind(), ObjectKind::kHostObject);
  EXPECT_EQ(body(serialize_v8(nested)), body(hex_bytes(kDenoNestedBlob)));
}

TEST(V8Deserializer, NumbersAHostObjectBeforeItsContents) {
  // [blob, <ref 1>, <ref 2>]: id 0 the array, 1 the Blob, 2 its contents.
  Value v = decode("FF 0F 41 03 5C FF FF FF FF 0F 6F 7B 00 5E 01 5E 02 24 00 03");
  const ArrayElements& e = as<Array>(v).elements;
  EXPECT_EQ(e[1]->object(), e[0]->object());
  EXPECT_EQ(e[2]->object(), as<HostObject>(*e[0]).contents.object());
}

TEST(V8Deserializer, RejectsHostObjectsWhoseContentsAreNoPlainObject) {
  EXPECT_NE(decode_error("FF 0F 5C FF FF FF FF 0F 49 02").find("host object"), std::string::npos);
  EXPECT_NE(decode_error("FF 0F 5C FF FF FF FF 0F 41 00 24 00 00"), "");
  EXPECT_NE(decode_error("FF 0F 5C FF FF FF FF 0F 5E 00"), "");  // itself
  EXPECT_NE(decode_error("FF 0F 5C FF FF FF FF 0F"), "");        // truncated
}

TEST(V8Deserializer, RejectsLengthsLargerThanTheData) {
  EXPECT_NE(decode_error("FF 0F 41 FF FF FF FF 0F"), "");
  EXPECT_NE(decode_error("FF 0F 22 FF FF FF FF 0F 61"), "");
  EXPECT_NE(decode_error("FF 0F 42 10 00"), "");
  EXPECT_NE(decode_error("FF 0F 5A FF FF FF FF 0F 00"), "");
  EXPECT_NE(decode_error("FF 0F 49 FF FF FF FF FF FF FF FF FF FF FF 01"), "");  // overlong varint
}

// Encodings covering every tag the decoder reads.
std::vector<std::vector<uint8_t>> corpus() {
  std::vector<std::vector<uint8_t>> out;
  for (const char* hex : {
           "ff106f22046e616d65220541 6c6963652203616765493e7b02",
           "ff10410342100102030405060708090a0b0c0d0e0f1056420002005e0156570202005e01240003",
           "ff106f22016141025e005e012400027b01",
           "ff106f2201727e04080000000056420000037b01",
           "ff0f410d5c000202035c01030102035c0201035c0304030405065c040201025c0504050607085c0608090a0"
           "b0c0d0e"
           "0f105c0704050607085c0808090a0b0c0d0e0f105c090504050607085c0a0207085c0b08010203040506070"
           "85c0c08"
           "090a0b0c0d0e0f1024000d",
           "ff1072546d22016d732202737463490a2e",
           "ff10410473006302ac206e00000000000000807a11050000000000000079240004",
           "ff106f2203e974e963043dd800de22016b006306780000dc79007b02",
           "ff106106490a49022201784904400206",
           "ff0f6f22016144000000000000000022017252220178012201732749022c0122016d3b490249043a027b04",
           "FF 0F 41 02 2D 49 02 24 00 02",
           "FF 0F 00 3F 05 53 03 E2 82 AC",
           "FF 0F 55 FF FF FF FF 0F",
           "ff1041035a21000000000000000001000000000000005a20ffffffffffffffffffffffffffffffff240002",
       }) {
    out.push_back(hex_bytes(hex));
  }
  return out;
}

// Decoding either succeeds or raises kCorruption; anything else (a crash, a
// sanitizer report, another exception type) fails the test.
void decode_must_not_crash(std::span<const uint8_t> bytes) {
  try {
    deserialize_v8(bytes);
  } catch (const Error& e) {
    ASSERT_EQ(e.code(), ErrorCode::kCorruption) << e.what();
  }
}

TEST(V8Deserializer, SurvivesEveryPrefixOfValidEncodings) {
  for (const auto& bytes : corpus()) {
    for (size_t n = 0; n < bytes.size(); ++n) decode_must_not_crash(std::span(bytes).first(n));
  }
}

TEST(V8Deserializer, SurvivesEverySingleByteMutationOfValidEncodings) {
  for (auto bytes : corpus()) {
    for (size_t i = 2; i < bytes.size(); ++i) {
      const uint8_t saved = bytes[i];
      for (int b : {0x00, 0x01, 0x3F, 0x5E, 0x7F, 0x80, 0xFF, saved ^ 0x01}) {
        bytes[i] = static_cast<uint8_t>(b);
        decode_must_not_crash(bytes);
      }
      bytes[i] = saved;
    }
  }
}

TEST(V8Deserializer, SurvivesRandomBytes) {
  std::mt19937 rng(20240601);
  // Biased toward tags and small varints so the decoder gets deep.
  const uint8_t alphabet[] = {0x00, 0x01, 0x02, 0x03, 0x04, 0x7F, 0x80, 0xFF, '?', '-', '_', '0',
                              'T',  'F',  'I',  'U',  'N',  'Z',  'S',  '"',  'c', '^', 'o', '{',
                              'a',  '@',  'A',  '$',  'D',  'y',  'x',  'n',  'z', 's', 'R', ';',
                              ':',  '\'', ',',  'B',  '~',  'V',  'r',  '\\', 'm', '.', 'E', 'Q'};
  for (int round = 0; round < 20000; ++round) {
    std::vector<uint8_t> bytes = {0xFF, static_cast<uint8_t>(13 + rng() % 4)};
    const size_t length = rng() % 64;
    for (size_t i = 0; i < length; ++i) {
      bytes.push_back(rng() % 2 ? alphabet[rng() % std::size(alphabet)]
                                : static_cast<uint8_t>(rng()));
    }
    decode_must_not_crash(bytes);
  }
}

}  // namespace
}  // namespace openkv::codec
