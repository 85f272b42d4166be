// Copyright (c) OpenKV authors.
#include "codec/json_node.h"

#include <algorithm>
#include <cmath>

#include "codec/base64url.h"
#include "codec/wtf8.h"
#include "openkv/errors.h"

namespace openkv::codec {
namespace {

constexpr std::string_view kBase64UrlAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

// White space and line terminators that BigInt(string) trims; all of them
// are single UTF-16 code units.
bool is_js_white_space(char16_t u) {
  switch (u) {
    case 0x09:
    case 0x0A:
    case 0x0B:
    case 0x0C:
    case 0x0D:
    case 0x20:
    case 0xA0:
    case 0x1680:
    case 0x2028:
    case 0x2029:
    case 0x202F:
    case 0x205F:
    case 0x3000:
    case 0xFEFF:
      return true;
    default:
      return u >= 0x2000 && u <= 0x200A;
  }
}

std::string trim_js_white_space(std::string_view text) {
  std::u16string units = wtf8_to_utf16(text);
  size_t begin = 0, end = units.size();
  while (begin < end && is_js_white_space(units[begin])) ++begin;
  while (end > begin && is_js_white_space(units[end - 1])) --end;
  return utf16_to_wtf8(std::u16string_view(units).substr(begin, end - begin));
}

int digit_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'z') return c - 'a' + 10;
  if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
  return 99;
}

// The magnitude of digits in a radix 2^bits_per_digit, packed bit by bit.
BigInt bigint_from_power_of_two_digits(std::string_view digits, int bits_per_digit) {
  std::vector<uint8_t> little_endian;
  uint32_t acc = 0;
  int bits = 0;
  for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
    acc |= static_cast<uint32_t>(digit_value(*it)) << bits;
    bits += bits_per_digit;
    while (bits >= 8) {
      little_endian.push_back(static_cast<uint8_t>(acc));
      acc >>= 8;
      bits -= 8;
    }
  }
  if (bits > 0) little_endian.push_back(static_cast<uint8_t>(acc));
  std::reverse(little_endian.begin(), little_endian.end());
  return BigInt::from_magnitude(false, std::move(little_endian));
}

// 06 §4.3: unpadded or up to two '=', unused bits ignored, and the texts of
// @std/encoding 1.0.8 and later for the two failures.
std::vector<uint8_t> decode_base64url_text(std::string_view text) {
  for (int i = 0; i < 2 && !text.empty() && text.back() == '='; ++i) text.remove_suffix(1);
  for (size_t pos = 0; pos < text.size(); ++pos) {
    if (kBase64UrlAlphabet.find(text[pos]) == std::string_view::npos) {
      throw Error(ErrorCode::kInvalidArgument,
                  "Cannot decode input as base64: Invalid character (" +
                      std::string(text.substr(pos, decode_code_point(text, pos, true).length)) +
                      ")");
    }
  }
  if (text.size() % 4 == 1) {
    throw Error(ErrorCode::kInvalidArgument,
                "Cannot decode input as base64: Length (" + std::to_string(text.size()) +
                    "), excluding padding, must not have a remainder of 1 when divided by 4");
  }
  // The shared decoder insists on zero unused bits; clear them first.
  std::string canonical(text);
  if (size_t rest = canonical.size() % 4; rest != 0) {
    size_t unused_bits = rest == 2 ? 4 : 2;
    size_t v = kBase64UrlAlphabet.find(canonical.back());
    canonical.back() = kBase64UrlAlphabet[v >> unused_bits << unused_bits];
  }
  return *base64url_decode(canonical, Base64Padding::kUnpadded);
}

void write_node_prefix(std::string& out, std::string_view type) {
  out += "{\"type\":\"";
  out += type;  // a fixed ASCII tag: nothing to escape
  out += "\",\"value\":";
}

}  // namespace

void write_string_node(std::string& out, std::string_view wtf8) {
  write_node_prefix(out, "string");
  append_json_string(out, wtf8);
  out += '}';
}

void write_number_node(std::string& out, double number) {
  write_node_prefix(out, "number");
  if (std::isnan(number)) {
    out += "\"NaN\"";
  } else if (std::isinf(number)) {
    out += number > 0 ? "\"Infinity\"" : "\"-Infinity\"";
  } else {
    append_json_number(out, number);
  }
  out += '}';
}

void write_bigint_node(std::string& out, const BigInt& bigint) {
  write_node_prefix(out, "bigint");
  out += '"';
  out += bigint.to_string();
  out += "\"}";
}

