// Copyright (c) OpenKV authors.
#include "codec/v8_deserializer.h"

#include <algorithm>
#include <array>
#include <bit>
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "codec/property_key.h"
#include "codec/v8_format.h"
#include "codec/wtf8.h"
#include "openkv/errors.h"

namespace openkv::codec {
namespace {

// Node's host-object type codes for typed arrays (spec 01 §4.10), by code.
constexpr std::array<ViewType, 13> kNodeHostViewTypes = {
    ViewType::kInt8Array,     ViewType::kUint8Array,     ViewType::kUint8ClampedArray,
    ViewType::kInt16Array,    ViewType::kUint16Array,    ViewType::kInt32Array,
    ViewType::kUint32Array,   ViewType::kFloat32Array,   ViewType::kFloat64Array,
    ViewType::kDataView,      ViewType::kUint8Array,  // 10: Buffer
    ViewType::kBigInt64Array, ViewType::kBigUint64Array,
};

constexpr uint32_t kAllRegExpFlags = 0x1FF;  // g i m y u s l d v
constexpr uint32_t kAllViewFlags = 0x3;      // length-tracking, resizable-backed

template <class T>
std::shared_ptr<HeapObject> new_object(T contents) {
  return std::make_shared<HeapObject>(HeapObject{std::move(contents)});
}

// Elements gathered while an array record is read: they become the array
// only once the record is complete and its counts and length are checked.
// Only present elements are held, so memory follows the input's size
// whatever length the record claims.
struct PendingElements {
  std::vector<ArrayElements::Entry> present;
  uint64_t length = 0;  // header length, then grown by indices beyond it
};

class Deserializer {
 public:
  explicit Deserializer(std::span<const uint8_t> in) : in_(in) {}

  Value run() {
    if (read_byte() != static_cast<uint8_t>(V8Tag::kVersion)) fail("missing version header");
    version_ = read_varint<uint32_t>();
    if (version_ < kV8MinReadVersion || version_ > kV8MaxReadVersion) {
      fail("unsupported format version " + std::to_string(version_));
    }
    return read_value();
  }

 private:
  [[noreturn]] void fail(const std::string& detail) const {
    throw Error(ErrorCode::kCorruption,
                "invalid v8 value: " + detail + " at offset " + std::to_string(pos_));
  }

  size_t remaining() const { return in_.size() - pos_; }

  uint8_t read_byte() {
    if (pos_ >= in_.size()) fail("unexpected end of data");
    return in_[pos_++];
  }

  // Unsigned LEB128 into T; values that do not fit T are rejected, and so
  // are encodings longer than the ten bytes a 64-bit value needs.
  template <class T>
  T read_varint() {
    uint64_t value = 0;
    for (int shift = 0;; shift += 7) {
      if (shift > 63) fail("varint too long");
      const uint8_t b = read_byte();
      const uint64_t bits = b & 0x7F;
      if ((bits << shift) >> shift != bits) fail("varint out of range");
      value |= bits << shift;
      if ((b & 0x80) == 0) break;
    }
    if (value > std::numeric_limits<T>::max()) fail("varint out of range");
    return static_cast<T>(value);
  }

  // Buffer and view lengths and offsets are 64-bit from version 16 on.
  uint64_t read_buffer_size() {
    return version_ >= 16 ? read_varint<uint64_t>() : read_varint<uint32_t>();
  }

  double read_double() {
    std::span<const uint8_t> b = read_bytes(8);
    uint64_t bits = 0;
    for (int i = 7; i >= 0; --i) bits = (bits << 8) | b[static_cast<size_t>(i)];
    return std::bit_cast<double>(bits);
  }

  std::span<const uint8_t> read_bytes(uint64_t n) {
    if (n > remaining()) fail("length " + std::to_string(n) + " exceeds the remaining data");
    std::span<const uint8_t> out = in_.subspan(pos_, static_cast<size_t>(n));
    pos_ += static_cast<size_t>(n);
    return out;
  }

