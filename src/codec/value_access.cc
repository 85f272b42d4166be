// Copyright (c) OpenKV authors.
//
// Value's typed readers and JS-style property access (include/openkv/value.h).
// Every failure is an openkv::Error, never std::bad_variant_access.
#include <charconv>
#include <string>

#include "openkv/errors.h"
#include "openkv/value.h"

namespace openkv {
namespace {

std::string_view kind_name(ObjectKind kind) {
  switch (kind) {
    case ObjectKind::kObject:
      return "an object";
    case ObjectKind::kArray:
      return "an Array";
    case ObjectKind::kDate:
      return "a Date";
    case ObjectKind::kRegExp:
      return "a RegExp";
    case ObjectKind::kMap:
      return "a Map";
    case ObjectKind::kSet:
      return "a Set";
    case ObjectKind::kArrayBuffer:
      return "an ArrayBuffer";
    case ObjectKind::kArrayBufferView:
      return "a typed array or DataView";
    case ObjectKind::kError:
      return "an Error";
    case ObjectKind::kBoxed:
      return "a boxed primitive";
    case ObjectKind::kHostObject:
      return "a host object";
  }
  return "an object";
}

template <typename T>
const T& expect(const Value& value, std::string_view expected) {
  if (const T* held = value.get_if<T>()) return *held;
  throw Error(ErrorCode::kTypeMismatch,
              "expected " + std::string(expected) + ", found " + value.describe());
}

// The array index `name` denotes in JS (canonical decimal, below 2^32 - 1).
std::optional<size_t> array_index(std::string_view name) {
  if (name.empty() || (name.size() > 1 && name[0] == '0')) return std::nullopt;
  uint64_t index = 0;
  auto [end, ec] = std::from_chars(name.data(), name.data() + name.size(), index);
  if (ec != std::errc() || end != name.data() + name.size() || index >= 0xFFFFFFFFu) {
    return std::nullopt;
  }
  return static_cast<size_t>(index);
}

Value property(const Properties& properties, std::string_view name) {
  for (const auto& [key, value] : properties) {
    if (key == name) return value;
  }
  return Value();
}

Value element(const Array& array, size_t index) {
  const Value* held = array.elements[index];  // nullptr for a hole or past the end
  return held ? *held : Value();
}

}  // namespace

std::string Value::describe() const {
  switch (type()) {
    case Type::kUndefined:
      return "undefined";
    case Type::kNull:
      return "null";
    case Type::kBool:
      return "a boolean";
    case Type::kNumber:
      return "a number";
    case Type::kBigInt:
      return "a bigint";
    case Type::kString:
      return "a string";
    case Type::kObject:
      return std::string(kind_name(object_kind()));
    case Type::kBytes:
      return "bytes";
    case Type::kU64:
      return "a KvU64";
  }
  return "a value";
}

bool Value::as_bool() const { return expect<bool>(*this, "a boolean"); }
double Value::as_number() const { return expect<double>(*this, "a number"); }
const BigInt& Value::as_bigint() const { return expect<BigInt>(*this, "a bigint"); }
const std::string& Value::as_string() const { return expect<std::string>(*this, "a string"); }
KvU64 Value::as_u64() const { return expect<KvU64>(*this, "a KvU64"); }

const std::vector<uint8_t>& Value::as_bytes() const {
  if (const Bytes* held = std::get_if<Bytes>(&v_)) return held->data;
  throw Error(ErrorCode::kTypeMismatch, "expected bytes, found " + describe());
}

const PlainObject& Value::as_object() const { return expect<PlainObject>(*this, "an object"); }
PlainObject& Value::as_object() { return const_cast<PlainObject&>(std::as_const(*this).as_object()); }
const Array& Value::as_array() const { return expect<Array>(*this, "an Array"); }
Array& Value::as_array() { return const_cast<Array&>(std::as_const(*this).as_array()); }

Value Value::operator[](std::string_view name) const {
  if (const PlainObject* object = get_if<PlainObject>()) return property(object->properties, name);
  if (const Array* array = get_if<Array>()) {
    if (auto index = array_index(name)) return element(*array, *index);
    return property(array->properties, name);
  }
  throw Error(ErrorCode::kTypeMismatch,
              "cannot read property '" + std::string(name) + "' of " + describe());
}

Value Value::operator[](size_t index) const { return element(as_array(), index); }

}  // namespace openkv