void write_boolean_node(std::string& out, bool b) {
  write_node_prefix(out, "boolean");
  out += b ? "true}" : "false}";
}

void write_bytes_node(std::string& out, std::string_view type, std::span<const uint8_t> bytes,
                      uint64_t byte_length) {
  write_node_prefix(out, type);
  out += '"';
  out += base64url_encode(bytes, Base64Padding::kUnpadded);
  out += "\",\"byteLength\":";
  out += std::to_string(byte_length);
  out += '}';
}

const std::string* node_type(const JsonValue& node) {
  const JsonValue* type = node.find("type");
  if (type == nullptr || type->kind() != JsonValue::Kind::kString) return nullptr;
  return &type->as_string();
}

void throw_invalid_node(std::string_view type, std::string_view expected) {
  throw Error(ErrorCode::kInvalidArgument,
              "Invalid " + std::string(type) + " node: \"value\" must be " + std::string(expected));
}

const JsonValue& node_value(const JsonValue& node, std::string_view type,
                            std::string_view expected) {
  const JsonValue* value = node.find("value");
  if (value == nullptr) throw_invalid_node(type, expected);
  return *value;
}

std::string string_from_node(const JsonValue& node, std::string_view type) {
  constexpr std::string_view kExpected = "a string";
  const JsonValue& value = node_value(node, type, kExpected);
  if (value.kind() != JsonValue::Kind::kString) throw_invalid_node(type, kExpected);
  return value.as_string();
}

double number_from_node(const JsonValue& node, std::string_view type) {
  constexpr std::string_view kExpected = "a number, \"NaN\", \"Infinity\" or \"-Infinity\"";
  const JsonValue& value = node_value(node, type, kExpected);
  if (value.kind() == JsonValue::Kind::kNumber) return value.as_number();
  if (value.kind() == JsonValue::Kind::kString) {
    const std::string& s = value.as_string();
    if (s == "NaN") return std::nan("");
    if (s == "Infinity") return HUGE_VAL;
    if (s == "-Infinity") return -HUGE_VAL;
  }
  throw_invalid_node(type, kExpected);
}

BigInt bigint_from_node(const JsonValue& node, std::string_view type) {
  return bigint_from_js_string(string_from_node(node, type));
}

bool boolean_from_node(const JsonValue& node, std::string_view type) {
  constexpr std::string_view kExpected = "true or false";
  const JsonValue& value = node_value(node, type, kExpected);
  if (value.kind() != JsonValue::Kind::kBool) throw_invalid_node(type, kExpected);
  return value.as_bool();
}

std::vector<uint8_t> bytes_from_node(const JsonValue& node, std::string_view type) {
  const JsonValue* byte_length = node.find("byteLength");
  if (byte_length != nullptr && byte_length->kind() != JsonValue::Kind::kNumber) {
    throw Error(ErrorCode::kInvalidArgument,
                "Invalid " + std::string(type) + " node: \"byteLength\" must be a number");
  }
  constexpr std::string_view kExpected = "a base64url string";
  const JsonValue& value = node_value(node, type, kExpected);
  if (value.kind() != JsonValue::Kind::kString) throw_invalid_node(type, kExpected);
  return decode_base64url_text(value.as_string());
}

BigInt bigint_from_js_string(std::string_view text) {
  const std::string trimmed = trim_js_white_space(text);
  std::string_view body = trimmed;
  if (body.empty()) return BigInt();
  auto all_digits_below = [](std::string_view digits, int radix) {
    return !digits.empty() && std::all_of(digits.begin(), digits.end(),
                                          [radix](char c) { return digit_value(c) < radix; });
  };
  if (body.size() > 2 && body[0] == '0') {
    int bits = 0;
    switch (body[1]) {
      case 'x':
      case 'X':
        bits = 4;
        break;
      case 'o':
      case 'O':
        bits = 3;
        break;
      case 'b':
      case 'B':
        bits = 1;
        break;
    }
    if (bits != 0) {
      std::string_view digits = body.substr(2);
      if (all_digits_below(digits, 1 << bits)) return bigint_from_power_of_two_digits(digits, bits);
    }
  }
  bool negative = body[0] == '-';
  std::string_view digits = body.substr(body[0] == '-' || body[0] == '+' ? 1 : 0);
  if (!all_digits_below(digits, 10)) {
    throw Error(ErrorCode::kInvalidArgument,
                "Cannot convert " + std::string(text) + " to a BigInt");
  }
  std::string decimal;
  if (negative) decimal += '-';
  decimal += digits;
  return BigInt::parse(decimal);
}

}  // namespace openkv::codec
