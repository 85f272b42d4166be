// Copyright (c) OpenKV authors.
//
// NDJSON lines (06 §6–§7): splitting, export lines, import records and the
// messages of §7.4.
#include "codec/ndjson.h"

#include <gtest/gtest.h>

#include "openkv/errors.h"

namespace openkv::codec {
namespace {

const std::string kLineA =
    R"({"key":[{"type":"string","value":"a"}],"value":{"type":"bigint","value":"100"},"versionstamp":"00000000000000060000"})";
const std::string kLineB =
    R"({"key":[{"type":"string","value":"b"}],"value":{"type":"boolean","value":true},"versionstamp":"000000000000000f0000"})";

std::vector<std::pair<uint64_t, std::string>> split(std::string_view input) {
  std::vector<std::pair<uint64_t, std::string>> out;
  for (NdjsonLine& line : split_ndjson_lines(input))
    out.emplace_back(line.number, std::move(line.text));
  return out;
}

using Lines = std::vector<std::pair<uint64_t, std::string>>;

TEST(NdjsonSplit, PackageFixture) {
  EXPECT_EQ(split(kLineA + "\n" + kLineB + "\n"), (Lines{{1, kLineA}, {2, kLineB}}));
}

TEST(NdjsonSplit, LineEndings) {
  EXPECT_EQ(split("a\r\nb\r\n"), (Lines{{1, "a"}, {2, "b"}}));
  EXPECT_EQ(split("a\r\r\n"), (Lines{{1, "a\r"}}));         // only one CR goes
  EXPECT_EQ(split("a\rb\n"), (Lines{{1, "a\rb"}}));         // a lone CR is data
  EXPECT_EQ(split("a\nb"), (Lines{{1, "a"}, {2, "b"}}));    // final line without LF
  EXPECT_EQ(split("a\n\r"), (Lines{{1, "a"}, {2, "\r"}}));  // not CR-stripped
  EXPECT_EQ(split("b\r"), (Lines{{1, "b\r"}}));
  EXPECT_EQ(split(""), Lines{});
  EXPECT_EQ(split("\n"), Lines{});
}

TEST(NdjsonSplit, BlankLinesAreSkippedButNumbered) {
  EXPECT_EQ(split("\n\na\n\r\n \nb\n\n"), (Lines{{3, "a"}, {5, " "}, {6, "b"}}));
}

TEST(NdjsonSplit, ByteOrderMarkAndInvalidUtf8) {
  const std::string bom = "\xEF\xBB\xBF";
  EXPECT_EQ(split(bom + "a\n" + bom + "b\n" + bom + "\n" + bom + bom + "c"),
            (Lines{{1, "a"}, {2, "b"}, {4, bom + "c"}}));
  // U+FFFD per maximal subpart, as TextDecoder: E2 82 is one, ED A0 80 three.
  const std::string fffd = "\xEF\xBF\xBD";
  EXPECT_EQ(split("x\xE2\x82y\n\xED\xA0\x80\n\xFF"),
            (Lines{{1, "x" + fffd + "y"}, {2, fffd + fffd + fffd}, {3, fffd}}));
}

TEST(NdjsonSplit, ChunksMayEndAnywhere) {
  const std::string input =
      "l1\r\n\r\nline 2\nl\xC3\xA9"
      "3\r\nlast\r";
  const Lines whole = split(input);
  for (size_t cut1 = 0; cut1 <= input.size(); ++cut1) {
    for (size_t cut2 = cut1; cut2 <= input.size(); ++cut2) {
      NdjsonLineSplitter splitter;
      std::vector<NdjsonLine> lines;
      splitter.feed(std::string_view(input).substr(0, cut1), lines);
      splitter.feed(std::string_view(input).substr(cut1, cut2 - cut1), lines);
      splitter.feed(std::string_view(input).substr(cut2), lines);
      splitter.finish(lines);
      Lines got;
      for (NdjsonLine& l : lines) got.emplace_back(l.number, l.text);
      ASSERT_EQ(got, whole) << cut1 << " " << cut2;
    }
  }
}

TEST(NdjsonExport, OneLinePerEntry) {
  EXPECT_EQ(
      format_ndjson_line({{"a"}, BigInt(100), Versionstamp::from_hex("00000000000000060000")}),
      kLineA + "\n");
  EXPECT_EQ(format_ndjson_line({{"b"}, true, Versionstamp::from_hex("000000000000000f0000")}),
            kLineB + "\n");
}

TEST(NdjsonExport, UnexportableValueNamesTheKey) {
  auto object = std::make_shared<HeapObject>(HeapObject{PlainObject{}});
  Value o = Value::object(object);
  std::get<PlainObject>(object->data).properties.emplace_back("self", Value::weak_ref(o));
  try {
    format_ndjson_line({{"loop", 1}, o, Versionstamp()});
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument);
    EXPECT_STREQ(
        e.what(),
        R"(Cannot export the entry with key [{"type":"string","value":"loop"},{"type":"number","value":1}]: )"
        "Unable to serialize a cyclic value.");
  }
}

TEST(NdjsonImport, PackageFixture) {
  NdjsonRecord a = NdjsonRecord::parse(kLineA);
  EXPECT_EQ(a.key(), Key{"a"});
  EXPECT_EQ(a.decode_value().as_bigint(), BigInt(100));
  EXPECT_EQ(a.versionstamp(), Versionstamp::from_hex("00000000000000060000"));
  NdjsonRecord b = NdjsonRecord::parse(kLineB);
  EXPECT_EQ(b.key(), Key{"b"});
  EXPECT_TRUE(b.decode_value().as_bool());
}

TEST(NdjsonImport, VersionstampAndExtraMembersAreIgnored) {
  for (const char* vs :
       {"", R"(,"versionstamp":"00000000")", R"(,"versionstamp":5)", R"(,"versionstamp":null)"}) {
    NdjsonRecord r = NdjsonRecord::parse(
        std::string(R"({"value":{"type":"null","value":null},"extra":[],"key":[])") + vs + "}");
    EXPECT_EQ(r.key(), Key{});
    EXPECT_TRUE(r.decode_value().is_null());
    EXPECT_FALSE(r.versionstamp().has_value());
  }
  // Duplicate members: the last wins.
  NdjsonRecord r = NdjsonRecord::parse(
      R"({"key":[],"key":[{"type":"boolean","value":true}],"value":{"type":"number","value":1},"value":{"type":"number","value":2}})");
  EXPECT_EQ(r.key(), Key{true});
  EXPECT_EQ(r.decode_value().as_number(), 2);
}

std::string parse_error(const std::string& line) {
  try {
    NdjsonRecord::parse(line);
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument);
    return e.what();
  }
  return "(no error)";
}

