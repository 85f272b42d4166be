// Copyright (c) OpenKV authors.
//
// serialize_v8 and deserialize_v8 together: every kind of value survives a
// round trip, and bytes V8 wrote are reproduced exactly.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "codec/v8_deserializer.h"
#include "codec/v8_serializer.h"
#include "unit/codec/hex_bytes.h"

namespace openkv::codec {
namespace {

using openkv::testing::hex_bytes;
using openkv::testing::to_hex;

template <class T>
Value make(T contents) {
  return Value::object(std::make_shared<HeapObject>(HeapObject{std::move(contents)}));
}

Value round_trip(const Value& v) { return deserialize_v8(serialize_v8(v)); }

TEST(V8RoundTrip, PreservesPrimitives) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  for (const Value& v :
       std::vector<Value>{Value(),
                          Value(nullptr),
                          Value(true),
                          Value(false),
                          Value(0),
                          Value(-0.0),
                          Value(nan),
                          Value(1e300),
                          Value(-5e-324),
                          Value(1073741823),
                          Value(1073741824),
                          Value(-std::numeric_limits<double>::infinity()),
                          Value(BigInt(0)),
                          Value(BigInt(-1)),
                          Value(BigInt::parse("-340282366920938463463374607431768211457")),
                          Value(""),
                          Value("plain"),
                          Value("\xC3\xBF"),
                          Value("\xE2\x82\xAC"),
                          Value("\xF0\x9F\x98\x80")}) {
    EXPECT_EQ(round_trip(v), v) << to_hex(serialize_v8(v));
  }
}

TEST(V8RoundTrip, PreservesLoneSurrogatesInValuesAndKeys) {
  for (const char* s : {"\xED\xA0\x80", "\xED\xB0\x80",
                        "a\xED\xA0\x80"
                        "b",
                        "\xED\xB0\x80\xED\xA0\x80", "\xC3\xA9\xED\xA0\x80"}) {
    EXPECT_EQ(round_trip(Value(s)), Value(s));
    Value o = Value::make_object({{s, s}});
    EXPECT_EQ(round_trip(o), o);
  }
}

TEST(V8RoundTrip, PreservesSharedReferences) {
  Value o = Value::make_object({{"k", 1}});
  Value v = Value::make_array({o, Value::make_map({{o, o}}), Value::make_set({o})});
  Value back = round_trip(v);
  EXPECT_EQ(back, v);
  const auto& elements = std::get<Array>(back.object()->data).elements;
  const auto& map = std::get<Map>(elements[1]->object()->data);
  EXPECT_EQ(map.entries[0].first.object(), elements[0]->object());
  EXPECT_EQ(map.entries[0].second.object(), elements[0]->object());
}

TEST(V8RoundTrip, PreservesCycles) {
  Value o = Value::make_object();
  Value m = Value::make_map({{"owner", Value::weak_ref(o)}});
  Value s = Value::make_set({Value::weak_ref(o)});
  auto& p = std::get<PlainObject>(o.object()->data).properties;
  p.emplace_back("self", Value::weak_ref(o));
  p.emplace_back("m", m);
  p.emplace_back("s", s);
  p.emplace_back("again", m);  // shared, finished: strong on decode
  Value back = round_trip(o);
  EXPECT_EQ(back, o);
  const auto& q = std::get<PlainObject>(back.object()->data).properties;
  EXPECT_TRUE(q[0].second.is_weak_ref());
  EXPECT_FALSE(q[3].second.is_weak_ref());
}

TEST(V8RoundTrip, PreservesSparseArraysAndArrayProperties) {
  std::vector<std::optional<Value>> elements(1000);
  elements[3] = Value("x");
  elements[999] = Value(BigInt(1));
  Value sparse = make(Array{elements, {{"name", "n"}}});
  EXPECT_EQ(round_trip(sparse), sparse);
  Value dense = make(Array{{Value(1), Value()}, {{"k", Value::make_array()}}});
  EXPECT_EQ(round_trip(dense), dense);
  Value empty_with_hole = make(Array{{std::nullopt}, {}});
  EXPECT_EQ(round_trip(empty_with_hole), empty_with_hole);
}

TEST(V8RoundTrip, PreservesErrorsWithCause) {
  Value inner = make(ErrorObject{ErrorPrototype::kUriError, "inner", std::nullopt, std::nullopt});
  Value outer =
      make(ErrorObject{ErrorPrototype::kSyntaxError, "\xE2\x82\xAC", "stack\nline", inner});
  EXPECT_EQ(round_trip(outer), outer);
  Value self = make(ErrorObject{});
  std::get<ErrorObject>(self.object()->data).cause = Value::weak_ref(self);
  EXPECT_EQ(round_trip(self), self);
}

TEST(V8RoundTrip, PreservesTypedArraysOfEveryType) {
  std::vector<uint8_t> data(64);
  for (size_t i = 0; i < data.size(); ++i) data[i] = static_cast<uint8_t>(i * 7);
  auto buffer = std::make_shared<HeapObject>(HeapObject{ArrayBuffer{data, std::nullopt}});
  std::vector<Value> views;
  for (int t = 0; t <= static_cast<int>(ViewType::kDataView); ++t) {
    views.push_back(make(ArrayBufferView{static_cast<ViewType>(t), buffer, 8, 16, 0}));
  }
  views.push_back(Value::object(buffer));
  Value v = Value::make_array(views);
  Value back = round_trip(v);
  EXPECT_EQ(back, v);
  const auto& elements = std::get<Array>(back.object()->data).elements;
  EXPECT_EQ(std::get<ArrayBufferView>(elements[0]->object()->data).buffer,
            elements.back()->object());
}

TEST(V8RoundTrip, PreservesDatesRegExpsBoxesAndNestedBytes) {
  Value v = Value::make_object({
      {"d", Value::make_date(-8.64e15)},
      {"r", make(RegExp{"^\xE2\x82\xAC+$", 0x1FF})},
      {"b", make(BoxedPrimitive{BigInt::parse("99999999999999999999")})},
      {"s", make(BoxedPrimitive{"\xED\xA0\x80"})},
      {"n", make(BoxedPrimitive{-0.0})},
      {"t", make(BoxedPrimitive{true})},
  });
  EXPECT_EQ(round_trip(v), v);
  // Nested bytes come back as the Uint8Array they are written as, a nested
  // KvU64 as the object {value: n}.
  EXPECT_EQ(round_trip(Value::make_array({Value::bytes({1, 2})})),
            Value::make_array({Value::make_uint8_array({1, 2})}));
  EXPECT_EQ(round_trip(Value::make_array({KvU64{~0ull}})),
            Value::make_array({Value::make_object({{"value", BigInt::from_uint64(~0ull)}})}));
}

TEST(V8RoundTrip, ReencodesNodeHostObjectsAsDenoReadableViews) {
  Value node = deserialize_v8(hex_bytes("ff0f41025c0101095e01240002"));
  // Array 0, then the buffer 1 and the view 2 (Node gave the view id 1).
  EXPECT_EQ(to_hex(serialize_v8(node)), to_hex(hex_bytes("ff0f410242010956420001005e02240002")));
  EXPECT_EQ(round_trip(node), node);
}

TEST(V8RoundTrip, ReproducesBytesWrittenByDenoAndNode) {
  // Payloads captured from Deno 2.9.6 (header rewritten to FF 0F) and node 20.
  for (const char* hex : {
           "ff0f6f22046e616d65220541 6c6963652203616765493e7b02",
           "ff0f410342100102030405060708090a0b0c0d0e0f1056420002005e0156570202005e01240003",
           "ff0f6f22016141025e005e012400027b01",
           "ff0f72546d22016d732202737463490a2e",
           "ff0f410473006302ac206e00000000000000807a11050000000000000079240004",
           "ff0f6f2203e974e963043dd800de22016b006306780000dc79007b02",
           "ff0f6106490a49022201784904400206",
           "ff0f610249004902400102",
           "ff0f4102490249042203666f6f4906240102",
           "ff0f6f22016144000000000000000022017252220178012201732749022c0122016d3b490249043a027b04",
           "ff0f41035a21000000000000000001000000000000005a20ffffffffffffffffffffffffffffffff5a20d20"
           "a3f4eeee073c3f60fe98e01000000240003",
           "ff0f410672452e72522e72462e72532e72542e72552e240006",
           "ff0f6f2201764210 0102030405060708090a0b0c0d0e0f10 5668000200 7b01",
           "ff0f2202ff00",
           "ff0f6f7b00",
       }) {
    std::vector<uint8_t> bytes = hex_bytes(hex);
    EXPECT_EQ(to_hex(serialize_v8(deserialize_v8(bytes))), to_hex(bytes));
  }
}

}  // namespace
}  // namespace openkv::codec
