// Copyright (c) OpenKV authors.
//
// Values in the JSON notation: export (06 §3) and import (06 §4).
#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <unordered_map>

#include "codec/js_date.h"
#include "codec/json_node.h"
#include "codec/json_notation.h"
#include "codec/property_key.h"
#include "codec/wtf8.h"
#include "openkv/errors.h"

namespace openkv::codec {
namespace {

// ---- Names and sizes of the object kinds ----

// Indexed by ViewType.
struct ViewInfo {
  std::string_view name;
  size_t element_size;
};
constexpr std::array<ViewInfo, 13> kViews = {{
    {"Int8Array", 1},
    {"Uint8Array", 1},
    {"Uint8ClampedArray", 1},
    {"Int16Array", 2},
    {"Uint16Array", 2},
    {"Int32Array", 4},
    {"Uint32Array", 4},
    {"Float16Array", 2},
    {"Float32Array", 4},
    {"Float64Array", 8},
    {"BigInt64Array", 8},
    {"BigUint64Array", 8},
    {"DataView", 1},
}};

// Indexed by ErrorPrototype.
constexpr std::array<std::string_view, 7> kErrorNames = {
    "Error", "EvalError", "RangeError", "ReferenceError", "SyntaxError", "TypeError", "URIError",
};

// RegExp flag letters in the order RegExp.prototype.flags lists them, with
// their bits in RegExp::flags (01 §4.8). The linear-engine bit has no letter
// in Deno and is not written.
struct FlagInfo {
  char letter;
  uint32_t bit;
};
constexpr std::array<FlagInfo, 8> kRegExpFlags = {{
    {'d', 128},
    {'g', 1},
    {'i', 2},
    {'m', 4},
    {'s', 32},
    {'u', 16},
    {'v', 256},
    {'y', 8},
}};
constexpr uint32_t kFlagUnicode = 16;
constexpr uint32_t kFlagUnicodeSets = 256;

// ---- JavaScript property order (06 §3.8, §4.2) ----

// Own-property order: array indices ascending, then the rest as they came.
void sort_into_property_order(Properties& properties) {
  std::stable_sort(properties.begin(), properties.end(), [](const auto& a, const auto& b) {
    std::optional<uint32_t> ia = array_index_of(a.first), ib = array_index_of(b.first);
    return ia && (!ib || *ia < *ib);
  });
}

// ---- Export ----

[[noreturn]] void throw_unexportable(const std::string& why) {
  throw Error(ErrorCode::kInvalidArgument, why);
}

bool is_truthy(const Value& v) {
  switch (v.type()) {
    case Value::Type::kUndefined:
    case Value::Type::kNull:
      return false;
    case Value::Type::kBool:
      return v.as_bool();
    case Value::Type::kNumber:
      return v.as_number() != 0 && !std::isnan(v.as_number());
    case Value::Type::kBigInt:
      return !v.as_bigint().is_zero();
    case Value::Type::kString:
      return !v.as_string().empty();
    case Value::Type::kObject:
    case Value::Type::kBytes:
    case Value::Type::kU64:
      return true;
  }
  return true;
}

class ValueWriter {
 public:
  explicit ValueWriter(std::string& out) : out_(out) {}

  void write(const Value& value) {
    switch (value.type()) {
      case Value::Type::kUndefined:
        out_ += "{\"type\":\"undefined\"}";
        break;
      case Value::Type::kNull:
        out_ += "{\"type\":\"null\",\"value\":null}";
        break;
      case Value::Type::kBool:
        write_boolean_node(out_, value.as_bool());
        break;
      case Value::Type::kNumber:
        write_number_node(out_, value.as_number());
        break;
      case Value::Type::kBigInt:
        write_bigint_node(out_, value.as_bigint());
        break;
      case Value::Type::kString:
        write_string_node(out_, value.as_string());
        break;
      case Value::Type::kBytes:
        write_bytes_node(out_, "Uint8Array", value.as_bytes(), value.as_bytes().size());
        break;
      case Value::Type::kU64:
        write_u64(value.as_u64());
        break;
      case Value::Type::kObject:
        write_heap_object(value);
        break;
    }
  }

 private:
  void write_u64(KvU64 u) {
    if (ancestors_.empty()) {
      out_ += "{\"type\":\"KvU64\",\"value\":\"";
      out_ += std::to_string(u.value);
      out_ += "\"}";
    } else {
      // Deno stores a nested KvU64 as {value: <bigint>} (06 §3.11).
      out_ += "{\"type\":\"object\",\"value\":{\"value\":";
      write_bigint_node(out_, BigInt::from_uint64(u.value));
      out_ += "}}";
    }
  }