std::string value_error(const std::string& line) {
  NdjsonRecord record = NdjsonRecord::parse(line);
  try {
    record.decode_value();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument);
    return e.what();
  }
  return "(no error)";
}

// 06 §7.4. Engine texts are OpenKV's own; the package's texts are verbatim.
TEST(NdjsonImport, Messages) {
  EXPECT_EQ(parse_error("{key:1}"), "Unexpected token 'k' in JSON at position 1");
  EXPECT_EQ(parse_error("bad"), "Unexpected token 'b' in JSON at position 0");
  EXPECT_EQ(parse_error("  \t"), "Unexpected end of JSON input");
  EXPECT_EQ(parse_error("\r"), "Unexpected end of JSON input");
  EXPECT_EQ(parse_error(kLineA + kLineB),
            "Unexpected non-whitespace character after JSON at position " +
                std::to_string(kLineA.size()));
  const std::string not_object = "An NDJSON line must be a JSON object with \"key\" and \"value\"";
  EXPECT_EQ(parse_error("null"), not_object);
  EXPECT_EQ(parse_error("42"), not_object);
  EXPECT_EQ(parse_error("[1,2]"), not_object);
  const std::string not_key = "A key must be a JSON array of key part nodes";
  EXPECT_EQ(parse_error(R"({"value":{"type":"null","value":null}})"), not_key);
  EXPECT_EQ(parse_error(R"({"key":"a","value":{"type":"null","value":null}})"), not_key);
  EXPECT_EQ(parse_error(
                R"({"key":[{"type":"symbol","value":"x"}],"value":{"type":"null","value":null}})"),
            R"(Unexpected key part type: "symbol".)");
  EXPECT_EQ(parse_error(R"({"key":[{"type":"bigint","value":"1.5"}]})"),
            "Cannot convert 1.5 to a BigInt");

  // The value is only examined when asked for: a skipped line never fails on it.
  EXPECT_EQ(value_error(R"({"key":[]})"), R"(Unexpected value type: "undefined")");
  EXPECT_EQ(value_error(R"({"key":[],"value":null})"), R"(Unexpected value type: "undefined")");
  EXPECT_EQ(value_error(R"({"key":[],"value":{"type":"Foo"}})"), R"(Unexpected value type: "Foo")");
  EXPECT_EQ(value_error(R"({"key":[],"value":{"type":"Int16Array","value":"AQID"}})"),
            "byte length of Int16Array should be a multiple of 2");
  EXPECT_EQ(value_error(R"({"key":[],"value":{"type":"KvU64","value":"-1"}})"),
            "Value must be a positive bigint: received -1");
  EXPECT_EQ(value_error(R"({"key":[],"value":{"type":"KvU64","value":"18446744073709551616"}})"),
            "Value must fit in a 64-bit unsigned integer");
  EXPECT_EQ(value_error(R"({"key":[],"value":{"type":"RegExp","value":"/a/zz"}})"),
            "Invalid flags supplied to RegExp constructor 'zz'");
  EXPECT_EQ(value_error(R"({"key":[],"value":{"type":"Uint8Array","value":"A+"}})"),
            "Cannot decode input as base64: Invalid character (+)");
}

TEST(NdjsonImport, TopLevelEncodings) {
  auto value = [](const std::string& node) {
    return NdjsonRecord::parse(R"({"key":[],"value":)" + node + "}").decode_value();
  };
  EXPECT_EQ(value(R"({"type":"Uint8Array","value":"AQID"})").type(), Value::Type::kBytes);
  EXPECT_EQ(value(R"({"type":"KvU64","value":"42"})").type(), Value::Type::kU64);
  EXPECT_EQ(value(R"({"type":"Int8Array","value":"AQID"})").type(), Value::Type::kObject);
}

}  // namespace
}  // namespace openkv::codec
