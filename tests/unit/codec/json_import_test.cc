// Copyright (c) OpenKV authors.
//
// Reading the JSON notation (06 §2, §4): node validation, the reference
// defects D1–D4 handled as OpenKV must, and the package's error texts.
#include <gtest/gtest.h>

#include <cmath>

#include "codec/json_notation.h"
#include "json_test_values.h"
#include "openkv/errors.h"

namespace openkv::codec {
namespace {

using namespace openkv::codec::testing;  // NOLINT

std::string value_error(const std::string& json) {
  try {
    value_from_json(json);
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument) << json;
    return e.what();
  }
  return "(no error)";
}

std::string key_error(const std::string& json) {
  try {
    key_from_json(json);
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument) << json;
    return e.what();
  }
  return "(no error)";
}

std::string node(const std::string& type, const std::string& value) {
  return R"({"type":")" + type + R"(","value":)" + value + "}";
}

TEST(JsonImport, KeyPartTypes) {
  EXPECT_EQ(key_from_json(R"([{"type":"Uint8Array","value":"AQID"}])"),
            Key{KeyPart::bytes({1, 2, 3})});
  EXPECT_EQ(key_from_json(R"([{"type":"boolean","value":false},{"type":"bigint","value":"-5"}])"),
            (Key{false, BigInt(-5)}));
  EXPECT_EQ(key_error(R"([{"type":"Date","value":"2024-01-01T00:00:00.000Z"}])"),
            R"(Unexpected key part type: "Date".)");
  EXPECT_EQ(key_error(R"([{"type":"Int8Array","value":""}])"),
            R"(Unexpected key part type: "Int8Array".)");
  EXPECT_EQ(key_error(R"([{"type":"symbol"}])"), R"(Unexpected key part type: "symbol".)");
  EXPECT_EQ(key_error(R"(["a"])"), R"(Unexpected key part type: "undefined".)");
  EXPECT_EQ(key_error(R"([{"type":7,"value":1}])"), R"(Unexpected key part type: "undefined".)");
  EXPECT_EQ(key_error(R"({"type":"string","value":"a"})"),
            "A key must be a JSON array of key part nodes");
}

TEST(JsonImport, D4NodesAreTypeChecked) {
  // The reference stores these as whatever "value" holds; OpenKV refuses.
  EXPECT_EQ(key_error(R"([{"type":"number","value":"5"}])"),
            R"(Invalid number node: "value" must be a number, "NaN", "Infinity" or "-Infinity")");
  EXPECT_EQ(value_error(node("boolean", R"("yes")")),
            R"(Invalid boolean node: "value" must be true or false)");
  EXPECT_EQ(value_error(node("null", "5")), R"(Invalid null node: "value" must be null)");
  EXPECT_EQ(value_error(R"({"type":"null"})"), R"(Invalid null node: "value" must be null)");
  EXPECT_EQ(value_error(node("string", "1")), R"(Invalid string node: "value" must be a string)");
  EXPECT_EQ(value_error(node("bigint", "1")), R"(Invalid bigint node: "value" must be a string)");
  EXPECT_EQ(value_error(node("Array", "{}")),
            R"(Invalid Array node: "value" must be an array of value nodes and nulls)");
  EXPECT_EQ(value_error(node("object", "[]")),
            R"(Invalid object node: "value" must be an object of value nodes)");
  EXPECT_EQ(value_error(R"({"type":"Uint8Array","value":"AQID","byteLength":"3"})"),
            R"(Invalid Uint8Array node: "byteLength" must be a number)");
  // Something that is not a node, anywhere in a value.
  EXPECT_EQ(value_error("5"), R"(Unexpected value type: "undefined")");
  EXPECT_EQ(value_error("null"), R"(Unexpected value type: "undefined")");
  EXPECT_EQ(value_error(node("Set", "[1]")), R"(Unexpected value type: "undefined")");
  EXPECT_EQ(value_error(node("Set", "[null]")), R"(Unexpected value type: "undefined")");
  EXPECT_EQ(value_error(node("object", R"({"a":null})")), R"(Unexpected value type: "undefined")");
  EXPECT_EQ(value_error(node("Map", R"([[{"type":"null","value":null}]])")),
            R"(Unexpected value type: "undefined")");
  EXPECT_EQ(value_error(node("Map", R"([{}])")),
            R"(Invalid Map node: "value" must be an array of [key, value] arrays)");
  EXPECT_EQ(value_error(R"({"type":"Foo","value":1})"), R"(Unexpected value type: "Foo")");
  EXPECT_EQ(value_error(R"({"type":"Float16Array","value":"AAA"})"),
            R"(Unexpected value type: "Float16Array")");
  EXPECT_EQ(value_error(R"({"type":"array","value":[]})"), R"(Unexpected value type: "array")");
}