  // Skips padding and object-count checks, which may precede any tag, and
  // returns the next tag without consuming it; nullopt at the end of data.
  std::optional<uint8_t> peek_tag() {
    while (pos_ < in_.size()) {
      uint8_t tag = in_[pos_];
      if (tag == static_cast<uint8_t>(V8Tag::kPadding)) {
        ++pos_;
      } else if (tag == static_cast<uint8_t>(V8Tag::kVerifyObjectCount)) {
        ++pos_;
        read_varint<uint32_t>();
      } else {
        return tag;
      }
    }
    return std::nullopt;
  }

  bool consume_tag_if(V8Tag expected) {
    std::optional<uint8_t> tag = peek_tag();
    if (tag != static_cast<uint8_t>(expected)) return false;
    ++pos_;
    return true;
  }

  uint8_t read_tag() {
    std::optional<uint8_t> tag = peek_tag();
    if (!tag) fail("unexpected end of data");
    ++pos_;
    return *tag;
  }

  V8DepthGuard nest() {
    return V8DepthGuard(depth_, ErrorCode::kCorruption,
                        "invalid v8 value: objects nested deeper than 256");
  }

  // Gives `object` the next id; it stays "open" (referenced weakly) until
  // close() because whatever refers to it now is inside it.
  uint32_t open(std::shared_ptr<HeapObject> object) {
    objects_.push_back({std::move(object), true});
    return static_cast<uint32_t>(objects_.size() - 1);
  }
  void close(uint32_t id) { objects_[id].open = false; }
  Value finish(uint32_t id) {
    close(id);
    return Value::object(objects_[id].object);
  }

  Value read_value() {
    const uint8_t tag = read_tag();
    switch (static_cast<V8Tag>(tag)) {
      case V8Tag::kUndefined:
        return Value();
      case V8Tag::kNull:
        return Value(nullptr);
      case V8Tag::kTrue:
        return Value(true);
      case V8Tag::kFalse:
        return Value(false);
      case V8Tag::kInt32:
        return Value(static_cast<double>(read_int32()));
      case V8Tag::kUint32:
        return Value(static_cast<double>(read_varint<uint32_t>()));
      case V8Tag::kDouble:
        return Value(read_double());
      case V8Tag::kBigInt:
        return Value(read_bigint_payload());
      case V8Tag::kOneByteString:
      case V8Tag::kTwoByteString:
      case V8Tag::kUtf8String:
        return Value(read_string_payload(tag));
      case V8Tag::kObjectReference:
        return read_reference();
      default:
        break;
    }
    V8DepthGuard guard = nest();
    switch (static_cast<V8Tag>(tag)) {
      case V8Tag::kBeginJSObject:
        return read_plain_object();
      case V8Tag::kBeginDenseJSArray:
        return read_dense_array();
      case V8Tag::kBeginSparseJSArray:
        return read_sparse_array();
      case V8Tag::kDate:
        return finish(open(new_object(Date{read_double()})));
      case V8Tag::kTrueObject:
        return finish(open(new_object(BoxedPrimitive{Value(true)})));
      case V8Tag::kFalseObject:
        return finish(open(new_object(BoxedPrimitive{Value(false)})));
      case V8Tag::kNumberObject:
        return finish(open(new_object(BoxedPrimitive{Value(read_double())})));
      case V8Tag::kBigIntObject:
        return finish(open(new_object(BoxedPrimitive{Value(read_bigint_payload())})));
      case V8Tag::kStringObject:
        return read_string_object();
      case V8Tag::kRegExp:
        return read_regexp();
      case V8Tag::kBeginJSMap:
        return read_map();
      case V8Tag::kBeginJSSet:
        return read_set();
      case V8Tag::kArrayBuffer:
      case V8Tag::kResizableArrayBuffer:
        return read_array_buffer(tag == static_cast<uint8_t>(V8Tag::kResizableArrayBuffer));
      case V8Tag::kError:
        return read_error();
      case V8Tag::kHostObject:
        return read_host_object();
      default:
        break;
    }
    --pos_;
    fail("unsupported tag 0x" + hex(tag));
  }

  static std::string hex(uint8_t b) {
    static constexpr char kDigits[] = "0123456789abcdef";
    return {kDigits[b >> 4], kDigits[b & 15]};
  }

  int32_t read_int32() {
    uint32_t zigzag = read_varint<uint32_t>();
    return static_cast<int32_t>((zigzag >> 1) ^ (~(zigzag & 1) + 1));
  }

