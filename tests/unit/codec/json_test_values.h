// Copyright (c) OpenKV authors.
//
// Builders for the value kinds that Value has no convenience builder for,
// shared by the JSON notation tests.
#ifndef OPENKV_TESTS_UNIT_CODEC_JSON_TEST_VALUES_H_
#define OPENKV_TESTS_UNIT_CODEC_JSON_TEST_VALUES_H_

#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "openkv/value.h"

namespace openkv::codec::testing {

template <typename T>
Value heap(T data) {
  return Value::object(std::make_shared<HeapObject>(HeapObject{std::move(data)}));
}

// A view of `length` bytes at `offset` into a buffer holding `buffer`.
inline Value view(ViewType type, std::vector<uint8_t> buffer, uint64_t offset, uint64_t length) {
  auto b = std::make_shared<HeapObject>(HeapObject{ArrayBuffer{std::move(buffer), {}}});
  return heap(ArrayBufferView{type, std::move(b), offset, length, 0});
}

inline Value view(ViewType type, std::vector<uint8_t> buffer) {
  uint64_t length = buffer.size();
  return view(type, std::move(buffer), 0, length);
}

// The little-endian bytes of a sequence of numbers of type T.
template <typename T>
std::vector<uint8_t> le_bytes(std::initializer_list<T> values) {
  std::vector<uint8_t> out(values.size() * sizeof(T));
  std::memcpy(out.data(), std::data(values), out.size());
  return out;
}

inline Value error(ErrorPrototype prototype, std::optional<std::string> message,
                   std::optional<std::string> stack = std::nullopt,
                   std::optional<Value> cause = std::nullopt) {
  return heap(ErrorObject{prototype, std::move(message), std::move(stack), std::move(cause)});
}

inline Value regexp(std::string source, uint32_t flags) {
  return heap(RegExp{std::move(source), flags});
}

inline Value boxed(Value primitive) { return heap(BoxedPrimitive{std::move(primitive)}); }

inline Value sparse_array(std::vector<std::optional<Value>> elements) {
  return heap(Array{std::move(elements), {}});
}

}  // namespace openkv::codec::testing

#endif  // OPENKV_TESTS_UNIT_CODEC_JSON_TEST_VALUES_H_
