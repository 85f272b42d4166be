// Copyright (c) OpenKV authors.
//
// Value is a JavaScript structured-clone value: what Deno stores with
// kv.set(key, value). Primitives (undefined, null, boolean, number, bigint,
// string) are held by value; object-like values (Object, Array, Date, RegExp,
// Map, Set, ArrayBuffer, typed arrays / DataView, Error, boxed primitives,
// host objects such as Deno's Blob) are
// held by reference, as in JS: copying a Value that holds an object copies the
// reference, and two Values may share one object.
//
// Cycles. A reference that points back to an object that contains it (o.self
// = o) must not own its target, or the cycle would never be freed. Such a
// reference is *weak*: make it with Value::weak_ref(target). It resolves while
// the value that owns the target is alive. The V8 decoder creates weak
// references exactly for references to an object still being decoded (an
// ancestor); references to an already finished object are ordinary shared
// references.
//
// Strings are WTF-8 (UTF-8 that also allows lone surrogates, encoded as their
// three-byte sequences), so every JS string, including ones with unpaired
// surrogates, survives a read-modify-write round trip.
//
// Two top-level types are not structured-clone values but storage encodings
// of their own (see core/value_encoding.h): a top-level Uint8Array is stored as
// raw bytes (VE_BYTES) and a top-level KvU64 as 8 little-endian bytes
// (VE_LE64). Value::bytes() and Value(KvU64) produce them.
//
// Thread-safety: a Value may be read from several threads at once; mutating
// an object shared between threads needs external synchronisation.
#ifndef OPENKV_VALUE_H_
#define OPENKV_VALUE_H_

#include <concepts>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "openkv/bigint.h"

namespace openkv {

// Deno.KvU64: an unsigned 64-bit integer stored as 8 little-endian bytes.
struct KvU64 {
  uint64_t value = 0;
  friend bool operator==(const KvU64&, const KvU64&) = default;
};

class Value;
struct HeapObject;
struct PlainObject;
struct Array;

enum class ObjectKind {
  kObject,           // plain {…}
  kArray,            // […], possibly with holes and extra named properties
  kDate,             // new Date(ms)
  kRegExp,           // /source/flags
  kMap,              // new Map([...])
  kSet,              // new Set([...])
  kArrayBuffer,      // ArrayBuffer (also the backing store of every view)
  kArrayBufferView,  // Uint8Array, Int32Array, …, DataView
  kError,            // Error, TypeError, … with message / stack / cause
  kBoxed,            // new Number(1), new String("s"), new Boolean(true), Object(1n)
  kHostObject,       // a runtime's own object, e.g. Deno's Blob and File (HostObject)
};

class Value {
 public:
  enum class Type {
    kUndefined,
    kNull,
    kBool,
    kNumber,
    kBigInt,
    kString,
    kObject,  // see object_kind()
    kBytes,   // top level only: stored as raw bytes (VE_BYTES)
    kU64,     // top level only: KvU64 (VE_LE64)
  };

  Value() = default;                                 // undefined
  Value(std::nullptr_t) : v_(Null{}) {}              // NOLINT
  Value(bool b) : v_(b) {}                           // NOLINT
  // Every C++ number is a JS number (a double, so integers beyond 2^53 round
  // as they do in JS); use BigInt for exact large integers.
  template <typename N>
    requires(std::is_arithmetic_v<N> && !std::same_as<N, bool>)
  Value(N n) : v_(static_cast<double>(n)) {}  // NOLINT
  Value(BigInt b) : v_(std::move(b)) {}              // NOLINT
  Value(std::string s) : v_(std::move(s)) {}         // NOLINT
  Value(std::string_view s) : v_(std::string(s)) {}  // NOLINT
  Value(const char* s) : v_(std::string(s)) {}       // NOLINT
  Value(KvU64 u) : v_(u) {}                          // NOLINT
  static Value undefined() { return Value(); }
  static Value null() { return Value(nullptr); }
  static Value bytes(std::vector<uint8_t> b);
  // Wraps an object. The returned Value owns (shares) it.
  static Value object(std::shared_ptr<HeapObject> obj);
  // A non-owning reference for cycles; see the class comment.
  static Value weak_ref(const Value& target);