  // Any byte length is accepted (denokv writes minimal ones); -0n is 0n.
  BigInt read_bigint_payload() {
    uint32_t bitfield = read_varint<uint32_t>();
    std::span<const uint8_t> little_endian = read_bytes(bitfield >> 1);
    std::vector<uint8_t> big_endian(little_endian.rbegin(), little_endian.rend());
    return BigInt::from_magnitude(bitfield & 1, std::move(big_endian));
  }

  std::string read_string_payload(uint8_t tag) {
    std::span<const uint8_t> data = read_bytes(read_varint<uint32_t>());
    switch (static_cast<V8Tag>(tag)) {
      case V8Tag::kOneByteString:
        return latin1_to_wtf8(data);
      case V8Tag::kUtf8String:
        return utf8_to_wtf8_lossy(data);
      default:
        break;
    }
    if (data.size() % 2 != 0) fail("two-byte string with an odd byte length");
    std::u16string units(data.size() / 2, u'\0');
    for (size_t i = 0; i < units.size(); ++i) {
      units[i] = static_cast<char16_t>(data[2 * i] | (data[2 * i + 1] << 8));
    }
    return utf16_to_wtf8(units);
  }

  // A string in a position that requires one (regexp source, boxed string,
  // error message): any string tag, possibly after padding.
  std::string read_string() {
    std::optional<uint8_t> tag = peek_tag();
    if (tag != static_cast<uint8_t>(V8Tag::kOneByteString) &&
        tag != static_cast<uint8_t>(V8Tag::kTwoByteString) &&
        tag != static_cast<uint8_t>(V8Tag::kUtf8String)) {
      fail("expected a string");
    }
    ++pos_;
    return read_string_payload(*tag);
  }

  // Property keys are strings or numbers; a number names its decimal form.
  std::string read_property_key() {
    std::optional<uint8_t> tag = peek_tag();
    if (tag == static_cast<uint8_t>(V8Tag::kInt32) || tag == static_cast<uint8_t>(V8Tag::kUint32) ||
        tag == static_cast<uint8_t>(V8Tag::kDouble)) {
      return number_to_property_key(read_value().as_number());
    }
    return read_string();
  }

  void expect_count(uint64_t expected, uint64_t actual, const char* what) {
    if (expected != actual) {
      fail(std::string(what) + " count " + std::to_string(expected) + " does not match " +
           std::to_string(actual));
    }
  }

  Value read_reference() {
    uint32_t id = read_varint<uint32_t>();
    if (id >= objects_.size()) fail("reference to unknown object id " + std::to_string(id));
    const Slot& slot = objects_[id];
    Value target = Value::object(slot.object);
    if (slot.open) return Value::weak_ref(target);
    if (std::holds_alternative<ArrayBuffer>(slot.object->data)) {
      return read_view_if_present(slot.object, std::move(target));
    }
    return target;
  }

  Value read_plain_object() {
    auto object = new_object(PlainObject{});
    uint32_t id = open(object);
    Properties& properties = std::get<PlainObject>(object->data).properties;
    while (!consume_tag_if(V8Tag::kEndJSObject)) {
      std::string key = read_property_key();
      properties.emplace_back(std::move(key), read_value());
    }
    expect_count(read_varint<uint32_t>(), properties.size(), "object property");
    return finish(id);
  }

  // Reads key/value pairs up to `end`: index keys go to `pending`, others to
  // `array.properties`. Returns the number of pairs.
  uint32_t read_array_properties(V8Tag end, Array& array, PendingElements& pending) {
    uint32_t count = 0;
    while (!consume_tag_if(end)) {
      std::string key = read_property_key();
      Value value = read_value();
      if (std::optional<uint32_t> index = array_index_of(key)) {
        pending.length = std::max<uint64_t>(pending.length, uint64_t{*index} + 1);
        pending.present.emplace_back(*index, std::move(value));
      } else {
        array.properties.emplace_back(std::move(key), std::move(value));
      }
      ++count;
    }
    return count;
  }

  void check_array_length(uint64_t length) {
    if (length > kV8MaxArrayLength) {
      fail("array length " + std::to_string(length) + " exceeds the limit of " +
           std::to_string(kV8MaxArrayLength));
    }
  }

