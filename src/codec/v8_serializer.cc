// Copyright (c) OpenKV authors.
#include "codec/v8_serializer.h"

#include <cmath>
#include <string>
#include <unordered_map>

#include "codec/property_key.h"
#include "codec/v8_format.h"
#include "codec/wtf8.h"
#include "openkv/errors.h"

namespace openkv::codec {
namespace {

[[noreturn]] void invalid(const std::string& detail) {
  throw Error(ErrorCode::kInvalidArgument, "cannot serialize value: " + detail);
}

size_t varint_size(uint64_t v) {
  size_t n = 1;
  while (v >= 0x80) v >>= 7, ++n;
  return n;
}

class Serializer {
 public:
  std::vector<uint8_t> run(const Value& value) {
    append_v8_header(out_);
    write_value(value);
    return std::move(out_);
  }

 private:
  V8DepthGuard nest() {
    return V8DepthGuard(depth_, ErrorCode::kInvalidArgument,
                        "cannot serialize value: objects nested deeper than 256");
  }

  void tag(V8Tag t) { out_.push_back(static_cast<uint8_t>(t)); }
  void varint(uint64_t v) { append_v8_varint(out_, v); }

  void write_int32(int32_t n) {
    tag(V8Tag::kInt32);
    varint((static_cast<uint32_t>(n) << 1) ^ static_cast<uint32_t>(n >> 31));  // zigzag
  }

  // `I` only for integers that are small in every V8 build (spec 01 §4.4).
  void write_number(double d) {
    if (d >= -1073741824.0 && d <= 1073741823.0 && d == std::trunc(d) &&
        !(d == 0 && std::signbit(d))) {
      write_int32(static_cast<int32_t>(d));
    } else {
      tag(V8Tag::kDouble);
      append_v8_double(out_, d);
    }
  }

  // V8's digit layout: whole 64-bit digits, least significant byte first.
  void write_bigint_payload(const BigInt& b) {
    const std::vector<uint8_t>& be = b.magnitude();
    const size_t length = (be.size() + 7) / 8 * 8;
    varint((length << 1) | (b.is_negative() ? 1 : 0));
    for (size_t i = 0; i < length; ++i) out_.push_back(i < be.size() ? be[be.size() - 1 - i] : 0);
  }

  void write_string(std::string_view wtf8) {
    std::u16string units = wtf8_to_utf16(wtf8);
    bool one_byte = true;
    for (char16_t u : units) one_byte = one_byte && u <= 0xFF;
    if (one_byte) {
      tag(V8Tag::kOneByteString);
      varint(units.size());
      for (char16_t u : units) out_.push_back(static_cast<uint8_t>(u));
      return;
    }
    // V8 aligns UTF-16 data to an even offset from the start of the value.
    const uint64_t byte_length = units.size() * 2;
    if ((out_.size() + 1 + varint_size(byte_length)) % 2 == 1) tag(V8Tag::kPadding);
    tag(V8Tag::kTwoByteString);
    varint(byte_length);
    for (char16_t u : units) {
      out_.push_back(static_cast<uint8_t>(u));
      out_.push_back(static_cast<uint8_t>(u >> 8));
    }
  }

  // Array positions travel as numbers, as V8 enumerates them.
  void write_index_key(uint32_t index) {
    if (index <= 0x7FFFFFFF) {
      write_int32(static_cast<int32_t>(index));
    } else {
      tag(V8Tag::kDouble);
      append_v8_double(out_, index);
    }
  }

  uint32_t write_properties(const Properties& properties) {
    for (const auto& [key, value] : properties) {
      if (std::optional<uint32_t> index = array_index_of(key)) {
        write_index_key(*index);
      } else {
        write_string(key);
      }
      write_value(value);
    }
    return static_cast<uint32_t>(properties.size());
  }