  // Convenience builders for the common object kinds.
  static Value make_object(std::vector<std::pair<std::string, Value>> props = {});
  static Value make_array(std::vector<Value> elements = {});
  static Value make_date(double ms_since_epoch);
  static Value make_map(std::vector<std::pair<Value, Value>> entries = {});
  static Value make_set(std::vector<Value> values = {});
  static Value make_uint8_array(std::vector<uint8_t> bytes);  // nested typed array

  Type type() const;
  // The JS-facing name of what the value holds, for messages: "undefined",
  // "a number", "an Array", "a Map", "bytes", "a KvU64", …
  std::string describe() const;
  bool is_undefined() const { return type() == Type::kUndefined; }
  bool is_null() const { return type() == Type::kNull; }

  // Typed readers. Each throws Error(kTypeMismatch, e.g. "expected a string,
  // found a number") when the value holds another type; a reference into the
  // value lives as long as the value (for objects: as long as any Value that
  // shares the object).
  bool as_bool() const;
  double as_number() const;
  const BigInt& as_bigint() const;
  const std::string& as_string() const;
  const std::vector<uint8_t>& as_bytes() const;  // Type::kBytes
  KvU64 as_u64() const;
  // ObjectKind::kObject and ObjectKind::kArray. The mutable overloads change
  // the object every sharing Value sees.
  const PlainObject& as_object() const;
  PlainObject& as_object();
  const Array& as_array() const;
  Array& as_array();

  // A pointer to what the value holds if it is a T, else nullptr (never
  // throws, except Error(kCorruption) for a dangling weak reference). T is one
  // of bool, double, BigInt, std::string, KvU64, or an object kind's struct
  // (PlainObject, Array, Date, RegExp, Map, Set, ArrayBuffer, ArrayBufferView,
  // ErrorObject, BoxedPrimitive).
  template <typename T>
  const T* get_if() const;
  template <typename T>
  T* get_if() {
    return const_cast<T*>(std::as_const(*this).get_if<T>());
  }

  // Property access as in JS `value[name]`: a plain object's property, or an
  // array's element by its canonical index ("0", "1", …) or named property;
  // undefined when there is none (a hole included). Throws
  // Error(kTypeMismatch) unless the value is a plain object or an array.
  Value operator[](std::string_view name) const;
  // `array[index]`: the element, or undefined for a hole or past the end.
  // Throws Error(kTypeMismatch) unless the value is an array.
  Value operator[](size_t index) const;

  // For Type::kObject. Throws Error(kCorruption) when a weak reference no
  // longer resolves.
  ObjectKind object_kind() const;
  std::shared_ptr<HeapObject> object() const;
  bool is_weak_ref() const;

  // Deep structural equality (identity of shared/cyclic structure is compared
  // by shape: two values are equal when their graphs are isomorphic). Numbers
  // compare like Object.is (NaN equals NaN, -0 differs from +0).
  friend bool operator==(const Value& a, const Value& b);

 private:
  struct Null {};
  struct Bytes {
    std::vector<uint8_t> data;
  };
  struct Ref {
    std::shared_ptr<HeapObject> strong;
    std::weak_ptr<HeapObject> weak;  // set instead of strong for a weak ref
  };
  std::variant<std::monostate, Null, bool, double, BigInt, std::string, Ref, Bytes, KvU64> v_;
};

// ---- Object kinds --------------------------------------------------------

// A property key as JS sees it: always a string; array positions are their
// canonical decimal form ("0", "1", …).
using Properties = std::vector<std::pair<std::string, Value>>;

struct PlainObject {
  Properties properties;  // in insertion order
};

// The positions of an Array, each holding a Value or a hole. Only present
// elements take memory: a sparse array such as `a = []; a[2 ** 24] = 1`, a
// dozen bytes when stored, costs one element here, not its length.
class ArrayElements {
 public:
  using Entry = std::pair<uint32_t, Value>;  // index, element

  ArrayElements() = default;
  // Position i holds elements[i]; nullopt is a hole.
  ArrayElements(std::vector<std::optional<Value>> elements);  // NOLINT: implicit
  ArrayElements(std::initializer_list<std::optional<Value>> elements);
  // `length` positions holding `present` (in any order; when an index
  // repeats, the last one wins) and holes elsewhere.
  // Throws Error(kInvalidArgument) if an index is >= length.
  static ArrayElements sparse(uint32_t length, std::vector<Entry> present);

