// Copyright (c) OpenKV authors.
#include "codec/json_text.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <limits>
#include <system_error>

#include "codec/property_key.h"
#include "codec/wtf8.h"
#include "openkv/errors.h"

namespace openkv::codec {
namespace {

// Deeper documents are rejected instead of risking the stack. A value node
// costs two levels (node object, its value) and the V8 decoder stops at 256
// nested values, so nothing storable comes close.
constexpr int kMaxDepth = 1000;

bool is_high_surrogate(char16_t u) { return u >= 0xD800 && u <= 0xDBFF; }
bool is_low_surrogate(char16_t u) { return u >= 0xDC00 && u <= 0xDFFF; }

void append_u_escape(std::string& out, uint32_t unit) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "\\u%04x", unit);  // lowercase, as V8 writes
  out += buf;
}

class Parser {
 public:
  explicit Parser(std::string_view text) : text_(text) {}

  JsonValue parse_document() {
    skip_white_space();
    JsonValue value = parse_value(0);
    skip_white_space();
    if (pos_ != text_.size()) {
      throw Error(
          ErrorCode::kInvalidArgument,
          "Unexpected non-whitespace character after JSON at position " + std::to_string(pos_));
    }
    return value;
  }

 private:
  [[noreturn]] void fail(const std::string& what, size_t pos) const {
    throw Error(ErrorCode::kInvalidArgument, what + " in JSON at position " + std::to_string(pos));
  }

  // The error for whatever stands at pos_ where something else was expected.
  [[noreturn]] void unexpected() const {
    if (pos_ >= text_.size())
      throw Error(ErrorCode::kInvalidArgument, "Unexpected end of JSON input");
    std::string token(text_.substr(pos_, decode_code_point(text_, pos_, true).length));
    fail("Unexpected token '" + token + "'", pos_);
  }

  bool at_end() const { return pos_ >= text_.size(); }
  char peek() const { return text_[pos_]; }

  void skip_white_space() {
    while (!at_end() && (peek() == ' ' || peek() == '\t' || peek() == '\n' || peek() == '\r'))
      ++pos_;
  }

  void expect_literal(std::string_view word) {
    for (char c : word) {
      if (at_end() || peek() != c) unexpected();
      ++pos_;
    }
  }

  JsonValue parse_value(int depth) {
    if (at_end()) unexpected();
    switch (peek()) {
      case '{':
        return parse_object(depth + 1);
      case '[':
        return parse_array(depth + 1);
      case '"':
        return JsonValue(parse_string());
      case 't':
        expect_literal("true");
        return JsonValue(true);
      case 'f':
        expect_literal("false");
        return JsonValue(false);
      case 'n':
        expect_literal("null");
        return JsonValue();
      default:
        if (peek() == '-' || (peek() >= '0' && peek() <= '9')) return JsonValue(parse_number());
        unexpected();
    }
  }

  JsonValue parse_object(int depth) {
    if (depth > kMaxDepth) fail("Nesting too deep", pos_);
    ++pos_;  // '{'
    JsonValue::Object members;
    skip_white_space();
    if (!at_end() && peek() == '}') {
      ++pos_;
      return JsonValue(std::move(members));
    }
    for (;;) {
      skip_white_space();
      if (at_end() || peek() != '"') unexpected();
      std::string name = parse_string();
      skip_white_space();
      if (at_end() || peek() != ':') unexpected();
      ++pos_;
      skip_white_space();
      members.push_back({std::move(name), parse_value(depth)});
      skip_white_space();
      if (at_end()) unexpected();
      if (peek() == '}') break;
      if (peek() != ',') unexpected();
      ++pos_;
    }
    ++pos_;
    return JsonValue(std::move(members));
  }

  JsonValue parse_array(int depth) {
    if (depth > kMaxDepth) fail("Nesting too deep", pos_);
    ++pos_;  // '['
    JsonValue::Array elements;
    skip_white_space();
    if (!at_end() && peek() == ']') {
      ++pos_;
      return JsonValue(std::move(elements));
    }
    for (;;) {
      skip_white_space();
      elements.push_back(parse_value(depth));
      skip_white_space();
      if (at_end()) unexpected();
      if (peek() == ']') break;
      if (peek() != ',') unexpected();
      ++pos_;
    }
    ++pos_;
    return JsonValue(std::move(elements));
  }

  // Four hex digits after "\u" at pos_; advances past them.
  char16_t parse_hex4() {
    char16_t unit = 0;
    for (int i = 0; i < 4; ++i, ++pos_) {
      if (at_end()) unexpected();
      char c = peek();
      int digit = c >= '0' && c <= '9'   ? c - '0'
                  : c >= 'a' && c <= 'f' ? c - 'a' + 10
                  : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                         : -1;
      if (digit < 0) fail("Bad Unicode escape", pos_);
      unit = static_cast<char16_t>(unit * 16 + digit);
    }
    return unit;
  }

  // Collects UTF-16 code units, as a JS string is, so that escaped halves
  // of a pair join up and lone ones stay lone when converted to WTF-8.
  std::string parse_string() {
    ++pos_;  // '"'
    std::u16string units;
    for (;;) {
      size_t run = pos_;
      while (!at_end() && peek() != '"' && peek() != '\\' &&
             static_cast<unsigned char>(peek()) >= 0x20) {
        ++pos_;
      }
      try {
        units += wtf8_to_utf16(text_.substr(run, pos_ - run));
      } catch (const Error&) {
        fail("Invalid UTF-8 in string", run);
      }
      if (at_end()) unexpected();
      char c = peek();
      if (c == '"') {
        ++pos_;
        return utf16_to_wtf8(units);
      }
      if (c != '\\') fail("Bad control character in string literal", pos_);
      ++pos_;
      if (at_end()) unexpected();
      char escape = peek();
      ++pos_;
      switch (escape) {
        case '"':
          units += u'"';
          break;
        case '\\':
          units += u'\\';
          break;
        case '/':
          units += u'/';
          break;
        case 'b':
          units += u'\b';
          break;
        case 'f':
          units += u'\f';
          break;
        case 'n':
          units += u'\n';
          break;
        case 'r':
          units += u'\r';
          break;
        case 't':
          units += u'\t';
          break;
        case 'u':
          units += parse_hex4();
          break;
        default:
          fail("Bad escaped character", pos_ - 1);
      }
    }
  }