  void write_heap_object(const Value& value) {
    std::shared_ptr<HeapObject> object = value.object();
    // A reference to an object that contains it would recurse forever; the
    // reference dies with a stack overflow here (06 §3.13). Shared but
    // acyclic references are simply written again (06 §3.12).
    if (std::find(ancestors_.begin(), ancestors_.end(), object.get()) != ancestors_.end()) {
      throw_unexportable("Unable to serialize a cyclic value.");
    }
    ancestors_.push_back(object.get());
    std::visit([this](const auto& data) { write_kind(data); }, object->data);
    ancestors_.pop_back();
  }

  void write_properties(Properties properties) {
    sort_into_property_order(properties);
    out_ += "{\"type\":\"object\",\"value\":{";
    for (size_t i = 0; i < properties.size(); ++i) {
      if (i > 0) out_ += ',';
      append_json_string(out_, properties[i].first);
      out_ += ':';
      write(properties[i].second);
    }
    out_ += "}}";
  }

  void write_kind(const PlainObject& o) { write_properties(o.properties); }

  void write_kind(const Array& a) {
    // Named properties of an array are not exported (06 §3.7).
    out_ += "{\"type\":\"Array\",\"value\":[";
    auto next = a.elements.present().begin();
    for (uint32_t i = 0; i < a.elements.size(); ++i) {
      if (i > 0) out_ += ',';
      if (next != a.elements.present().end() && next->first == i) {
        write((next++)->second);
      } else {
        out_ += "null";  // a hole
      }
    }
    out_ += "]}";
  }

  void write_kind(const Date& d) {
    out_ += "{\"type\":\"Date\",\"value\":";
    double t = time_clip(d.ms_since_epoch);
    if (std::isnan(t)) {
      out_ += "null";
    } else {
      append_json_string(out_, date_to_iso_string(t));
    }
    out_ += '}';
  }

  void write_kind(const RegExp& r) {
    std::string text = "/" + r.source + "/";
    for (const FlagInfo& flag : kRegExpFlags) {
      if (r.flags & flag.bit) text += flag.letter;
    }
    out_ += "{\"type\":\"RegExp\",\"value\":";
    append_json_string(out_, text);
    out_ += '}';
  }

  void write_kind(const Map& m) {
    out_ += "{\"type\":\"Map\",\"value\":[";
    for (size_t i = 0; i < m.entries.size(); ++i) {
      if (i > 0) out_ += ',';
      out_ += '[';
      write(m.entries[i].first);
      out_ += ',';
      write(m.entries[i].second);
      out_ += ']';
    }
    out_ += "]}";
  }

  void write_kind(const Set& s) {
    out_ += "{\"type\":\"Set\",\"value\":[";
    for (size_t i = 0; i < s.values.size(); ++i) {
      if (i > 0) out_ += ',';
      write(s.values[i]);
    }
    out_ += "]}";
  }

  void write_kind(const ArrayBuffer& b) {
    write_bytes_node(out_, "ArrayBuffer", b.data, b.data.size());
  }

  void write_kind(const ArrayBufferView& v) {
    if (v.view_type == ViewType::kFloat16Array) {
      throw_unexportable("Unexpected typed array type, could not serialize.");
    }
    // The whole backing buffer with the view's own length (06 §3.6).
    const ArrayBuffer& buffer = std::get<ArrayBuffer>(v.buffer->data);
    write_bytes_node(out_, kViews[static_cast<size_t>(v.view_type)].name, buffer.data,
                     v.byte_length);
  }

  void write_kind(const ErrorObject& e) {
    out_ += "{\"type\":\"";
    out_ += kErrorNames[static_cast<size_t>(e.prototype)];
    out_ += "\",\"value\":{\"message\":";
    append_json_string(out_, e.message.value_or(""));
    if (e.cause && is_truthy(*e.cause)) {
      out_ += ",\"cause\":";
      write(*e.cause);
    }
    if (e.stack && !e.stack->empty()) {
      out_ += ",\"stack\":";
      append_json_string(out_, *e.stack);
    }
    out_ += "}}";
  }

  void write_kind(const BoxedPrimitive& b) {
    // Only a String object has own enumerable properties: one per UTF-16
    // code unit (06 §3.8).
    Properties units;
    if (b.primitive.type() == Value::Type::kString) {
      for (char16_t unit : wtf8_to_utf16(b.primitive.as_string())) {
        units.emplace_back(std::to_string(units.size()),
                           Value(utf16_to_wtf8(std::u16string_view(&unit, 1))));
      }
    }
    write_properties(std::move(units));
  }

