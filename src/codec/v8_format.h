// Copyright (c) OpenKV authors.
//
// The constants of the V8 ValueSerializer wire format (spec 01 §4) shared by
// the serializer, the deserializer and the numeric operand codec, so that
// every tag byte and table is defined exactly once.
#ifndef OPENKV_CODEC_V8_FORMAT_H_
#define OPENKV_CODEC_V8_FORMAT_H_

#include <array>
#include <bit>
#include <cstdint>
#include <vector>

#include "openkv/errors.h"
#include "openkv/value.h"

namespace openkv::codec {

enum class V8Tag : uint8_t {
  kVersion = 0xFF,
  kPadding = 0x00,
  kVerifyObjectCount = '?',
  kTheHole = '-',
  kUndefined = '_',
  kNull = '0',
  kTrue = 'T',
  kFalse = 'F',
  kInt32 = 'I',
  kUint32 = 'U',
  kDouble = 'N',
  kBigInt = 'Z',
  kUtf8String = 'S',
  kOneByteString = '"',
  kTwoByteString = 'c',
  kObjectReference = '^',
  kBeginJSObject = 'o',
  kEndJSObject = '{',
  kBeginSparseJSArray = 'a',
  kEndSparseJSArray = '@',
  kBeginDenseJSArray = 'A',
  kEndDenseJSArray = '$',
  kDate = 'D',
  kTrueObject = 'y',
  kFalseObject = 'x',
  kNumberObject = 'n',
  kBigIntObject = 'z',
  kStringObject = 's',
  kRegExp = 'R',
  kBeginJSMap = ';',
  kEndJSMap = ':',
  kBeginJSSet = '\'',
  kEndJSSet = ',',
  kArrayBuffer = 'B',
  kResizableArrayBuffer = '~',
  kArrayBufferView = 'V',
  kError = 'r',
  kHostObject = '\\',
};

// The varint after a host-object tag with which Deno marks a "brand" host
// object (Blob, File) whose contents follow as an object record.
inline constexpr uint32_t kV8BrandHostObject = 0xFFFFFFFF;

// The version OpenKV writes: the newest every peer (node 20, Deno) can read.
inline constexpr uint8_t kV8WriteVersion = 15;
inline constexpr uint32_t kV8MinReadVersion = 13;
inline constexpr uint32_t kV8MaxReadVersion = 16;

// Nesting bound for objects, shared by both directions so that OpenKV never
// writes a value it would refuse to read (spec 01 §4.7).
inline constexpr int kV8MaxDepth = 256;

// Counts object nesting for the duration of one object record and throws
// Error(code, message) beyond kV8MaxDepth.
class V8DepthGuard {
 public:
  V8DepthGuard(int& depth, ErrorCode code, const char* message) : depth_(depth) {
    if (++depth_ > kV8MaxDepth) {
      --depth_;
      throw Error(code, message);
    }
  }
  ~V8DepthGuard() { --depth_; }
  V8DepthGuard(const V8DepthGuard&) = delete;
  V8DepthGuard& operator=(const V8DepthGuard&) = delete;

 private:
  int& depth_;
};

// Error record subtags (spec 01 §4.8).
enum class V8ErrorTag : uint8_t {
  kEvalPrototype = 'E',
  kRangePrototype = 'R',
  kReferencePrototype = 'F',
  kSyntaxPrototype = 'S',
  kTypePrototype = 'T',
  kUriPrototype = 'U',
  kMessage = 'm',
  kStack = 's',
  kCause = 'c',
  kEnd = '.',
};

// Indexed by ErrorPrototype; kError has no subtag (0).
inline constexpr std::array<uint8_t, 7> kV8ErrorPrototypeTags = {0, 'E', 'R', 'F', 'S', 'T', 'U'};

struct V8ViewInfo {
  uint8_t subtag;
  uint8_t element_size;
};

// Indexed by ViewType (spec 01 §4.3, view subtags).
inline constexpr std::array<V8ViewInfo, 13> kV8Views = {{
    {'b', 1},  // Int8Array
    {'B', 1},  // Uint8Array
    {'C', 1},  // Uint8ClampedArray
    {'w', 2},  // Int16Array
    {'W', 2},  // Uint16Array
    {'d', 4},  // Int32Array
    {'D', 4},  // Uint32Array
    {'h', 2},  // Float16Array
    {'f', 4},  // Float32Array
    {'F', 8},  // Float64Array
    {'q', 8},  // BigInt64Array
    {'Q', 8},  // BigUint64Array
    {'?', 1},  // DataView
}};
static_assert(static_cast<size_t>(ViewType::kDataView) + 1 == kV8Views.size());

inline const V8ViewInfo& v8_view_info(ViewType type) { return kV8Views[static_cast<size_t>(type)]; }

inline void append_v8_varint(std::vector<uint8_t>& out, uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<uint8_t>(v | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<uint8_t>(v));
}

inline void append_v8_double(std::vector<uint8_t>& out, double d) {
  uint64_t bits = std::bit_cast<uint64_t>(d);
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<uint8_t>(bits >> (8 * i)));
}

inline void append_v8_header(std::vector<uint8_t>& out) {
  out.push_back(static_cast<uint8_t>(V8Tag::kVersion));
  out.push_back(kV8WriteVersion);
}

}  // namespace openkv::codec

#endif  // OPENKV_CODEC_V8_FORMAT_H_
