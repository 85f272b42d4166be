// Copyright (c) OpenKV authors.
//
// JSON text as JavaScript's JSON.parse and JSON.stringify see it: a small
// document model, a parser and the writers for strings and numbers. The JSON
// notation of spec 06 is defined by JSON.stringify output, byte for byte, and
// its strings are JS strings, so two things rule out a general JSON library:
//
//  - strings are WTF-8 (include/openkv/value.h): a lone surrogate is written as
//    "\ud800" and "\ud800" must parse back to that lone surrogate (06 §1.2,
//    E17), which strict Unicode parsers reject;
//  - numbers are written like Number.prototype.toString (06 §1.3), and "-0"
//    must parse to negative zero (06 §4.4).
//
// Objects keep every member in document order, duplicates included, because
// the importer needs the order of first occurrence and the value of the last
// one (06 §4.2).
#ifndef OPENKV_CODEC_JSON_TEXT_H_
#define OPENKV_CODEC_JSON_TEXT_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace openkv::codec {

struct JsonMember;

class JsonValue {
 public:
  enum class Kind { kNull, kBool, kNumber, kString, kArray, kObject };
  using Array = std::vector<JsonValue>;
  using Object = std::vector<JsonMember>;  // document order, duplicates kept

  // Defined below JsonMember: building the variant needs every alternative
  // complete (Clang with libstdc++ insists; GCC instantiates later).
  JsonValue();  // null
  explicit JsonValue(bool b);
  explicit JsonValue(double d);
  explicit JsonValue(std::string s);
  explicit JsonValue(Array a);
  explicit JsonValue(Object o);

  Kind kind() const { return static_cast<Kind>(v_.index()); }
  bool is_null() const { return kind() == Kind::kNull; }
  bool as_bool() const { return std::get<bool>(v_); }
  double as_number() const { return std::get<double>(v_); }
  const std::string& as_string() const { return std::get<std::string>(v_); }
  const Array& as_array() const { return std::get<Array>(v_); }
  const Object& as_object() const { return std::get<Object>(v_); }

  // The member called `name` of an object, as JSON.parse would keep it (the
  // last occurrence); nullptr when absent or when this is not an object.
  const JsonValue* find(std::string_view name) const;

 private:
  std::variant<std::monostate, bool, double, std::string, Array, Object> v_;
};

struct JsonMember {
  std::string name;
  JsonValue value;
};

inline JsonValue::JsonValue() = default;
inline JsonValue::JsonValue(bool b) : v_(b) {}
inline JsonValue::JsonValue(double d) : v_(d) {}
inline JsonValue::JsonValue(std::string s) : v_(std::move(s)) {}
inline JsonValue::JsonValue(Array a) : v_(std::move(a)) {}
inline JsonValue::JsonValue(Object o) : v_(std::move(o)) {}

// Parses one JSON text (white space around it allowed). Strings become WTF-8;
// WTF-8 is also accepted in the text itself.
// Throws Error(kInvalidArgument) naming the byte position of the problem, or
// "Unexpected end of JSON input" when the text ends early.
JsonValue parse_json(std::string_view text);

// JSON.stringify of a string given as WTF-8 (06 §1.2), quotes included.
void append_json_string(std::string& out, std::string_view wtf8);

// JSON.stringify of a finite number: Number::toString (06 §1.3), so both
// zeros give "0".
void append_json_number(std::string& out, double finite);

// One decoded UTF-8 sequence: the code point (-1 when ill-formed) and the
// number of bytes it spans. For an ill-formed sequence that is its maximal
// subpart (Unicode §3.9), at least 1, so replacing each by U+FFFD gives
// exactly what TextDecoder gives.
struct CodePoint {
  int32_t value;
  size_t length;
};
// Decodes the sequence at text[pos] (pos < text.size()). Encoded surrogates
// (ED A0..BF xx) are accepted only when allow_surrogates is set (WTF-8);
// otherwise they are ill-formed, as in strict UTF-8.
CodePoint decode_code_point(std::string_view text, size_t pos, bool allow_surrogates);

}  // namespace openkv::codec

#endif  // OPENKV_CODEC_JSON_TEXT_H_