TEST(JsonImport, D1HolesAreRestored) {
  EXPECT_TRUE(value_from_json(node(
                  "Array", R"([{"type":"number","value":1},null,{"type":"number","value":3}])")) ==
              sparse_array({1, std::nullopt, 3}));
  EXPECT_TRUE(value_from_json(node("Array", "[null,null]")) ==
              sparse_array({std::nullopt, std::nullopt}));
}

TEST(JsonImport, D2NullDateIsInvalid) {
  Value d = value_from_json(node("Date", "null"));
  ASSERT_EQ(d.object_kind(), ObjectKind::kDate);
  EXPECT_TRUE(std::isnan(std::get<Date>(d.object()->data).ms_since_epoch));
}

TEST(JsonImport, D3ErrorsWithoutStackHaveNone) {
  EXPECT_TRUE(value_from_json(node("TypeError", R"({"message":"m"})")) ==
              error(ErrorPrototype::kTypeError, "m"));
  EXPECT_TRUE(value_from_json(node("Error", R"({"message":"m","stack":""})")) ==
              error(ErrorPrototype::kError, "m"));
}

TEST(JsonImport, ErrorMembers) {
  // No message member: no message property. Non-strings become strings.
  EXPECT_TRUE(value_from_json(node("Error", "{}")) == error(ErrorPrototype::kError, std::nullopt));
  EXPECT_TRUE(value_from_json(node("Error", R"({"message":5})")) ==
              error(ErrorPrototype::kError, "5"));
  EXPECT_TRUE(value_from_json(node("Error", R"({"message":null})")) ==
              error(ErrorPrototype::kError, "null"));
  EXPECT_TRUE(value_from_json(node("Error", R"({"message":[1,null,"a"]})")) ==
              error(ErrorPrototype::kError, "1,,a"));
  EXPECT_TRUE(value_from_json(node("Error", R"({"message":{}})")) ==
              error(ErrorPrototype::kError, "[object Object]"));
  // A present cause is stored whatever it is, falsy ones included.
  EXPECT_TRUE(value_from_json(node(
                  "URIError", R"({"message":"m","cause":{"type":"boolean","value":false}})")) ==
              error(ErrorPrototype::kUriError, "m", std::nullopt, false));
  EXPECT_EQ(
      value_error(node("RangeError", R"("m")")),
      R"(Invalid RangeError node: "value" must be an object with "message", "cause" and "stack")");
}

TEST(JsonImport, Base64url) {
  const Value bytes = Value::bytes({1, 2});
  EXPECT_TRUE(value_from_json(node("Uint8Array", R"("AQI")")) == bytes);
  EXPECT_TRUE(value_from_json(node("Uint8Array", R"("AQI=")")) == bytes);
  EXPECT_TRUE(value_from_json(node("Uint8Array", R"("AQ==")")) == Value::bytes({1}));
  EXPECT_TRUE(value_from_json(node("Uint8Array", R"("AR")")) ==
              Value::bytes({1}));  // unused bits ignored
  EXPECT_TRUE(value_from_json(node("Uint8Array", R"("")")) == Value::bytes({}));
  EXPECT_EQ(value_error(node("Uint8Array", R"("AQ+D")")),
            "Cannot decode input as base64: Invalid character (+)");
  EXPECT_EQ(value_error(node("Uint8Array", R"("AQ/D")")),
            "Cannot decode input as base64: Invalid character (/)");
  EXPECT_EQ(value_error(node("Uint8Array", R"("A=QD")")),
            "Cannot decode input as base64: Invalid character (=)");
  EXPECT_EQ(value_error(node("Uint8Array", R"("AQ===")")),
            "Cannot decode input as base64: Invalid character (=)");
  EXPECT_EQ(value_error(node("Uint8Array", R"("AQ D")")),
            "Cannot decode input as base64: Invalid character ( )");
  EXPECT_EQ(value_error(node("Uint8Array", R"("AQIDB")")),
            "Cannot decode input as base64: Length (5), excluding padding, must not have a "
            "remainder of 1 when "
            "divided by 4");
  EXPECT_EQ(key_error(R"([{"type":"Uint8Array","value":"é"}])"),
            "Cannot decode input as base64: Invalid character (é)");
}