  void write_value(const Value& v) {
    switch (v.type()) {
      case Value::Type::kUndefined:
        return tag(V8Tag::kUndefined);
      case Value::Type::kNull:
        return tag(V8Tag::kNull);
      case Value::Type::kBool:
        return tag(v.as_bool() ? V8Tag::kTrue : V8Tag::kFalse);
      case Value::Type::kNumber:
        return write_number(v.as_number());
      case Value::Type::kBigInt:
        tag(V8Tag::kBigInt);
        return write_bigint_payload(v.as_bigint());
      case Value::Type::kString:
        return write_string(v.as_string());
      case Value::Type::kObject:
        return write_object(v.object());
      case Value::Type::kBytes:
        return write_nested_bytes(v.as_bytes());
      case Value::Type::kU64:
        return write_nested_u64(v.as_u64());
    }
  }

  // Nested bytes are a fresh Uint8Array on a fresh buffer: two objects.
  void write_nested_bytes(const std::vector<uint8_t>& bytes) {
    V8DepthGuard guard = nest();
    next_id_ += 2;
    write_array_buffer(bytes);
    write_view_record(ViewType::kUint8Array, 0, bytes.size());
  }

  // A nested KvU64 is the plain object {value: <bigint>}.
  void write_nested_u64(KvU64 u) {
    V8DepthGuard guard = nest();
    ++next_id_;
    tag(V8Tag::kBeginJSObject);
    write_string("value");
    tag(V8Tag::kBigInt);
    write_bigint_payload(BigInt::from_uint64(u.value));
    tag(V8Tag::kEndJSObject);
    varint(1);
  }

  void write_object(const std::shared_ptr<HeapObject>& object) {
    if (auto it = ids_.find(object.get()); it != ids_.end()) {
      tag(V8Tag::kObjectReference);
      varint(it->second);
      return;
    }
    if (const auto* view = std::get_if<ArrayBufferView>(&object->data)) {
      return write_view(object.get(), *view);
    }
    V8DepthGuard guard = nest();
    ids_.emplace(object.get(), next_id_++);
    std::visit([this](const auto& contents) { write_contents(contents); }, object->data);
  }

  // A view is preceded by its buffer, which therefore gets the lower id.
  void write_view(const HeapObject* object, const ArrayBufferView& view) {
    const ArrayBuffer* buffer =
        view.buffer ? std::get_if<ArrayBuffer>(&view.buffer->data) : nullptr;
    if (buffer == nullptr) invalid("typed array without an ArrayBuffer");
    const uint64_t element_size = v8_view_info(view.view_type).element_size;
    if (view.byte_offset > buffer->data.size() ||
        view.byte_length > buffer->data.size() - view.byte_offset ||
        view.byte_offset % element_size != 0 || view.byte_length % element_size != 0) {
      invalid("typed array range does not fit its buffer");
    }
    write_object(view.buffer);
    ids_.emplace(object, next_id_++);
    write_view_record(view.view_type, view.byte_offset, view.byte_length);
  }

  void write_array_buffer(const std::vector<uint8_t>& data) {
    tag(V8Tag::kArrayBuffer);
    varint(data.size());
    out_.insert(out_.end(), data.begin(), data.end());
  }

  void write_view_record(ViewType type, uint64_t byte_offset, uint64_t byte_length) {
    tag(V8Tag::kArrayBufferView);
    varint(v8_view_info(type).subtag);
    varint(byte_offset);
    varint(byte_length);
    varint(0);  // flags: OpenKV writes fixed-length views only
  }

  // Written back as read (docs/value-format.md): marker, then the contents.
  void write_contents(const HostObject& h) {
    if (h.contents.type() != Value::Type::kObject ||
        h.contents.object_kind() != ObjectKind::kObject) {
      invalid("a host object's contents must be a plain object");
    }
    tag(V8Tag::kHostObject);
    varint(kV8BrandHostObject);
    write_value(h.contents);
  }

  void write_contents(const PlainObject& o) {
    tag(V8Tag::kBeginJSObject);
    uint32_t count = write_properties(o.properties);
    tag(V8Tag::kEndJSObject);
    varint(count);
  }