  void place_elements(Array& array, PendingElements& pending) {
    check_array_length(pending.length);
    array.elements =
        ArrayElements::sparse(static_cast<uint32_t>(pending.length), std::move(pending.present));
  }

  Value read_dense_array() {
    auto object = new_object(Array{});
    uint32_t id = open(object);
    Array& array = std::get<Array>(object->data);
    const uint32_t length = read_varint<uint32_t>();
    // Every element takes at least one byte, which bounds the allocation.
    if (length > remaining()) fail("dense array length exceeds the remaining data");
    check_array_length(length);
    PendingElements pending{{}, length};
    for (uint32_t i = 0; i < length; ++i) {
      if (consume_tag_if(V8Tag::kTheHole)) continue;
      pending.present.emplace_back(i, read_value());
    }
    uint32_t count = read_array_properties(V8Tag::kEndDenseJSArray, array, pending);
    expect_count(read_varint<uint32_t>(), count, "array property");
    expect_count(read_varint<uint32_t>(), length, "array length");
    place_elements(array, pending);
    return finish(id);
  }

  Value read_sparse_array() {
    auto object = new_object(Array{});
    uint32_t id = open(object);
    Array& array = std::get<Array>(object->data);
    const uint32_t length = read_varint<uint32_t>();
    check_array_length(length);
    PendingElements pending{{}, length};
    uint32_t count = read_array_properties(V8Tag::kEndSparseJSArray, array, pending);
    expect_count(read_varint<uint32_t>(), count, "array property");
    expect_count(read_varint<uint32_t>(), length, "array length");
    place_elements(array, pending);
    return finish(id);
  }

  Value read_string_object() {
    uint32_t id = open(new_object(BoxedPrimitive{}));
    std::get<BoxedPrimitive>(objects_[id].object->data).primitive = Value(read_string());
    return finish(id);
  }

  Value read_regexp() {
    uint32_t id = open(new_object(RegExp{}));
    RegExp& regexp = std::get<RegExp>(objects_[id].object->data);
    regexp.source = read_string();
    regexp.flags = read_varint<uint32_t>();
    if ((regexp.flags & ~kAllRegExpFlags) != 0) fail("invalid regexp flags");
    return finish(id);
  }

  Value read_map() {
    auto object = new_object(Map{});
    uint32_t id = open(object);
    auto& entries = std::get<Map>(object->data).entries;
    while (!consume_tag_if(V8Tag::kEndJSMap)) {
      Value key = read_value();
      entries.emplace_back(std::move(key), read_value());
    }
    expect_count(read_varint<uint32_t>(), 2 * uint64_t{entries.size()}, "map entry");
    return finish(id);
  }

  Value read_set() {
    auto object = new_object(Set{});
    uint32_t id = open(object);
    auto& values = std::get<Set>(object->data).values;
    while (!consume_tag_if(V8Tag::kEndJSSet)) values.push_back(read_value());
    expect_count(read_varint<uint32_t>(), values.size(), "set value");
    return finish(id);
  }

  Value read_array_buffer(bool resizable) {
    ArrayBuffer buffer;
    const uint64_t byte_length = read_buffer_size();
    if (resizable) {
      buffer.max_byte_length = read_buffer_size();
      if (byte_length > *buffer.max_byte_length) fail("buffer length exceeds its maximum");
    }
    std::span<const uint8_t> data = read_bytes(byte_length);
    buffer.data.assign(data.begin(), data.end());
    auto object = new_object(std::move(buffer));
    return read_view_if_present(object, finish(open(object)));
  }