TEST(JsonImport, TypedArraysAndBuffers) {
  EXPECT_TRUE(value_from_json(node("ArrayBuffer", R"("AQID")")) ==
              heap(ArrayBuffer{{1, 2, 3}, {}}));
  // Nested, a Uint8Array is a view; at top level it is raw bytes.
  EXPECT_TRUE(value_from_json(node("Array", "[" + node("Uint8Array", R"("AQID")") + "]")) ==
              Value::make_array({view(ViewType::kUint8Array, {1, 2, 3})}));
  EXPECT_TRUE(value_from_json(node("DataView", R"("AQID")")) ==
              view(ViewType::kDataView, {1, 2, 3}));
  EXPECT_EQ(value_error(node("Int16Array", R"("AQID")")),
            "byte length of Int16Array should be a multiple of 2");
  EXPECT_EQ(value_error(node("Uint32Array", R"("AQID")")),
            "byte length of Uint32Array should be a multiple of 4");
  EXPECT_EQ(value_error(node("Float32Array", R"("AQID")")),
            "byte length of Float32Array should be a multiple of 4");
  EXPECT_EQ(value_error(node("Float64Array", R"("AQIDBA")")),
            "byte length of Float64Array should be a multiple of 8");
  EXPECT_EQ(value_error(node("BigInt64Array", R"("AQIDBA")")),
            "byte length of BigInt64Array should be a multiple of 8");
  EXPECT_EQ(value_error(node("BigUint64Array", R"("AQIDBA")")),
            "byte length of BigUint64Array should be a multiple of 8");
  // byteLength is never read (files of package 0.1.2 lack it).
  EXPECT_TRUE(value_from_json(R"({"type":"Int8Array","value":"AQID","byteLength":99})") ==
              view(ViewType::kInt8Array, {1, 2, 3}));
}

TEST(JsonImport, BigIntStrings) {
  auto bigint = [](const std::string& text) {
    return value_from_json(node("bigint", "\"" + text + "\"")).as_bigint();
  };
  EXPECT_EQ(bigint("-9007199254740993"), BigInt::parse("-9007199254740993"));
  EXPECT_EQ(bigint(R"( \t12\n)"), BigInt(12));  // JSON escapes of TAB, LF
  EXPECT_EQ(bigint("+5"), BigInt(5));
  EXPECT_EQ(bigint("007"), BigInt(7));
  EXPECT_EQ(bigint("0x1F"), BigInt(31));
  EXPECT_EQ(bigint("0o17"), BigInt(15));
  EXPECT_EQ(bigint("0B101"), BigInt(5));
  EXPECT_EQ(bigint("0xffffffffffffffffff"), BigInt::parse("4722366482869645213695"));
  EXPECT_EQ(bigint(""), BigInt(0));
  EXPECT_EQ(bigint("   "), BigInt(0));
  EXPECT_EQ(bigint("\xC2\xA0"
                   "1\xE2\x80\xA8"),
            BigInt(1));  // NBSP, LINE SEPARATOR
  EXPECT_EQ(value_error(node("bigint", R"("1.5")")), "Cannot convert 1.5 to a BigInt");
  EXPECT_EQ(value_error(node("bigint", R"("-0x1")")), "Cannot convert -0x1 to a BigInt");
  EXPECT_EQ(value_error(node("bigint", R"("1n")")), "Cannot convert 1n to a BigInt");
  EXPECT_EQ(value_error(node("bigint", R"("0x")")), "Cannot convert 0x to a BigInt");
  EXPECT_EQ(value_error(node("bigint", R"("1e3")")), "Cannot convert 1e3 to a BigInt");
  EXPECT_EQ(key_error(R"([{"type":"bigint","value":"- 1"}])"), "Cannot convert - 1 to a BigInt");
}

TEST(JsonImport, KvU64) {
  EXPECT_EQ(value_from_json(node("KvU64", R"("42")")).as_u64(), KvU64{42});
  EXPECT_EQ(value_from_json(node("KvU64", R"("18446744073709551615")")).as_u64(),
            KvU64{~uint64_t{0}});
  EXPECT_EQ(value_from_json(node("KvU64", R"("0x10")")).as_u64(), KvU64{16});
  EXPECT_EQ(value_error(node("KvU64", R"("-1")")), "Value must be a positive bigint: received -1");
  EXPECT_EQ(value_error(node("KvU64", R"("18446744073709551616")")),
            "Value must fit in a 64-bit unsigned integer");
  EXPECT_EQ(value_error(node("KvU64", R"("x")")), "Cannot convert x to a BigInt");
  // Nested: the plain object Deno stores for a nested KvU64.
  EXPECT_TRUE(value_from_json(node("Set", "[" + node("KvU64", R"("7")") + "]")) ==
              Value::make_set({Value::make_object({{"value", BigInt(7)}})}));
}