  // An OpenKV node, not one of the package's (docs/value-format.md): the
  // contents as an object node, so that import stores the same bytes again.
  void write_kind(const HostObject& h) {
    out_ += "{\"type\":\"HostObject\",\"value\":";
    write(h.contents);
    out_ += '}';
  }

  std::string& out_;
  std::vector<const HeapObject*> ancestors_;  // the objects enclosing the current one
};

// ---- Import ----

[[noreturn]] void throw_unexpected_value_type(std::string_view type) {
  // The package's text, without a final full stop (06 §4.6).
  throw Error(ErrorCode::kInvalidArgument, "Unexpected value type: \"" + std::string(type) + "\"");
}

template <typename T>
Value make_heap_value(T data) {
  return Value::object(std::make_shared<HeapObject>(HeapObject{std::move(data)}));
}

// JavaScript's String(x) for a JSON value, as `new Error(x)` applies it to a
// message that is not a string (06 §4.5).
std::string js_to_string(const JsonValue& json) {
  switch (json.kind()) {
    case JsonValue::Kind::kNull:
      return "null";
    case JsonValue::Kind::kBool:
      return json.as_bool() ? "true" : "false";
    case JsonValue::Kind::kNumber:
      return number_to_property_key(json.as_number());
    case JsonValue::Kind::kString:
      return json.as_string();
    case JsonValue::Kind::kArray: {
      std::string out;
      const JsonValue::Array& elements = json.as_array();
      for (size_t i = 0; i < elements.size(); ++i) {
        if (i > 0) out += ',';
        if (!elements[i].is_null()) out += js_to_string(elements[i]);
      }
      return out;
    }
    case JsonValue::Kind::kObject:
      return "[object Object]";
  }
  return {};
}

// Map keys and Set values compare with SameValueZero: equal primitives are
// one key (NaN included, −0 equal to +0), objects are always distinct. The
// returned text identifies a primitive's equivalence class.
std::optional<std::string> same_value_zero_class(const Value& v) {
  switch (v.type()) {
    case Value::Type::kUndefined:
      return "u";
    case Value::Type::kNull:
      return "n";
    case Value::Type::kBool:
      return v.as_bool() ? "t" : "f";
    case Value::Type::kNumber: {
      double d = v.as_number();
      if (std::isnan(d)) return "N";
      d += 0.0;  // −0 → +0
      char bits[sizeof d];
      std::memcpy(bits, &d, sizeof d);
      return "d" + std::string(bits, sizeof bits);
    }
    case Value::Type::kBigInt:
      return "z" + v.as_bigint().to_string();
    case Value::Type::kString:
      return "s" + v.as_string();
    default:
      return std::nullopt;
  }
}

// Map.prototype.set and Set.prototype.add store −0 as +0.
Value normalize_zero(Value v) {
  if (v.type() == Value::Type::kNumber && v.as_number() == 0) return Value(0.0);
  return v;
}

[[noreturn]] void throw_invalid_flags(std::string_view flags) {
  throw Error(ErrorCode::kInvalidArgument,
              "Invalid flags supplied to RegExp constructor '" + std::string(flags) + "'");
}

// Distinct letters of "dgimsuvy", not both u and v (06 §4.5).
uint32_t parse_regexp_flags(std::string_view flags) {
  uint32_t bits = 0;
  for (char c : flags) {
    auto it = std::find_if(kRegExpFlags.begin(), kRegExpFlags.end(),
                           [c](const FlagInfo& f) { return f.letter == c; });
    if (it == kRegExpFlags.end() || (bits & it->bit)) throw_invalid_flags(flags);
    bits |= it->bit;
  }
  if ((bits & kFlagUnicode) && (bits & kFlagUnicodeSets)) throw_invalid_flags(flags);
  return bits;
}

class ValueReader {
 public:
  Value read(const JsonValue& node, bool top_level) {
    const std::string* type_ptr = node_type(node);
    if (type_ptr == nullptr) throw_unexpected_value_type("undefined");
    const std::string& type = *type_ptr;
    if (type == "string") return Value(string_from_node(node, type));
    if (type == "number") return Value(number_from_node(node, type));
    if (type == "bigint") return Value(bigint_from_node(node, type));
    if (type == "boolean") return Value(boolean_from_node(node, type));
    if (type == "null") return read_null(node);
    if (type == "undefined") return Value();  // any "value" is ignored (06 §4.4)
    if (type == "object") return read_object(node);
    if (type == "Array") return read_array(node);
    if (type == "Map") return read_map(node);
    if (type == "Set") return read_set(node);
    if (type == "Date") return read_date(node);
    if (type == "RegExp") return read_regexp(node);
    if (type == "ArrayBuffer") return make_heap_value(ArrayBuffer{bytes_from_node(node, type), {}});
    if (type == "KvU64") return read_u64(node, top_level);
    if (type == "HostObject") return read_host_object(node);
    for (size_t i = 0; i < kErrorNames.size(); ++i) {
      if (type == kErrorNames[i]) return read_error(node, static_cast<ErrorPrototype>(i));
    }
    for (size_t i = 0; i < kViews.size(); ++i) {
      // Float16Array is no tag of the package: it falls through to the
      // unknown-type error (06 §4.6).
      if (type == kViews[i].name && static_cast<ViewType>(i) != ViewType::kFloat16Array) {
        return read_view(node, static_cast<ViewType>(i), top_level);
      }
    }
    throw_unexpected_value_type(type);
  }

