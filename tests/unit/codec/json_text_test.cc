// Copyright (c) OpenKV authors.
//
// JSON text as JSON.stringify writes it and JSON.parse reads it (06 §1).
#include "codec/json_text.h"

#include <gtest/gtest.h>

#include <cmath>

#include "openkv/errors.h"

namespace openkv::codec {
namespace {

std::string json_string(std::string_view wtf8) {
  std::string out;
  append_json_string(out, wtf8);
  return out;
}

std::string json_number(double d) {
  std::string out;
  append_json_number(out, d);
  return out;
}

std::string parse_error(std::string_view text) {
  try {
    parse_json(text);
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument);
    return e.what();
  }
  return "(no error)";
}

TEST(JsonText, StringEscaping) {
  EXPECT_EQ(json_string("\"\\"), R"("\"\\")");
  EXPECT_EQ(json_string("\b\t\n\f\r"), R"("\b\t\n\f\r")");
  EXPECT_EQ(json_string(std::string("\x00\x01\x1f", 3)), R"("\u0000\u0001\u001f")");
  // Written raw: '/', '<', '>', U+007F, U+2028, U+2029, non-ASCII.
  EXPECT_EQ(json_string("/<>\x7F\xE2\x80\xA8\xE2\x80\xA9\xC3\xA9\xF0\x9F\x98\x80"),
            "\"/<>\x7F\xE2\x80\xA8\xE2\x80\xA9\xC3\xA9\xF0\x9F\x98\x80\"");
  // Lone surrogates are escaped in lowercase, never replaced.
  EXPECT_EQ(json_string("\xED\xA0\x80"), R"("\ud800")");
  EXPECT_EQ(json_string("a\xED\xBF\xBF"
                        "b"),
            R"("a\udfffb")");
  EXPECT_EQ(json_string("\xED\xB0\x80\xED\xA0\xBD"),
            R"("\udc00\ud83d")");  // low then high: two lone
  // A pair stored as two three-byte halves is still one character.
  EXPECT_EQ(json_string("\xED\xA0\xBD\xED\xB8\x80"), "\"\xF0\x9F\x98\x80\"");
}

TEST(JsonText, NumberLayout) {
  EXPECT_EQ(json_number(0.1 + 0.2), "0.30000000000000004");
  EXPECT_EQ(json_number(18446744073709551616.0), "18446744073709552000");
  EXPECT_EQ(json_number(4.35), "4.35");
  EXPECT_EQ(json_number(1.5e300), "1.5e+300");
  EXPECT_EQ(json_number(123456789012345680000.0), "123456789012345680000");
  EXPECT_EQ(json_number(1e6), "1000000");
  EXPECT_EQ(json_number(1e20), "100000000000000000000");
  EXPECT_EQ(json_number(1e21), "1e+21");
  EXPECT_EQ(json_number(9007199254740992.0), "9007199254740992");
  EXPECT_EQ(json_number(98.5), "98.5");
  EXPECT_EQ(json_number(12345678.9), "12345678.9");
  EXPECT_EQ(json_number(0.000001), "0.000001");
  EXPECT_EQ(json_number(0.000001234), "0.000001234");
  EXPECT_EQ(json_number(1e-7), "1e-7");
  EXPECT_EQ(json_number(5e-324), "5e-324");
  EXPECT_EQ(json_number(1.23e-18), "1.23e-18");
  EXPECT_EQ(json_number(-1.7976931348623157e308), "-1.7976931348623157e+308");
  EXPECT_EQ(json_number(-0.0), "0");
  EXPECT_EQ(json_number(0.0), "0");
  EXPECT_EQ(json_number(-42), "-42");
}

TEST(JsonText, ParsesStringsToWtf8) {
  EXPECT_EQ(parse_json(R"("\ud800")").as_string(), "\xED\xA0\x80");
  EXPECT_EQ(parse_json(R"("\ud83d\ude00")").as_string(), "\xF0\x9F\x98\x80");
  EXPECT_EQ(parse_json(R"("\uD83D\uDE00")").as_string(), "\xF0\x9F\x98\x80");
  EXPECT_EQ(parse_json(R"("\ud83d\ud83d\ude00")").as_string(), "\xED\xA0\xBD\xF0\x9F\x98\x80");
  EXPECT_EQ(parse_json(R"("\ude00x")").as_string(), "\xED\xB8\x80x");
  EXPECT_EQ(parse_json(R"("\"\\\/\b\f\n\r\t\u0000")").as_string(),
            std::string("\"\\/\b\f\n\r\t\0", 9));
  EXPECT_EQ(parse_json("\"\xC3\xA9\xF0\x9F\x98\x80\"").as_string(), "\xC3\xA9\xF0\x9F\x98\x80");
  // Every string the writer produces reads back.
  const std::string samples[] = {"tab\t \"q\" \\ \x01 \xED\xA0\x80 \xF0\x9F\x98\x80", "",
                                 "\xED\xBF\xBF"};
  for (const std::string& s : samples) EXPECT_EQ(parse_json(json_string(s)).as_string(), s);
}

TEST(JsonText, ParsesNumbersAsJsonParseDoes) {
  EXPECT_TRUE(std::signbit(parse_json("-0").as_number()));
  EXPECT_TRUE(std::signbit(parse_json("-0.0e5").as_number()));
  EXPECT_EQ(parse_json("18446744073709551616").as_number(), 18446744073709551616.0);
  EXPECT_EQ(parse_json("123456789012345680000").as_number(), 123456789012345680000.0);
  EXPECT_EQ(parse_json("5e-324").as_number(), 5e-324);
  EXPECT_EQ(parse_json("1E+2").as_number(), 100);
  EXPECT_EQ(parse_json("1e400").as_number(), HUGE_VAL);
  EXPECT_EQ(parse_json("-1e400").as_number(), -HUGE_VAL);
  EXPECT_EQ(parse_json("0.0001e400").as_number(), HUGE_VAL);
  EXPECT_EQ(parse_json("100000e-400").as_number(), 0);
  EXPECT_TRUE(std::signbit(parse_json("-1e-400").as_number()));
  EXPECT_EQ(parse_json("1e99999999999999999999").as_number(), HUGE_VAL);
  for (const char* bad : {"01", "1.", ".5", "+1", "-", "1e", "1e+", "0x10", "NaN", "Infinity"}) {
    EXPECT_NE(parse_error(bad), "(no error)") << bad;
  }
}

TEST(JsonText, ObjectsKeepEveryMember) {
  JsonValue o = parse_json(R"( { "a" : 1 , "b":[true,false,null], "a":2 } )");
  ASSERT_EQ(o.as_object().size(), 3u);
  EXPECT_EQ(o.as_object()[0].name, "a");
  EXPECT_EQ(o.find("a")->as_number(), 2);  // the last one, as JSON.parse keeps
  EXPECT_EQ(o.find("b")->as_array().size(), 3u);
  EXPECT_EQ(o.find("missing"), nullptr);
  EXPECT_EQ(parse_json("[1]").find("a"), nullptr);
}

TEST(JsonText, Errors) {
  EXPECT_EQ(parse_error(""), "Unexpected end of JSON input");
  EXPECT_EQ(parse_error(" \t "), "Unexpected end of JSON input");
  EXPECT_EQ(parse_error("\r"), "Unexpected end of JSON input");
  EXPECT_EQ(parse_error("{\"a\":"), "Unexpected end of JSON input");
  EXPECT_EQ(parse_error("bad"), "Unexpected token 'b' in JSON at position 0");
  EXPECT_EQ(parse_error("{key:1}"), "Unexpected token 'k' in JSON at position 1");
  EXPECT_EQ(parse_error("[1,]"), "Unexpected token ']' in JSON at position 3");
  EXPECT_EQ(parse_error("{} {}"), "Unexpected non-whitespace character after JSON at position 3");
  EXPECT_EQ(parse_error("\"a\tb\""),
            "Bad control character in string literal in JSON at position 2");
  EXPECT_EQ(parse_error(R"("\x")"), "Bad escaped character in JSON at position 2");
  EXPECT_EQ(parse_error(R"("\u12g4")"), "Bad Unicode escape in JSON at position 5");
  EXPECT_EQ(parse_error("\"\xFF\""), "Invalid UTF-8 in string in JSON at position 1");
  EXPECT_EQ(parse_error("\xC3\xA9"), "Unexpected token '\xC3\xA9' in JSON at position 0");
  EXPECT_EQ(parse_error(std::string(1001, '[') + std::string(1001, ']')),
            "Nesting too deep in JSON at position 1000");
  EXPECT_NO_THROW(parse_json(std::string(1000, '[') + std::string(1000, ']')));
}

TEST(JsonText, DecodeCodePoint) {
  EXPECT_EQ(decode_code_point("\xF0\x9F\x98\x80", 0, false).value, 0x1F600);
  EXPECT_EQ(decode_code_point("\xED\xA0\x80", 0, true).value, 0xD800);
  // Ill-formed: the maximal subpart is one unit, as TextDecoder counts.
  CodePoint surrogate = decode_code_point("\xED\xA0\x80", 0, false);
  EXPECT_EQ(surrogate.value, -1);
  EXPECT_EQ(surrogate.length, 1u);
  CodePoint truncated = decode_code_point("\xE2\x82", 0, false);
  EXPECT_EQ(truncated.value, -1);
  EXPECT_EQ(truncated.length, 2u);
  EXPECT_EQ(decode_code_point("\xC0\x80", 0, false).length, 1u);          // overlong
  EXPECT_EQ(decode_code_point("\xF4\x90\x80\x80", 0, false).length, 1u);  // above U+10FFFF
}

}  // namespace
}  // namespace openkv::codec