  // A view record directly follows the buffer it views (spec 01 §4.3).
  Value read_view_if_present(const std::shared_ptr<HeapObject>& buffer, Value buffer_value) {
    if (!consume_tag_if(V8Tag::kArrayBufferView)) return buffer_value;
    const uint32_t subtag = read_varint<uint32_t>();
    auto info = std::find_if(kV8Views.begin(), kV8Views.end(),
                             [&](const V8ViewInfo& v) { return v.subtag == subtag; });
    if (info == kV8Views.end()) fail("unknown array buffer view subtag");
    ArrayBufferView view;
    view.view_type = static_cast<ViewType>(info - kV8Views.begin());
    view.buffer = buffer;
    view.byte_offset = read_buffer_size();
    view.byte_length = read_buffer_size();
    view.flags = version_ >= 14 ? read_varint<uint32_t>() : 0;
    if ((view.flags & ~kAllViewFlags) != 0) fail("unknown array buffer view flags");
    const uint64_t size = std::get<ArrayBuffer>(buffer->data).data.size();
    const uint64_t element_size = info->element_size;
    if (view.byte_offset > size) fail("array buffer view offset outside its buffer");
    if (view.flags & 1) {
      // A length-tracking view covers the rest of its buffer, in whole elements.
      view.byte_length = (size - view.byte_offset) / element_size * element_size;
    }
    if (view.byte_length > size - view.byte_offset) fail("array buffer view outside its buffer");
    if (view.byte_offset % element_size != 0 || view.byte_length % element_size != 0) {
      fail("array buffer view not aligned to its element size");
    }
    return finish(open(new_object(std::move(view))));
  }

  Value read_error() {
    uint32_t id = open(new_object(ErrorObject{}));
    ErrorObject& error = std::get<ErrorObject>(objects_[id].object->data);
    for (;;) {
      const uint32_t subtag = read_varint<uint32_t>();
      auto proto =
          std::find(kV8ErrorPrototypeTags.begin() + 1, kV8ErrorPrototypeTags.end(), subtag);
      if (proto != kV8ErrorPrototypeTags.end()) {
        error.prototype = static_cast<ErrorPrototype>(proto - kV8ErrorPrototypeTags.begin());
        continue;
      }
      switch (static_cast<V8ErrorTag>(subtag)) {
        case V8ErrorTag::kMessage:
          error.message = read_string();
          continue;
        case V8ErrorTag::kStack:
          error.stack = read_string();
          continue;
        case V8ErrorTag::kCause:
          error.cause = read_value();
          continue;
        case V8ErrorTag::kEnd:
          return finish(id);
        default:
          fail("unknown error subtag");
      }
    }
  }

  // Host objects (tag 5C, docs/value-format.md): Deno's brand objects (Blob,
  // File) or Node's typed arrays, told apart by the first varint.
  Value read_host_object() {
    const uint32_t code = read_varint<uint32_t>();
    if (code == kV8BrandHostObject) return read_brand_object();
    return read_node_view(code);
  }

  // Deno writes the marker and then an ordinary object record. The host
  // object takes an id before that record, as V8 numbers them.
  Value read_brand_object() {
    uint32_t id = open(new_object(HostObject{}));
    Value contents = read_value();
    if (contents.type() != Value::Type::kObject || contents.is_weak_ref() ||
        contents.object_kind() != ObjectKind::kObject) {
      fail("a host object's contents must be a new plain object");
    }
    std::get<HostObject>(objects_[id].object->data).contents = std::move(contents);
    return finish(id);
  }

  // Node's serializer writes nested typed arrays as host objects: type code,
  // byte length, bytes. The view gets one id; its fresh buffer none.
  Value read_node_view(uint32_t code) {
    if (code >= kNodeHostViewTypes.size()) fail("unknown host object type " + std::to_string(code));
    const ViewType type = kNodeHostViewTypes[code];
    std::span<const uint8_t> data = read_bytes(read_varint<uint32_t>());
    if (data.size() % v8_view_info(type).element_size != 0) {
      fail("host object length not a multiple of its element size");
    }
    auto buffer = new_object(ArrayBuffer{{data.begin(), data.end()}, std::nullopt});
    return finish(open(new_object(ArrayBufferView{type, std::move(buffer), 0, data.size(), 0})));
  }

  struct Slot {
    std::shared_ptr<HeapObject> object;
    bool open;
  };

  std::span<const uint8_t> in_;
  size_t pos_ = 0;
  uint32_t version_ = 0;
  std::vector<Slot> objects_;  // by object id
  int depth_ = 0;
};

}  // namespace

Value deserialize_v8(std::span<const uint8_t> bytes) { return Deserializer(bytes).run(); }

}  // namespace openkv::codec