 private:
  Value read_null(const JsonValue& node) {
    if (!node_value(node, "null", "null").is_null()) throw_invalid_node("null", "null");
    return Value::null();
  }

  Value read_object(const JsonValue& node) {
    constexpr std::string_view kExpected = "an object of value nodes";
    const JsonValue& value = node_value(node, "object", kExpected);
    if (value.kind() != JsonValue::Kind::kObject) throw_invalid_node("object", kExpected);
    // Properties are created in order of first occurrence and a repeated
    // name keeps its last value, as JSON.parse builds them (06 §4.2).
    Properties properties;
    std::unordered_map<std::string_view, size_t> position;
    for (const JsonMember& member : value.as_object()) {
      auto [it, inserted] = position.try_emplace(member.name, properties.size());
      if (inserted) {
        properties.emplace_back(member.name, read(member.value, false));
      } else {
        properties[it->second].second = read(member.value, false);
      }
    }
    sort_into_property_order(properties);
    return Value::make_object(std::move(properties));
  }

  Value read_array(const JsonValue& node) {
    constexpr std::string_view kExpected = "an array of value nodes and nulls";
    const JsonValue& value = node_value(node, "Array", kExpected);
    if (value.kind() != JsonValue::Kind::kArray) throw_invalid_node("Array", kExpected);
    Array array;
    for (const JsonValue& element : value.as_array()) {
      // A bare null is a hole (06 §4.6 D1).
      if (element.is_null()) {
        array.elements.push_back(std::nullopt);
      } else {
        array.elements.push_back(read(element, false));
      }
    }
    return make_heap_value(std::move(array));
  }

  Value read_map(const JsonValue& node) {
    constexpr std::string_view kExpected = "an array of [key, value] arrays";
    const JsonValue& value = node_value(node, "Map", kExpected);
    if (value.kind() != JsonValue::Kind::kArray) throw_invalid_node("Map", kExpected);
    Map map;
    std::unordered_map<std::string, size_t> position;
    for (const JsonValue& entry : value.as_array()) {
      if (entry.kind() != JsonValue::Kind::kArray) throw_invalid_node("Map", kExpected);
      const JsonValue::Array& pair = entry.as_array();
      // A missing element is a missing node; extra elements are ignored.
      if (pair.size() < 2) throw_unexpected_value_type("undefined");
      Value key = normalize_zero(read(pair[0], false));
      Value item = read(pair[1], false);
      std::optional<std::string> cls = same_value_zero_class(key);
      if (cls) {
        auto [it, inserted] = position.try_emplace(*cls, map.entries.size());
        if (!inserted) {
          map.entries[it->second].second = std::move(item);
          continue;
        }
      }
      map.entries.emplace_back(std::move(key), std::move(item));
    }
    return make_heap_value(std::move(map));
  }

  Value read_set(const JsonValue& node) {
    constexpr std::string_view kExpected = "an array of value nodes";
    const JsonValue& value = node_value(node, "Set", kExpected);
    if (value.kind() != JsonValue::Kind::kArray) throw_invalid_node("Set", kExpected);
    Set set;
    std::unordered_map<std::string, bool> seen;
    for (const JsonValue& element : value.as_array()) {
      Value v = normalize_zero(read(element, false));
      std::optional<std::string> cls = same_value_zero_class(v);
      if (cls && !seen.emplace(*cls, true).second) continue;
      set.values.push_back(std::move(v));
    }
    return make_heap_value(std::move(set));
  }