  // The array's length (holes included).
  uint32_t size() const { return length_; }
  bool has_holes() const { return present_.size() != length_; }
  // The element at `index`; nullptr for a hole or an index >= size(). The
  // pointer is valid until this object is modified.
  const Value* operator[](size_t index) const;
  const Value* back() const { return length_ == 0 ? nullptr : (*this)[length_ - 1]; }
  // The present elements in ascending index order.
  const std::vector<Entry>& present() const { return present_; }

  // Appends one position holding `element` (nullopt: a hole).
  // Throws Error(kInvalidArgument) when the array already has 2^32-1 positions.
  void push_back(std::optional<Value> element);

 private:
  uint32_t length_ = 0;
  std::vector<Entry> present_;  // ascending, unique indices < length_
};

struct Array {
  ArrayElements elements;
  Properties properties;  // non-index properties ("foo" in arr.foo = 1)
};

struct Date {
  double ms_since_epoch = 0;  // may be NaN (Invalid Date)
};

struct RegExp {
  std::string source;
  uint32_t flags = 0;  // bit set: g 1, i 2, m 4, y 8, u 16, s 32, l 64, d 128, v 256
};

struct Map {
  std::vector<std::pair<Value, Value>> entries;  // insertion order
};

struct Set {
  std::vector<Value> values;  // insertion order
};

struct ArrayBuffer {
  std::vector<uint8_t> data;
  std::optional<uint64_t> max_byte_length;  // set for a resizable buffer
};

enum class ViewType {
  kInt8Array,
  kUint8Array,
  kUint8ClampedArray,
  kInt16Array,
  kUint16Array,
  kInt32Array,
  kUint32Array,
  kFloat16Array,
  kFloat32Array,
  kFloat64Array,
  kBigInt64Array,
  kBigUint64Array,
  kDataView,
};

struct ArrayBufferView {
  ViewType view_type = ViewType::kUint8Array;
  std::shared_ptr<HeapObject> buffer;  // always an ArrayBuffer
  uint64_t byte_offset = 0;
  uint64_t byte_length = 0;
  uint32_t flags = 0;  // bit 0 length-tracking, bit 1 backed by resizable buffer
};

enum class ErrorPrototype {
  kError,
  kEvalError,
  kRangeError,
  kReferenceError,
  kSyntaxError,
  kTypeError,
  kUriError,
};

struct ErrorObject {
  ErrorPrototype prototype = ErrorPrototype::kError;
  std::optional<std::string> message;
  std::optional<std::string> stack;
  std::optional<Value> cause;
};

// new Boolean(b), new Number(n), Object(1n), new String(s): the primitive
// inside (bool, number, bigint or string).
struct BoxedPrimitive {
  Value primitive;
};

// A platform object that its runtime serialises itself rather than as plain
// JavaScript data. Deno 2.8 and later store Blob and File this way: `contents`
// is the plain object Deno wrote, {type: "Blob" | "File", mimeType, parts:
// [{uuid, size}], size} (File adds name and lastModified). The parts name
// blob data held by the process that wrote the value, not the bytes, so
// OpenKV keeps the object exactly as stored and writes it back unchanged.
struct HostObject {
  Value contents;  // always a plain object
};

struct HeapObject {
  std::variant<PlainObject, Array, Date, RegExp, Map, Set, ArrayBuffer, ArrayBufferView,
               ErrorObject, BoxedPrimitive, HostObject>
      data;
  ObjectKind kind() const { return static_cast<ObjectKind>(data.index()); }
};

template <typename T>
const T* Value::get_if() const {
  if constexpr (std::is_same_v<T, bool> || std::is_same_v<T, double> ||
                std::is_same_v<T, BigInt> || std::is_same_v<T, std::string> ||
                std::is_same_v<T, KvU64>) {
    return std::get_if<T>(&v_);
  } else {
    if (!std::holds_alternative<Ref>(v_)) return nullptr;
    return std::get_if<T>(&object()->data);
  }
}

}  // namespace openkv

#endif  // OPENKV_VALUE_H_