  // JSON number grammar, then the nearest double. Out-of-range magnitudes go
  // to ±Infinity or ±0 as in JSON.parse (06 §4.4).
  double parse_number() {
    size_t start = pos_;
    auto digits = [this] {
      size_t from = pos_;
      while (!at_end() && peek() >= '0' && peek() <= '9') ++pos_;
      return pos_ - from;
    };
    bool negative = peek() == '-';
    if (negative) ++pos_;
    if (at_end()) unexpected();
    // Decimal exponent of the first significant digit, to classify overflow.
    long lead_exponent = 0;
    bool seen_significant = false;
    if (peek() == '0') {
      ++pos_;
    } else {
      size_t from = pos_;
      if (digits() == 0) unexpected();
      lead_exponent = static_cast<long>(pos_ - from) - 1;
      seen_significant = true;
    }
    if (!at_end() && peek() == '.') {
      ++pos_;
      size_t from = pos_;
      if (digits() == 0) unexpected();
      if (!seen_significant) {
        size_t first = text_.find_first_not_of('0', from);
        if (first < pos_) lead_exponent = -static_cast<long>(first - from) - 1;
      }
    }
    long exponent = 0;
    if (!at_end() && (peek() == 'e' || peek() == 'E')) {
      ++pos_;
      bool exponent_negative = !at_end() && peek() == '-';
      if (!at_end() && (peek() == '+' || peek() == '-')) ++pos_;
      size_t from = pos_;
      if (digits() == 0) unexpected();
      // Saturate: beyond this only the sign matters.
      for (size_t i = from; i < pos_; ++i)
        exponent = std::min(exponent * 10 + (text_[i] - '0'), 1000000000L);
      if (exponent_negative) exponent = -exponent;
    }
    double value = 0;
    auto [end, ec] =
        std::from_chars(text_.data() + start + (negative ? 1 : 0), text_.data() + pos_, value);
    (void)end;
    if (ec == std::errc::result_out_of_range) {
      value = lead_exponent + exponent > 0 ? std::numeric_limits<double>::infinity() : 0.0;
    }
    return negative ? -value : value;
  }

  std::string_view text_;
  size_t pos_ = 0;
};

}  // namespace

const JsonValue* JsonValue::find(std::string_view name) const {
  if (kind() != Kind::kObject) return nullptr;
  const Object& members = as_object();
  for (auto it = members.rbegin(); it != members.rend(); ++it) {
    if (it->name == name) return &it->value;
  }
  return nullptr;
}

JsonValue parse_json(std::string_view text) { return Parser(text).parse_document(); }

CodePoint decode_code_point(std::string_view text, size_t pos, bool allow_surrogates) {
  auto byte = [&](size_t i) { return static_cast<uint8_t>(text[i]); };
  uint8_t lead = byte(pos);
  if (lead < 0x80) return {lead, 1};
  size_t extra;
  uint32_t cp;
  uint8_t low = 0x80, high = 0xBF;  // range of the second byte; excludes
                                    // overlong forms and values > U+10FFFF
  if (lead >= 0xC2 && lead <= 0xDF) {
    extra = 1, cp = lead & 0x1F;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    extra = 2, cp = lead & 0x0F;
    if (lead == 0xE0) low = 0xA0;
    if (lead == 0xED && !allow_surrogates) high = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    extra = 3, cp = lead & 0x07;
    if (lead == 0xF0) low = 0x90;
    if (lead == 0xF4) high = 0x8F;
  } else {
    return {-1, 1};
  }
  for (size_t k = 1; k <= extra; ++k) {
    if (pos + k >= text.size()) return {-1, k};
    uint8_t b = byte(pos + k);
    if (b < (k == 1 ? low : 0x80) || b > (k == 1 ? high : 0xBF)) return {-1, k};
    cp = (cp << 6) | (b & 0x3F);
  }
  return {static_cast<int32_t>(cp), extra + 1};
}

void append_json_string(std::string& out, std::string_view wtf8) {
  // JSON.stringify works on UTF-16 code units: runs that need no escape are
  // copied (a pair becomes one four-byte sequence), the rest is escaped.
  std::u16string units = wtf8_to_utf16(wtf8);
  out += '"';
  size_t run = 0;
  auto flush = [&](size_t end) {
    out += utf16_to_wtf8(std::u16string_view(units).substr(run, end - run));
  };
  for (size_t i = 0; i < units.size(); ++i) {
    char16_t u = units[i];
    bool paired_high =
        is_high_surrogate(u) && i + 1 < units.size() && is_low_surrogate(units[i + 1]);
    if (paired_high) {
      ++i;
      continue;
    }
    bool lone_surrogate = is_high_surrogate(u) || is_low_surrogate(u);
    if (u >= 0x20 && u != '"' && u != '\\' && !lone_surrogate) continue;
    flush(i);
    run = i + 1;
    switch (u) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        append_u_escape(out, u);  // other controls, lone surrogates
    }
  }
  flush(units.size());
  out += '"';
}

void append_json_number(std::string& out, double finite) { out += number_to_property_key(finite); }

}  // namespace openkv::codec
