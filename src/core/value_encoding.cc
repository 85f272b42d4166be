// Copyright (c) OpenKV authors.
#include "core/value_encoding.h"

#include <string>

#include "codec/v8_deserializer.h"
#include "codec/v8_serializer.h"
#include "openkv/errors.h"

namespace openkv::core {

bool is_known_encoding(Encoding encoding) {
  return encoding == Encoding::kV8 || encoding == Encoding::kLe64 || encoding == Encoding::kBytes;
}

std::string unknown_encoding_text(Encoding encoding) {
  return "The value encoding " + std::to_string(static_cast<int32_t>(encoding)) + " is unknown.";
}

Bytes encode_le64(uint64_t value) {
  Bytes out(8);
  for (size_t i = 0; i < 8; ++i) out[i] = static_cast<uint8_t>(value >> (8 * i));
  return out;
}

uint64_t decode_le64(const Bytes& bytes) {
  if (bytes.size() != 8) {
    throw Error(ErrorCode::kCorruption,
                "Invalid LE64 value: expected 8 bytes, got " + std::to_string(bytes.size()));
  }
  uint64_t value = 0;
  for (size_t i = 8; i-- > 0;) value = (value << 8) | bytes[i];
  return value;
}

RawValue encode_value(const Value& value) {
  switch (value.type()) {
    case Value::Type::kBytes:
      return {value.as_bytes(), Encoding::kBytes};
    case Value::Type::kU64:
      return {encode_le64(value.as_u64().value), Encoding::kLe64};
    default:
      return {codec::serialize_v8(value), Encoding::kV8};
  }
}

Value decode_value(const RawValue& raw) {
  switch (raw.encoding) {
    case Encoding::kV8:
      return codec::deserialize_v8(raw.data);
    case Encoding::kLe64:
      return Value(KvU64{decode_le64(raw.data)});
    case Encoding::kBytes:
      return Value::bytes(raw.data);
  }
  throw Error(ErrorCode::kCorruption, unknown_encoding_text(raw.encoding));
}

}  // namespace openkv::core