TEST(JsonImport, RegExps) {
  auto re = [](const std::string& text) {
    return value_from_json(node("RegExp", "\"" + text + "\""));
  };
  EXPECT_TRUE(re("/match/gi") == regexp("match", 1 | 2));
  EXPECT_TRUE(re(R"(/^\\/api\\/v[0-9]+/gi)") == regexp(R"(^\/api\/v[0-9]+)", 1 | 2));
  EXPECT_TRUE(re("/a/dgimsuy") == regexp("a", 128 | 1 | 2 | 4 | 32 | 16 | 8));
  EXPECT_TRUE(re("/a/v") == regexp("a", 256));
  EXPECT_TRUE(re("junk/a/b/c/m") == regexp("a/b/c", 4));  // first and last slash
  EXPECT_TRUE(re("//") == regexp("(?:)", 0));
  EXPECT_TRUE(re("/g") == regexp("(?:)", 1));
  EXPECT_EQ(value_error(node("RegExp", R"("/a/zz")")),
            "Invalid flags supplied to RegExp constructor 'zz'");
  EXPECT_EQ(value_error(node("RegExp", R"("abc")")),
            "Invalid flags supplied to RegExp constructor 'abc'");
  EXPECT_EQ(value_error(node("RegExp", R"("/a/gg")")),
            "Invalid flags supplied to RegExp constructor 'gg'");
  EXPECT_EQ(value_error(node("RegExp", R"("/a/uv")")),
            "Invalid flags supplied to RegExp constructor 'uv'");
  EXPECT_EQ(value_error(node("RegExp", R"("/a/l")")),
            "Invalid flags supplied to RegExp constructor 'l'");
}

TEST(JsonImport, Dates) {
  auto time = [](const std::string& text) {
    Value d = value_from_json(node("Date", "\"" + text + "\""));
    return std::get<Date>(d.object()->data).ms_since_epoch;
  };
  EXPECT_EQ(time("1970-01-01T00:00:00.000Z"), 0);
  EXPECT_EQ(time("2024-02-29T12:30:00.250Z"), 1709209800250.0);
  EXPECT_EQ(time("+275760-09-13T00:00:00.000Z"), 8.64e15);
  EXPECT_EQ(time("-271821-04-20T00:00:00.000Z"), -8.64e15);
  EXPECT_EQ(time("-000001-01-01T00:00:00.000Z"), -62198755200000.0);
  EXPECT_EQ(time("0000-06-01T00:00:00.000Z"), -62154086400000.0);
  // Other forms that name their zone, and date-only forms (UTC).
  EXPECT_EQ(time("1970-01-01T01:00:00+01:00"), 0);
  EXPECT_EQ(time("1969-12-31T19:00-05:00"), 0);
  EXPECT_EQ(time("1970-01-01T00:00:00.1234Z"), 123);
  EXPECT_EQ(time("1970-01-02"), 86400000);
  EXPECT_EQ(time("1970-02"), 31 * 86400000.0);
  EXPECT_EQ(time("1971"), 365 * 86400000.0);
  EXPECT_EQ(time("1970-01-01T24:00:00Z"), 86400000);
  const char* bad[] = {"1970-01-01T00:00:00",
                       "1970-01-01T00:00",
                       "-000000-01-01T00:00:00Z",
                       "2023-02-29",
                       "1970-13-01",
                       "1970-01-01T24:00:01Z",
                       "+275760-09-13T00:00:00.001Z",
                       "abc",
                       "",
                       "1970-01-01 00:00:00Z",
                       "1970-01-01T00:00:00.Z",
                       "1970-01-01T00:00:00+0100"};
  for (const char* text : bad) {
    EXPECT_EQ(value_error(node("Date", "\"" + std::string(text) + "\"")),
              R"(Invalid Date node: "value" must be an ISO date-time string or null)")
        << text;
  }
  EXPECT_EQ(value_error(node("Date", "0")),
            R"(Invalid Date node: "value" must be an ISO date-time string or null)");
}

