// Copyright (c) OpenKV authors.
//
// The JSON notation of spec 06: the worked examples of §9 byte for byte in
// both directions, the package's own expectations (§10) and the export
// rules of §3.
#include "codec/json_notation.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "codec/ndjson.h"
#include "json_test_values.h"
#include "openkv/errors.h"

namespace openkv::codec {
namespace {

using namespace openkv::codec::testing;  // NOLINT

constexpr uint32_t kG = 1, kI = 2, kM = 4, kY = 8, kU = 16, kS = 32, kD = 128, kV = 256;

Versionstamp vs(const char* hex) { return Versionstamp::from_hex(hex); }

double ms(int y, int mo, int d, int h, int mi, int s, int milli) {
  // Test-only civil → epoch for dates after 1970 (timegm is not portable).
  std::tm t{};
  t.tm_year = y - 1900, t.tm_mon = mo - 1, t.tm_mday = d, t.tm_hour = h, t.tm_min = mi,
  t.tm_sec = s;
  return static_cast<double>(timegm(&t)) * 1000 + milli;
}

struct Example {
  const char* name;
  Entry entry;
  std::string line;
  // What exporting the imported line gives when the line does not survive
  // a round trip unchanged (06 §8); empty when it does.
  std::string reexport = {};
};

std::vector<Example> worked_examples() {
  const std::string lone_d800 = "\xED\xA0\x80";  // WTF-8 of a lone U+D800
  return {
      {"E1",
       {{"users", "alice"}, "Alice Liddell", vs("00000000000000020000")},
       R"({"key":[{"type":"string","value":"users"},{"type":"string","value":"alice"}],"value":{"type":"string","value":"Alice Liddell"},"versionstamp":"00000000000000020000"})"},
      {"E2",
       {{"scores", 42}, 98.5, vs("00000000000000040000")},
       R"({"key":[{"type":"string","value":"scores"},{"type":"number","value":42}],"value":{"type":"number","value":98.5},"versionstamp":"00000000000000040000"})"},
      {"E3 NaN",
       {{"special", std::nan("")}, std::nan(""), vs("00000000000000070000")},
       R"({"key":[{"type":"string","value":"special"},{"type":"number","value":"NaN"}],"value":{"type":"number","value":"NaN"},"versionstamp":"00000000000000070000"})"},
      {"E3 Infinity",
       {{"special", HUGE_VAL}, -HUGE_VAL, vs("000000000000000f0000")},
       R"({"key":[{"type":"string","value":"special"},{"type":"number","value":"Infinity"}],"value":{"type":"number","value":"-Infinity"},"versionstamp":"000000000000000f0000"})"},
      {"E3 -0",
       {{"special", -0.0}, -0.0, vs("00000000000000100000")},
       R"({"key":[{"type":"string","value":"special"},{"type":"number","value":0}],"value":{"type":"number","value":0},"versionstamp":"00000000000000100000"})"},
      {"E4",
       {{"orders", BigInt::parse("12345678901234567890")},
        BigInt::parse("-9007199254740993"),
        vs("00000000000000130000")},
       R"({"key":[{"type":"string","value":"orders"},{"type":"bigint","value":"12345678901234567890"}],"value":{"type":"bigint","value":"-9007199254740993"},"versionstamp":"00000000000000130000"})"},
      {"E5",
       {{"flags", true}, false, vs("000000000000001c0000")},
       R"({"key":[{"type":"string","value":"flags"},{"type":"boolean","value":true}],"value":{"type":"boolean","value":false},"versionstamp":"000000000000001c0000"})"},
      {"E6",
       {{KeyPart::bytes({0xFB, 0xFF})},
        Value::bytes({0xFA, 0xFB, 0xFC, 0xFD}),
        vs("00000000000000250000")},
       R"({"key":[{"type":"Uint8Array","value":"-_8","byteLength":2}],"value":{"type":"Uint8Array","value":"-vv8_Q","byteLength":4},"versionstamp":"00000000000000250000"})"},
      {"E7 null",
       {{"empty", "null"}, Value::null(), vs("00000000000000260000")},
       R"({"key":[{"type":"string","value":"empty"},{"type":"string","value":"null"}],"value":{"type":"null","value":null},"versionstamp":"00000000000000260000"})"},
      {"E7 undefined",
       {{"empty", "undefined"}, Value(), vs("000000000000002d0000")},
       R"({"key":[{"type":"string","value":"empty"},{"type":"string","value":"undefined"}],"value":{"type":"undefined"},"versionstamp":"000000000000002d0000"})"},
      {"E8",
       {{"events", BigInt(1), "at"},
        Value::make_date(ms(2024, 2, 29, 12, 30, 0, 250)),
        vs("00000000000000310000")},
       R"({"key":[{"type":"string","value":"events"},{"type":"bigint","value":"1"},{"type":"string","value":"at"}],"value":{"type":"Date","value":"2024-02-29T12:30:00.250Z"},"versionstamp":"00000000000000310000"})"},
      {"E9",
       {{"patterns", "api"}, regexp(R"(^\/api\/v[0-9]+)", kG | kI), vs("00000000000000370000")},
       R"({"key":[{"type":"string","value":"patterns"},{"type":"string","value":"api"}],"value":{"type":"RegExp","value":"/^\\/api\\/v[0-9]+/gi"},"versionstamp":"00000000000000370000"})"},
      {"E10",
       {{"config"},
        Value::make_map({
            {"name", "kv"},
            {BigInt(1), Value::make_set({Value::make_date(0), "x"})},
            {Value::make_object({{"id", 1}}), Value::make_array({true, Value::null()})},
        }),
        vs("000000000000003c0000")},
       R"({"key":[{"type":"string","value":"config"}],"value":{"type":"Map","value":[[{"type":"string","value":"name"},{"type":"string","value":"kv"}],[{"type":"bigint","value":"1"},{"type":"Set","value":[{"type":"Date","value":"1970-01-01T00:00:00.000Z"},{"type":"string","value":"x"}]}],[{"type":"object","value":{"id":{"type":"number","value":1}}},{"type":"Array","value":[{"type":"boolean","value":true},{"type":"null","value":null}]}]]},"versionstamp":"000000000000003c0000"})"},
      {"E11", {{"tags"}, Value::make_set({"a", 2, BigInt(3), Value()}), vs("000000000000003e0000")}, R"({"key":[{"type":"string","value":"tags"}],"value":{"type":"Set","value":[{"type":"string","value":"a"},{"type":"number","value":2},{"type":"bigint","value":"3"},{"type":"undefined"}]},"versionstamp":"000000000000003e0000"})"},
      {"E12",
       {{"profile", "alice"},
        Value::make_object({
            {"name", "Alice"},
            {"10", "ten"},
            {"2", "two"},
            {"address", Value::make_object({{"city", "Paris"}, {"zip", Value()}})},
            {"tags", Value::make_array({"admin"})},
        }),
        vs("00000000000000440000")},
       R"({"key":[{"type":"string","value":"profile"},{"type":"string","value":"alice"}],"value":{"type":"object","value":{"2":{"type":"string","value":"two"},"10":{"type":"string","value":"ten"},"name":{"type":"string","value":"Alice"},"address":{"type":"object","value":{"city":{"type":"string","value":"Paris"},"zip":{"type":"undefined"}}},"tags":{"type":"Array","value":[{"type":"string","value":"admin"}]}}},"versionstamp":"00000000000000440000"})"},
      {"E13 i16",
       {{"blobs", "i16"},
        Value::make_object(
            {{"samples", view(ViewType::kInt16Array, le_bytes<int16_t>({1, -1, 256}))}}),
        vs("00000000000000490000")},
       R"({"key":[{"type":"string","value":"blobs"},{"type":"string","value":"i16"}],"value":{"type":"object","value":{"samples":{"type":"Int16Array","value":"AQD__wAB","byteLength":6}}},"versionstamp":"00000000000000490000"})"},
      {"E13 f64",
       {{"blobs", "f64"},
        view(ViewType::kFloat64Array, le_bytes<double>({1.5, -0.0})),
        vs("000000000000004b0000")},
       R"({"key":[{"type":"string","value":"blobs"},{"type":"string","value":"f64"}],"value":{"type":"Float64Array","value":"AAAAAAAA-D8AAAAAAAAAgA","byteLength":16},"versionstamp":"000000000000004b0000"})"},
      {"E13 bu64",
       {{"blobs", "bu64"},
        view(ViewType::kBigUint64Array, le_bytes<uint64_t>({~uint64_t{0}, 1})),
        vs("00000000000000510000")},
       R"({"key":[{"type":"string","value":"blobs"},{"type":"string","value":"bu64"}],"value":{"type":"BigUint64Array","value":"__________8BAAAAAAAAAA","byteLength":16},"versionstamp":"00000000000000510000"})"},
      {"E14 ab",
       {{"blobs", "ab"}, heap(ArrayBuffer{{1, 2, 3, 4, 5}, {}}), vs("00000000000000520000")},
       R"({"key":[{"type":"string","value":"blobs"},{"type":"string","value":"ab"}],"value":{"type":"ArrayBuffer","value":"AQIDBAU","byteLength":5},"versionstamp":"00000000000000520000"})"},
      {"E14 dv",
       {{"blobs", "dv"}, view(ViewType::kDataView, {9, 8, 7}), vs("00000000000000580000")},
       R"({"key":[{"type":"string","value":"blobs"},{"type":"string","value":"dv"}],"value":{"type":"DataView","value":"CQgH","byteLength":3},"versionstamp":"00000000000000580000"})"},
      {"E15 visits",
       {{"counters", "visits"}, KvU64{42}, vs("000000000000005d0000")},
       R"({"key":[{"type":"string","value":"counters"},{"type":"string","value":"visits"}],"value":{"type":"KvU64","value":"42"},"versionstamp":"000000000000005d0000"})"},
      {"E15 nested",
       {{"counters", "nested"},
        Value::make_object({{"c", Value::make_object({{"value", BigInt(7)}})}}),
        vs("00000000000000600000")},
       R"({"key":[{"type":"string","value":"counters"},{"type":"string","value":"nested"}],"value":{"type":"object","value":{"c":{"type":"object","value":{"value":{"type":"bigint","value":"7"}}}}},"versionstamp":"00000000000000600000"})"},
      {"E16",
       {{"errors", 1},
        error(ErrorPrototype::kTypeError, "bad input",
              "TypeError: bad input\n    at main (file:///app/main.ts:3:9)",
              error(ErrorPrototype::kRangeError, "too big",
                    "RangeError: too big\n    at check (file:///app/main.ts:1:7)")),
        vs("00000000000000650000")},
       R"j({"key":[{"type":"string","value":"errors"},{"type":"number","value":1}],"value":{"type":"TypeError","value":{"message":"bad input","cause":{"type":"RangeError","value":{"message":"too big","stack":"RangeError: too big\n    at check (file:///app/main.ts:1:7)"}},"stack":"TypeError: bad input\n    at main (file:///app/main.ts:3:9)"}},"versionstamp":"00000000000000650000"})j"},
      {"E17",
       {{"text"},
        "tab\there \"quoted\" back\\slash \x01\x1f\b\f\r\n \xC3\xA9 \xF0\x9F\x98\x80 </b> " +
            lone_d800,
        vs("000000000000006c0000")},
       "{\"key\":[{\"type\":\"string\",\"value\":\"text\"}],\"value\":{\"type\":\"string\","
       "\"value\":"
       "\"tab\\there \\\"quoted\\\" back\\\\slash \\u0001\\u001f\\b\\f\\r\\n \xC3\xA9 "
       "\xF0\x9F\x98\x80 "
       "</b> \\ud800\"},\"versionstamp\":\"000000000000006c0000\"}"},
      {"E18",
       {{"numbers"},
        Value::make_array({0.1, 1e21, 1e-7, 123456789012345680000.0, 5e-324,
                           -1.7976931348623157e308, 9007199254740992.0, 0.000001}),
        vs("00000000000000730000")},
       R"({"key":[{"type":"string","value":"numbers"}],"value":{"type":"Array","value":[{"type":"number","value":0.1},{"type":"number","value":1e+21},{"type":"number","value":1e-7},{"type":"number","value":123456789012345680000},{"type":"number","value":5e-324},{"type":"number","value":-1.7976931348623157e+308},{"type":"number","value":9007199254740992},{"type":"number","value":0.000001}]},"versionstamp":"00000000000000730000"})"},
      {"E19 holes",
       {{"quirks", "holes"}, sparse_array({1, std::nullopt, 3}), vs("00000000000000790000")},
       R"({"key":[{"type":"string","value":"quirks"},{"type":"string","value":"holes"}],"value":{"type":"Array","value":[{"type":"number","value":1},null,{"type":"number","value":3}]},"versionstamp":"00000000000000790000"})"},
      {"E19 baddate",
       {{"quirks", "baddate"}, Value::make_date(std::nan("")), vs("000000000000007f0000")},
       R"({"key":[{"type":"string","value":"quirks"},{"type":"string","value":"baddate"}],"value":{"type":"Date","value":null},"versionstamp":"000000000000007f0000"})"},
      {"E19 subview",
       {{"quirks", "subview"},
        Value::make_object({{"v", view(ViewType::kUint8Array, {1, 2, 3, 4, 5, 6}, 2, 2)}}),
        vs("00000000000000830000")},
       R"({"key":[{"type":"string","value":"quirks"},{"type":"string","value":"subview"}],"value":{"type":"object","value":{"v":{"type":"Uint8Array","value":"AQIDBAUG","byteLength":2}}},"versionstamp":"00000000000000830000"})",
       // The offset and length are lost: the import covers the whole buffer.
       R"({"key":[{"type":"string","value":"quirks"},{"type":"string","value":"subview"}],"value":{"type":"object","value":{"v":{"type":"Uint8Array","value":"AQIDBAUG","byteLength":6}}},"versionstamp":"00000000000000830000"})"},
      {"E20",
       {{"mixed", KeyPart::bytes({0}), BigInt(7), 2.5, true},
        "all part types",
        vs("000000000000008b0000")},
       R"({"key":[{"type":"string","value":"mixed"},{"type":"Uint8Array","value":"AA","byteLength":1},{"type":"bigint","value":"7"},{"type":"number","value":2.5},{"type":"boolean","value":true}],"value":{"type":"string","value":"all part types"},"versionstamp":"000000000000008b0000"})"},
      {"E21 containers",
       {{"containers"},
        Value::make_array({Value::make_array(), Value::make_object(), Value::make_map(),
                           Value::make_set(), "", Value::make_uint8_array({})}),
        vs("00000000000000930000")},
       R"({"key":[{"type":"string","value":"containers"}],"value":{"type":"Array","value":[{"type":"Array","value":[]},{"type":"object","value":{}},{"type":"Map","value":[]},{"type":"Set","value":[]},{"type":"string","value":""},{"type":"Uint8Array","value":"","byteLength":0}]},"versionstamp":"00000000000000930000"})"},
      {"E21 raw",
       {{"raw", "empty"}, Value::bytes({}), vs("00000000000000980000")},
       R"({"key":[{"type":"string","value":"raw"},{"type":"string","value":"empty"}],"value":{"type":"Uint8Array","value":"","byteLength":0},"versionstamp":"00000000000000980000"})"},
      {"E22",
       {{"wrappers"}, Value::make_array({boxed("ab"), boxed(5)}), vs("000000000000009f0000")},
       R"({"key":[{"type":"string","value":"wrappers"}],"value":{"type":"Array","value":[{"type":"object","value":{"0":{"type":"string","value":"a"},"1":{"type":"string","value":"b"}}},{"type":"object","value":{}}]},"versionstamp":"000000000000009f0000"})"},
  };
}

TEST(JsonWorkedExamples, ExportIsByteExact) {
  for (const Example& e : worked_examples()) {
    EXPECT_EQ(entry_to_json(e.entry), e.line) << e.name;
  }
}

// 06 §11 item 14: export → import → export reproduces the first export.
TEST(JsonWorkedExamples, ImportThenExportReproducesTheLine) {
  for (const Example& e : worked_examples()) {
    Entry imported = entry_from_json(e.line);
    EXPECT_EQ(entry_to_json(imported), e.reexport.empty() ? e.line : e.reexport) << e.name;
    EXPECT_EQ(imported.versionstamp, e.entry.versionstamp) << e.name;
  }
}

TEST(JsonWorkedExamples, ImportGivesTheStoredValue) {
  // Lines whose value survives unchanged (06 §8 lists the others).
  for (const Example& e : worked_examples()) {
    std::string_view name = e.name;
    if (name == "E3 -0" || name == "E12" || name == "E19 subview" || name == "E22") continue;
    Entry imported = entry_from_json(e.line);
    EXPECT_EQ(imported.key, e.entry.key) << e.name;
    EXPECT_TRUE(imported.value == e.entry.value) << e.name;
  }
}

TEST(JsonWorkedExamples, LossyCasesImportAsSpecified) {
  Entry zero = entry_from_json(worked_examples()[4].line);  // E3 -0
  EXPECT_FALSE(std::signbit(zero.key[1].as_float()));
  EXPECT_FALSE(std::signbit(zero.value.as_number()));

  // E12: index names first, then the others in order.
  Value profile = value_from_json(
      R"({"type":"object","value":{"2":{"type":"string","value":"two"},"10":{"type":"string","value":"ten"},"name":{"type":"string","value":"Alice"}}})");
  EXPECT_TRUE(profile == Value::make_object({{"2", "two"}, {"10", "ten"}, {"name", "Alice"}}));

  // E22: boxed primitives come back as plain objects.
  Value wrappers = value_from_json(
      R"({"type":"Array","value":[{"type":"object","value":{"0":{"type":"string","value":"a"},"1":{"type":"string","value":"b"}}},{"type":"object","value":{}}]})");
  EXPECT_TRUE(wrappers == Value::make_array({Value::make_object({{"0", "a"}, {"1", "b"}}),
                                             Value::make_object()}));
}

// The whole file of 06 §9: 32 lines, all of which OpenKV imports (the
// reference importer fails on the holes line, D1).
TEST(JsonWorkedExamples, WholeFileImportsWithoutErrors) {
  std::string file;
  for (const Example& e : worked_examples()) file += format_ndjson_line(e.entry);
  std::vector<NdjsonLine> lines = split_ndjson_lines(file);
  ASSERT_EQ(lines.size(), 32u);
  std::vector<Example> examples = worked_examples();
  for (size_t i = 0; i < lines.size(); ++i) {
    NdjsonRecord record = NdjsonRecord::parse(lines[i].text);
    Entry imported{record.key(), record.decode_value(), *record.versionstamp()};
    EXPECT_EQ(entry_to_json(imported),
              examples[i].reexport.empty() ? examples[i].line : examples[i].reexport);
  }
}

TEST(JsonWorkedExamples, MaybeEntries) {
  const std::string missing =
      R"({"key":[{"type":"string","value":"users"},{"type":"string","value":"bob"}],"value":null,"versionstamp":null})";
  const std::string present =
      R"({"key":[{"type":"string","value":"empty"},{"type":"string","value":"null"}],"value":{"type":"null","value":null},"versionstamp":"00000000000000260000"})";
  EXPECT_EQ(entry_maybe_to_json({{"users", "bob"}, std::nullopt, std::nullopt}), missing);
  EXPECT_EQ(entry_maybe_to_json({{"empty", "null"}, Value::null(), vs("00000000000000260000")}),
            present);

  EntryMaybe m = entry_maybe_from_json(missing);
  EXPECT_EQ(m.key, (Key{"users", "bob"}));
  EXPECT_FALSE(m.value.has_value());
  EXPECT_FALSE(m.exists());
  EntryMaybe p = entry_maybe_from_json(present);
  ASSERT_TRUE(p.value.has_value());
  EXPECT_TRUE(p.value->is_null());
  EXPECT_EQ(p.versionstamp, vs("00000000000000260000"));
}

// ---- 06 §10: the package's own expectations ----

struct Fact {
  Value value;
  std::string json;
};

TEST(JsonPackageFacts, ValueNodes) {
  const std::vector<Fact> facts = {
      {heap(ArrayBuffer{{1, 2, 3}, {}}), R"({"type":"ArrayBuffer","value":"AQID","byteLength":3})"},
      {Value::make_array({1, 2, 3}),
       R"({"type":"Array","value":[{"type":"number","value":1},{"type":"number","value":2},{"type":"number","value":3}]})"},
      {BigInt(100), R"({"type":"bigint","value":"100"})"},
      {false, R"({"type":"boolean","value":false})"},
      {view(ViewType::kDataView, {1, 2, 3}),
       R"({"type":"DataView","value":"AQID","byteLength":3})"},
      {Value::make_date(ms(2023, 12, 16, 17, 24, 0, 0)),
       R"({"type":"Date","value":"2023-12-16T17:24:00.000Z"})"},
      {KvU64{100}, R"({"type":"KvU64","value":"100"})"},
      {Value::make_map({{"key", "value"}}),
       R"({"type":"Map","value":[[{"type":"string","value":"key"},{"type":"string","value":"value"}]]})"},
      {Value::null(), R"({"type":"null","value":null})"},
      {123, R"({"type":"number","value":123})"},
      {regexp("match", 0), R"({"type":"RegExp","value":"/match/"})"},
      {regexp("match", kI), R"({"type":"RegExp","value":"/match/i"})"},
      {Value::make_set({1, 2, 3}),
       R"({"type":"Set","value":[{"type":"number","value":1},{"type":"number","value":2},{"type":"number","value":3}]})"},
      {"a string", R"({"type":"string","value":"a string"})"},
      {view(ViewType::kInt8Array, {1, 2, 3}),
       R"({"type":"Int8Array","value":"AQID","byteLength":3})"},
      {view(ViewType::kUint8Array, {1, 2, 3}),
       R"({"type":"Uint8Array","value":"AQID","byteLength":3})"},
      {view(ViewType::kUint8ClampedArray, {1, 2, 3}),
       R"({"type":"Uint8ClampedArray","value":"AQID","byteLength":3})"},
      {view(ViewType::kInt16Array, le_bytes<int16_t>({1, 2, 3, 4})),
       R"({"type":"Int16Array","value":"AQACAAMABAA","byteLength":8})"},
      {view(ViewType::kUint16Array, le_bytes<uint16_t>({1, 2, 3, 4})),
       R"({"type":"Uint16Array","value":"AQACAAMABAA","byteLength":8})"},
      {view(ViewType::kInt32Array, le_bytes<int32_t>({1, 2, 3, 4})),
       R"({"type":"Int32Array","value":"AQAAAAIAAAADAAAABAAAAA","byteLength":16})"},
      {view(ViewType::kUint32Array, le_bytes<uint32_t>({1, 2, 3, 4})),
       R"({"type":"Uint32Array","value":"AQAAAAIAAAADAAAABAAAAA","byteLength":16})"},
      {view(ViewType::kFloat32Array, le_bytes<float>({1.2f, 3.4f, 5.6f})),
       R"({"type":"Float32Array","value":"mpmZP5qZWUAzM7NA","byteLength":12})"},
      {view(ViewType::kFloat64Array, le_bytes<double>({1.2, 3.4, 5.6})),
       R"({"type":"Float64Array","value":"MzMzMzMz8z8zMzMzMzMLQGZmZmZmZhZA","byteLength":24})"},
      {view(ViewType::kBigInt64Array, le_bytes<int64_t>({1, 2, 3})),
       R"({"type":"BigInt64Array","value":"AQAAAAAAAAACAAAAAAAAAAMAAAAAAAAA","byteLength":24})"},
      {view(ViewType::kBigUint64Array, le_bytes<uint64_t>({1, 2, 3})),
       R"({"type":"BigUint64Array","value":"AQAAAAAAAAACAAAAAAAAAAMAAAAAAAAA","byteLength":24})"},
      {Value(), R"({"type":"undefined"})"},
      {Value::make_object({{"key", "value"}}),
       R"({"type":"object","value":{"key":{"type":"string","value":"value"}}})"},
  };
  for (const Fact& f : facts) {
    EXPECT_EQ(value_to_json(f.value), f.json);
    Value back = value_from_json(f.json);
    // A top-level Uint8Array reads back as raw bytes (VE_BYTES).
    bool top_level_bytes = f.json.starts_with(R"({"type":"Uint8Array")");
    EXPECT_TRUE(back == (top_level_bytes ? Value::bytes({1, 2, 3}) : f.value)) << f.json;
    EXPECT_EQ(value_to_json(back), f.json);
  }
}

TEST(JsonPackageFacts, KeyParts) {
  EXPECT_EQ(key_part_to_json(HUGE_VAL), R"({"type":"number","value":"Infinity"})");
  EXPECT_EQ(key_part_to_json(-HUGE_VAL), R"({"type":"number","value":"-Infinity"})");
  EXPECT_EQ(key_part_to_json(std::nan("")), R"({"type":"number","value":"NaN"})");
  EXPECT_TRUE(std::isinf(key_part_from_json(R"({"type":"number","value":"Infinity"})").as_float()));
  EXPECT_TRUE(std::isnan(key_part_from_json(R"({"type":"number","value":"NaN"})").as_float()));
  EXPECT_EQ(key_part_from_json(R"({"type":"number","value":"-Infinity"})").as_float(), -HUGE_VAL);

  const std::string key =
      R"([{"type":"string","value":"a"},{"type":"number","value":1},{"type":"bigint","value":"100"}])";
  EXPECT_EQ(key_to_json(Key{"a", 1, BigInt(100)}), key);
  EXPECT_EQ(key_from_json(key), (Key{"a", 1, BigInt(100)}));
  EXPECT_EQ(key_to_json({}), "[]");
  EXPECT_EQ(key_from_json("[]"), Key{});
  EXPECT_EQ(key_part_to_json(KeyPart::bytes({1, 2, 3})),
            R"({"type":"Uint8Array","value":"AQID","byteLength":3})");
  EXPECT_EQ(key_part_to_json(true), R"({"type":"boolean","value":true})");
}

TEST(JsonPackageFacts, Errors) {
  Value e = error(ErrorPrototype::kError, "something", "Error: something\n    at x",
                  error(ErrorPrototype::kSyntaxError, "else", "SyntaxError: else"));
  EXPECT_EQ(
      value_to_json(e),
      R"({"type":"Error","value":{"message":"something","cause":{"type":"SyntaxError","value":{"message":"else","stack":"SyntaxError: else"}},"stack":"Error: something\n    at x"}})");
  const char* names[] = {"Error",       "EvalError", "RangeError", "ReferenceError",
                         "SyntaxError", "TypeError", "URIError"};
  for (int i = 0; i < 7; ++i) {
    auto prototype = static_cast<ErrorPrototype>(i);
    std::string json = value_to_json(error(prototype, "m", "s"));
    EXPECT_EQ(json,
              std::string(R"({"type":")") + names[i] + R"(","value":{"message":"m","stack":"s"}})");
    EXPECT_TRUE(value_from_json(json) == error(prototype, "m", "s"));
  }
  // Decoding keeps message and stack exactly and decodes the cause.
  Value decoded = value_from_json(
      R"({"type":"Error","value":{"message":"an error","stack":"Line\nLine","cause":{"type":"SyntaxError","value":{"message":"x"}}}})");
  EXPECT_TRUE(decoded == error(ErrorPrototype::kError, "an error", "Line\nLine",
                               error(ErrorPrototype::kSyntaxError, "x")));
  // E16's note: an empty stack is not written.
  EXPECT_EQ(value_to_json(error(ErrorPrototype::kError, "custom", "")),
            R"({"type":"Error","value":{"message":"custom"}})");
}

TEST(JsonPackageFacts, UnknownTypeAndTypedArrayBytes) {
  try {
    value_from_json(R"({"type":"unknown"})");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument);
    EXPECT_STREQ(e.what(), R"(Unexpected value type: "unknown")");
  }
  EXPECT_TRUE(value_from_json(R"({"type":"Int16Array","value":"AQIDBA","byteLength":4})") ==
              view(ViewType::kInt16Array, {1, 2, 3, 4}));
}

TEST(JsonPackageFacts, Entries) {
  Entry entry{{"a"}, Value::make_array({1, 2, 3}), Versionstamp()};
  const std::string json =
      R"({"key":[{"type":"string","value":"a"}],"value":{"type":"Array","value":[{"type":"number","value":1},{"type":"number","value":2},{"type":"number","value":3}]},"versionstamp":"00000000000000000000"})";
  EXPECT_EQ(entry_to_json(entry), json);
  Entry back = entry_from_json(json);
  EXPECT_EQ(back.key, entry.key);
  EXPECT_TRUE(back.value == entry.value);
  EXPECT_EQ(entry_maybe_to_json({{"a"}, std::nullopt, std::nullopt}),
            R"({"key":[{"type":"string","value":"a"}],"value":null,"versionstamp":null})");
}

// ---- 06 §3: export rules beyond the examples ----

TEST(JsonExport, Dates) {
  // Years outside 0..9999 take a sign and six digits; the extremes are ±8.64e15.
  EXPECT_EQ(value_to_json(Value::make_date(8.64e15)),
            R"({"type":"Date","value":"+275760-09-13T00:00:00.000Z"})");
  EXPECT_EQ(value_to_json(Value::make_date(-8.64e15)),
            R"({"type":"Date","value":"-271821-04-20T00:00:00.000Z"})");
  EXPECT_EQ(value_to_json(Value::make_date(253402300800000.0)),
            R"({"type":"Date","value":"+010000-01-01T00:00:00.000Z"})");
  EXPECT_EQ(value_to_json(Value::make_date(-62198755200000.0)),
            R"({"type":"Date","value":"-000001-01-01T00:00:00.000Z"})");
  EXPECT_EQ(value_to_json(Value::make_date(-62154086400000.0)),
            R"({"type":"Date","value":"0000-06-01T00:00:00.000Z"})");
  // TimeClip: truncation toward zero, out of range is invalid.
  EXPECT_EQ(value_to_json(Value::make_date(-0.5)),
            R"({"type":"Date","value":"1970-01-01T00:00:00.000Z"})");
  EXPECT_EQ(value_to_json(Value::make_date(-1)),
            R"({"type":"Date","value":"1969-12-31T23:59:59.999Z"})");
  EXPECT_EQ(value_to_json(Value::make_date(8.64e15 + 1)), R"({"type":"Date","value":null})");
  EXPECT_EQ(value_to_json(Value::make_date(HUGE_VAL)), R"({"type":"Date","value":null})");
}

TEST(JsonExport, RegExpFlagsInFixedOrder) {
  EXPECT_EQ(value_to_json(regexp("a", kY | kU | kS | kM | kI | kG | kD)),
            R"({"type":"RegExp","value":"/a/dgimsuy"})");
  EXPECT_EQ(value_to_json(regexp("a", kV)), R"({"type":"RegExp","value":"/a/v"})");
  EXPECT_EQ(value_to_json(regexp("a\\/b\\n", 0)), R"({"type":"RegExp","value":"/a\\/b\\n/"})");
  EXPECT_EQ(value_to_json(regexp("[/]", 0)), R"({"type":"RegExp","value":"/[/]/"})");
  EXPECT_EQ(value_to_json(regexp("(?:)", 0)), R"({"type":"RegExp","value":"/(?:)/"})");
}

TEST(JsonExport, ObjectPropertyOrder) {
  Value o = Value::make_object({{"b", 1},
                                {"4294967295", 2},
                                {"4294967294", 3},
                                {"-1", 4},
                                {"01", 5},
                                {"1", 6},
                                {"1.5", 7},
                                {"__proto__", 8},
                                {"type", 9}});
  EXPECT_EQ(
      value_to_json(o),
      R"({"type":"object","value":{"1":{"type":"number","value":6},"4294967294":{"type":"number","value":3},"b":{"type":"number","value":1},"4294967295":{"type":"number","value":2},"-1":{"type":"number","value":4},"01":{"type":"number","value":5},"1.5":{"type":"number","value":7},"__proto__":{"type":"number","value":8},"type":{"type":"number","value":9}}})");
}

TEST(JsonExport, ArraysDropNamedPropertiesAndWriteHoles) {
  Value a = heap(
      Array{{std::nullopt, std::nullopt, Value(1), std::nullopt, std::nullopt}, {{"extra", 1}}});
  EXPECT_EQ(value_to_json(a),
            R"({"type":"Array","value":[null,null,{"type":"number","value":1},null,null]})");
}

TEST(JsonExport, ErrorCausesOnlyWhenTruthy) {
  const std::vector<Value> falsy = {false,     0,  -0.0,          std::nan(""),
                                    BigInt(0), "", Value::null(), Value()};
  for (const Value& cause : falsy) {
    EXPECT_EQ(value_to_json(error(ErrorPrototype::kError, "m", std::nullopt, cause)),
              R"({"type":"Error","value":{"message":"m"}})");
  }
  EXPECT_EQ(value_to_json(error(ErrorPrototype::kError, std::nullopt, std::nullopt, boxed(false))),
            R"({"type":"Error","value":{"message":"","cause":{"type":"object","value":{}}}})");
  EXPECT_EQ(value_to_json(error(ErrorPrototype::kError, "m", std::nullopt, 1)),
            R"({"type":"Error","value":{"message":"m","cause":{"type":"number","value":1}}})");
}

TEST(JsonExport, BoxedPrimitives) {
  EXPECT_EQ(value_to_json(boxed(true)), R"({"type":"object","value":{}})");
  EXPECT_EQ(value_to_json(boxed(BigInt(1))), R"({"type":"object","value":{}})");
  // A surrogate pair is two code units, each a lone surrogate.
  EXPECT_EQ(
      value_to_json(boxed("\xF0\x9F\x98\x80")),
      R"({"type":"object","value":{"0":{"type":"string","value":"\ud83d"},"1":{"type":"string","value":"\ude00"}}})");
}

TEST(JsonExport, ViewsCarryTheWholeBuffer) {
  auto buffer = std::make_shared<HeapObject>(HeapObject{ArrayBuffer{{1, 2, 3, 4}, {}}});
  Value a = heap(ArrayBufferView{ViewType::kUint8Array, buffer, 0, 2, 0});
  Value b = heap(ArrayBufferView{ViewType::kInt16Array, buffer, 2, 2, 0});
  EXPECT_EQ(
      value_to_json(Value::make_array({a, b})),
      R"({"type":"Array","value":[{"type":"Uint8Array","value":"AQIDBA","byteLength":2},{"type":"Int16Array","value":"AQIDBA","byteLength":2}]})");
  // A resizable buffer is written at its current length.
  EXPECT_EQ(value_to_json(heap(ArrayBuffer{{7}, 16})),
            R"({"type":"ArrayBuffer","value":"Bw","byteLength":1})");
}

// An OpenKV node for Deno's Blob and File (docs/value-format.md): the
// contents as an object node, read back into the same host object.
TEST(JsonExport, HostObjectsRoundTrip) {
  Value blob = heap(HostObject{Value::make_object(
      {{"type", "Blob"}, {"mimeType", ""}, {"parts", Value::make_array()}, {"size", 0}})});
  const std::string json =
      R"({"type":"HostObject","value":{"type":"object","value":{"type":{"type":"string","value":"Blob"},"mimeType":{"type":"string","value":""},"parts":{"type":"Array","value":[]},"size":{"type":"number","value":0}}}})";
  EXPECT_EQ(value_to_json(blob), json);
  EXPECT_EQ(value_from_json(json), blob);
  EXPECT_THROW(value_from_json(R"({"type":"HostObject","value":{"type":"number","value":1}})"),
               Error);
  EXPECT_THROW(value_from_json(R"({"type":"HostObject"})"), Error);
}

// A sparse array is written position by position, holes as null, without
// the decoder ever holding the holes.
TEST(JsonExport, SparseArraysWriteEveryPosition) {
  Value a = heap(Array{ArrayElements::sparse(4, {{3, Value(1)}}), {}});
  EXPECT_EQ(value_to_json(a),
            R"({"type":"Array","value":[null,null,null,{"type":"number","value":1}]})");
  EXPECT_EQ(value_from_json(value_to_json(a)), a);
}

TEST(JsonExport, SharedReferencesAreWrittenAgain) {
  Value shared = Value::make_object({{"x", 1}});
  EXPECT_EQ(
      value_to_json(Value::make_array({shared, shared})),
      R"({"type":"Array","value":[{"type":"object","value":{"x":{"type":"number","value":1}}},{"type":"object","value":{"x":{"type":"number","value":1}}}]})");
}

TEST(JsonExport, NestedKvU64IsAPlainObject) {
  EXPECT_EQ(
      value_to_json(Value::make_object({{"c", KvU64{7}}})),
      R"({"type":"object","value":{"c":{"type":"object","value":{"value":{"type":"bigint","value":"7"}}}}})");
  EXPECT_EQ(value_to_json(KvU64{~uint64_t{0}}),
            R"({"type":"KvU64","value":"18446744073709551615"})");
}

void expect_unexportable(const Value& v, const std::string& message) {
  try {
    value_to_json(v);
    ADD_FAILURE() << "exported";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument);
    EXPECT_EQ(e.what(), message);
  }
}

TEST(JsonExport, CyclesAndFloat16ArrayCannotBeWritten) {
  auto object = std::make_shared<HeapObject>(HeapObject{PlainObject{}});
  Value o = Value::object(object);
  std::get<PlainObject>(object->data).properties.emplace_back("self", Value::weak_ref(o));
  expect_unexportable(o, "Unable to serialize a cyclic value.");

  auto err = std::make_shared<HeapObject>(HeapObject{ErrorObject{}});
  Value e = Value::object(err);
  std::get<ErrorObject>(err->data).cause = Value::weak_ref(e);
  expect_unexportable(e, "Unable to serialize a cyclic value.");

  expect_unexportable(Value::make_object({{"h", view(ViewType::kFloat16Array, {0, 0x3C})}}),
                      "Unexpected typed array type, could not serialize.");
}

}  // namespace
}  // namespace openkv::codec