  // Arrays with holes are written sparse (V8 does so for holey arrays).
  void write_contents(const Array& a) {
    const uint64_t length = a.elements.size();
    if (!a.elements.has_holes()) {
      tag(V8Tag::kBeginDenseJSArray);
      varint(length);
      for (const auto& [index, element] : a.elements.present()) write_value(element);
      uint32_t count = write_properties(a.properties);
      tag(V8Tag::kEndDenseJSArray);
      varint(count);
      varint(length);
      return;
    }
    tag(V8Tag::kBeginSparseJSArray);
    varint(length);
    uint32_t count = 0;
    for (const auto& [index, element] : a.elements.present()) {
      write_index_key(index);
      write_value(element);
      ++count;
    }
    count += write_properties(a.properties);
    tag(V8Tag::kEndSparseJSArray);
    varint(count);
    varint(length);
  }

  void write_contents(const Date& d) {
    tag(V8Tag::kDate);
    append_v8_double(out_, d.ms_since_epoch);
  }

  void write_contents(const RegExp& r) {
    tag(V8Tag::kRegExp);
    write_string(r.source);
    varint(r.flags);
  }

  void write_contents(const Map& m) {
    tag(V8Tag::kBeginJSMap);
    for (const auto& [key, value] : m.entries) {
      write_value(key);
      write_value(value);
    }
    tag(V8Tag::kEndJSMap);
    varint(2 * uint64_t{m.entries.size()});
  }

  void write_contents(const Set& s) {
    tag(V8Tag::kBeginJSSet);
    for (const Value& v : s.values) write_value(v);
    tag(V8Tag::kEndJSSet);
    varint(s.values.size());
  }

  // A resizable buffer is written as a fixed-length one: OpenKV never emits
  // the ResizableArrayBuffer tag (spec 01 §4.3).
  void write_contents(const ArrayBuffer& b) { write_array_buffer(b.data); }

  void write_contents(const ArrayBufferView&) {}  // handled by write_view

  void write_contents(const ErrorObject& e) {
    tag(V8Tag::kError);
    if (uint8_t proto = kV8ErrorPrototypeTags[static_cast<size_t>(e.prototype)]) varint(proto);
    if (e.message) {
      varint(static_cast<uint8_t>(V8ErrorTag::kMessage));
      write_string(*e.message);
    }
    if (e.stack) {
      varint(static_cast<uint8_t>(V8ErrorTag::kStack));
      write_string(*e.stack);
    }
    if (e.cause) {
      varint(static_cast<uint8_t>(V8ErrorTag::kCause));
      write_value(*e.cause);
    }
    varint(static_cast<uint8_t>(V8ErrorTag::kEnd));
  }

  void write_contents(const BoxedPrimitive& b) {
    const Value& p = b.primitive;
    switch (p.type()) {
      case Value::Type::kBool:
        return tag(p.as_bool() ? V8Tag::kTrueObject : V8Tag::kFalseObject);
      case Value::Type::kNumber:
        tag(V8Tag::kNumberObject);
        return append_v8_double(out_, p.as_number());
      case Value::Type::kBigInt:
        tag(V8Tag::kBigIntObject);
        return write_bigint_payload(p.as_bigint());
      case Value::Type::kString:
        tag(V8Tag::kStringObject);
        return write_string(p.as_string());
      default:
        invalid("a boxed primitive must hold a boolean, number, bigint or string");
    }
  }

  std::vector<uint8_t> out_;
  std::unordered_map<const HeapObject*, uint32_t> ids_;
  uint32_t next_id_ = 0;
  int depth_ = 0;
};

}  // namespace

std::vector<uint8_t> serialize_v8(const Value& value) {
  if (value.type() == Value::Type::kBytes || value.type() == Value::Type::kU64) {
    throw Error(ErrorCode::kInvalidArgument,
                "a top-level Uint8Array or KvU64 is not a V8 value: it has a storage "
                "encoding of its own");
  }
  return Serializer().run(value);
}

}  // namespace openkv::codec