TEST(JsonImport, ObjectsFollowJavaScriptOrderAndLastValueWins) {
  Value o = value_from_json(node(
      "object",
      R"({"b":{"type":"number","value":1},"1":{"type":"number","value":2},"a":{"type":"number","value":3},"b":{"type":"number","value":4},"0":{"type":"number","value":5}})"));
  EXPECT_TRUE(o == Value::make_object({{"0", 5}, {"1", 2}, {"b", 4}, {"a", 3}}));
  // Member names that look like node members are ordinary names.
  Value tricky = value_from_json(
      node("object",
           R"({"type":{"type":"string","value":"x"},"__proto__":{"type":"null","value":null}})"));
  EXPECT_TRUE(tricky == Value::make_object({{"type", "x"}, {"__proto__", Value::null()}}));
}

TEST(JsonImport, MapsAndSetsUseSameValueZero) {
  const std::string one = R"({"type":"number","value":1})";
  const std::string nan = R"({"type":"number","value":"NaN"})";
  const std::string neg_zero = R"({"type":"number","value":-0})";
  const std::string zero = R"({"type":"number","value":0})";
  const std::string obj = R"({"type":"object","value":{}})";
  auto str = [](const char* s) { return std::string(R"({"type":"string","value":")") + s + "\"}"; };
  Value m = value_from_json(
      node("Map", "[[" + one + "," + str("a") + "],[" + nan + "," + str("b") + "],[" + one + "," +
                      str("c") + "],[" + nan + "," + str("d") + "],[" + neg_zero + "," + str("e") +
                      "],[" + zero + "," + str("f") + "],[" + obj + "," + str("g") + "],[" + obj +
                      "," + str("h") + "," + str("ignored") + "]]"));
  EXPECT_TRUE(m == Value::make_map({{1, "c"},
                                    {std::nan(""), "d"},
                                    {0.0, "f"},
                                    {Value::make_object(), "g"},
                                    {Value::make_object(), "h"}}));
  ASSERT_EQ(std::get<Map>(m.object()->data).entries.size(), 5u);
  EXPECT_FALSE(std::signbit(std::get<Map>(m.object()->data).entries[2].first.as_number()));

  Value s = value_from_json(node("Set", "[" + neg_zero + "," + zero + "," + str("1") + "," + one +
                                            "," + one + "," + obj + "," + obj + "]"));
  EXPECT_TRUE(s == Value::make_set({0.0, "1", 1, Value::make_object(), Value::make_object()}));
  EXPECT_FALSE(std::signbit(std::get<Set>(s.object()->data).values[0].as_number()));
}

TEST(JsonImport, Scalars) {
  EXPECT_TRUE(std::signbit(value_from_json(node("number", "-0")).as_number()));
  EXPECT_EQ(value_from_json(node("number", "1e400")).as_number(), HUGE_VAL);
  EXPECT_TRUE(value_from_json(R"({"type":"undefined","value":{"anything":1}})").is_undefined());
  EXPECT_TRUE(value_from_json(R"({"type":"undefined"})").is_undefined());
  // Members in any order and extra members are fine.
  EXPECT_EQ(value_from_json(R"({"extra":1,"value":"x","type":"string"})").as_string(), "x");
  EXPECT_EQ(value_from_json(node("string", R"("\ud800")")).as_string(), "\xED\xA0\x80");
}

// Every kind survives value → JSON → value.
TEST(JsonImport, RoundTripsEveryKind) {
  const std::vector<Value> values = {
      Value(),
      Value::null(),
      true,
      1.5,
      -HUGE_VAL,
      BigInt::parse("-123456789012345678901234567890"),
      "s\xED\xB0\x80",
      Value::bytes({0, 255}),
      KvU64{5},
      Value::make_object({{"1", 1}, {"x", Value::make_array({Value(), Value::null()})}}),
      sparse_array({std::nullopt, 2}),
      Value::make_date(-1),
      Value::make_date(std::nan("")),
      regexp("a|b", 2),
      Value::make_map({{Value::make_set({1}), Value::make_date(5)}}),
      heap(ArrayBuffer{{9}, {}}),
      view(ViewType::kUint16Array, {1, 2}),
      error(ErrorPrototype::kEvalError, "m", "st", Value::make_object({{"k", BigInt(1)}})),
  };
  for (const Value& v : values) {
    std::string json = value_to_json(v);
    EXPECT_TRUE(value_from_json(json) == v) << json;
  }
}

}  // namespace
}  // namespace openkv::codec