  Value read_date(const JsonValue& node) {
    constexpr std::string_view kExpected = "an ISO date-time string or null";
    const JsonValue& value = node_value(node, "Date", kExpected);
    // null is an invalid date (06 §4.6 D2).
    if (value.is_null()) return make_heap_value(Date{std::nan("")});
    if (value.kind() != JsonValue::Kind::kString) throw_invalid_node("Date", kExpected);
    std::optional<double> ms = parse_date_string(value.as_string());
    if (!ms) throw_invalid_node("Date", kExpected);
    return make_heap_value(Date{*ms});
  }

  Value read_regexp(const JsonValue& node) {
    std::string text = string_from_node(node, "RegExp");
    // "/pattern/flags": the pattern lies between the first and the last
    // slash, text before the first one is ignored (06 §4.5).
    size_t first = text.find('/');
    size_t last = text.rfind('/');
    std::string_view flags = first == std::string::npos ? std::string_view(text)
                                                        : std::string_view(text).substr(last + 1);
    RegExp regexp;
    regexp.flags = parse_regexp_flags(flags);
    if (first != std::string::npos && last > first)
      regexp.source = text.substr(first + 1, last - first - 1);
    if (regexp.source.empty()) regexp.source = "(?:)";  // what V8 stores for an empty pattern
    return make_heap_value(std::move(regexp));
  }

  Value read_view(const JsonValue& node, ViewType view_type, bool top_level) {
    const ViewInfo& info = kViews[static_cast<size_t>(view_type)];
    std::vector<uint8_t> bytes = bytes_from_node(node, info.name);
    if (bytes.size() % info.element_size != 0) {
      throw Error(ErrorCode::kInvalidArgument, "byte length of " + std::string(info.name) +
                                                   " should be a multiple of " +
                                                   std::to_string(info.element_size));
    }
    // A top-level Uint8Array is stored as raw bytes (VE_BYTES, 06 §4.1).
    if (top_level && view_type == ViewType::kUint8Array) return Value::bytes(std::move(bytes));
    uint64_t length = bytes.size();
    auto buffer = std::make_shared<HeapObject>(HeapObject{ArrayBuffer{std::move(bytes), {}}});
    return make_heap_value(ArrayBufferView{view_type, std::move(buffer), 0, length, 0});
  }

  Value read_error(const JsonValue& node, ErrorPrototype prototype) {
    std::string_view type = kErrorNames[static_cast<size_t>(prototype)];
    constexpr std::string_view kExpected = "an object with \"message\", \"cause\" and \"stack\"";
    const JsonValue& value = node_value(node, type, kExpected);
    if (value.kind() != JsonValue::Kind::kObject) throw_invalid_node(type, kExpected);
    ErrorObject error;
    error.prototype = prototype;
    if (const JsonValue* message = value.find("message")) error.message = js_to_string(*message);
    if (const JsonValue* cause = value.find("cause")) error.cause = read(*cause, false);
    // Without a stack the error is stored without one (06 §4.6 D3).
    const JsonValue* stack = value.find("stack");
    if (stack && stack->kind() == JsonValue::Kind::kString && !stack->as_string().empty()) {
      error.stack = stack->as_string();
    }
    return make_heap_value(std::move(error));
  }

  Value read_host_object(const JsonValue& node) {
    constexpr std::string_view kExpected = "an object node";
    const JsonValue& value = node_value(node, "HostObject", kExpected);
    const std::string* type = node_type(value);
    if (type == nullptr || *type != "object") throw_invalid_node("HostObject", kExpected);
    return make_heap_value(HostObject{read_object(value)});
  }

  Value read_u64(const JsonValue& node, bool top_level) {
    BigInt n = bigint_from_node(node, "KvU64");
    // Deno.KvU64's constructor texts (01 §3.3).
    if (n.is_negative()) {
      throw Error(ErrorCode::kInvalidArgument,
                  "Value must be a positive bigint: received " + n.to_string());
    }
    std::optional<uint64_t> u = n.to_uint64();
    if (!u) throw Error(ErrorCode::kInvalidArgument, "Value must fit in a 64-bit unsigned integer");
    if (top_level) return Value(KvU64{*u});
    // What Deno stores for a nested KvU64 (06 §4.1).
    return Value::make_object({{"value", Value(std::move(n))}});
  }
};

}  // namespace

void write_value_json(std::string& out, const Value& value) { ValueWriter(out).write(value); }

Value value_from_json_value(const JsonValue& node) { return ValueReader().read(node, true); }

}  // namespace openkv::codec

namespace openkv {

std::string value_to_json(const Value& value) {
  std::string out;
  codec::write_value_json(out, value);
  return out;
}

Value value_from_json(std::string_view text) {
  return codec::value_from_json_value(codec::parse_json(text));
}

}  // namespace openkv
