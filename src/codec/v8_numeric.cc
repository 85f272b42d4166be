// Copyright (c) OpenKV authors.
#include "codec/v8_numeric.h"

#include "codec/v8_deserializer.h"
#include "codec/v8_format.h"
#include "codec/v8_serializer.h"
#include "openkv/errors.h"
#include "openkv/value.h"

namespace openkv::codec {

V8Numeric parse_v8_numeric(std::span<const uint8_t> bytes) {
  if (bytes.empty()) throw Error(ErrorCode::kTypeMismatch, "operand cannot be empty");
  Value value;
  try {
    value = deserialize_v8(bytes);
  } catch (const Error& e) {
    if (e.code() != ErrorCode::kCorruption) throw;
    throw Error(ErrorCode::kTypeMismatch, "invalid v8 value");
  }
  switch (value.type()) {
    case Value::Type::kNumber:
      return value.as_number();
    case Value::Type::kBigInt:
      return value.as_bigint();
    default:
      throw Error(ErrorCode::kTypeMismatch, "unsupported value type");
  }
}

std::vector<uint8_t> serialize_v8_numeric(const V8Numeric& value) {
  if (const BigInt* big = std::get_if<BigInt>(&value)) return serialize_v8(Value(*big));
  std::vector<uint8_t> out;
  append_v8_header(out);
  out.push_back(static_cast<uint8_t>(V8Tag::kDouble));
  append_v8_double(out, std::get<double>(value));
  return out;
}

}  // namespace openkv::codec
