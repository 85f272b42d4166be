// Copyright (c) OpenKV authors.
//
// The three value encodings of spec 01 §3: a Value becomes (bytes, encoding)
// for storage and back. Top-level bytes are stored verbatim (VE_BYTES), a
// top-level KvU64 as 8 little-endian bytes (VE_LE64), everything else as V8.
#ifndef OPENKV_CORE_VALUE_ENCODING_H_
#define OPENKV_CORE_VALUE_ENCODING_H_

#include <cstdint>
#include <string>

#include "core/raw.h"
#include "openkv/value.h"

namespace openkv::core {

// Throws what serialize_v8 throws for values V8 cannot hold.
RawValue encode_value(const Value& value);

// Throws Error(kCorruption) with "The value encoding N is unknown.",
// "Invalid LE64 value: expected 8 bytes, got N" or the V8 decoder's text.
Value decode_value(const RawValue& raw);

// "The value encoding N is unknown." for an encoding outside 1..3.
std::string unknown_encoding_text(Encoding encoding);
bool is_known_encoding(Encoding encoding);

// The LE64 payload, shared with the sum/min/max arithmetic.
Bytes encode_le64(uint64_t value);
// Throws Error(kCorruption, "Invalid LE64 value: expected 8 bytes, got N").
uint64_t decode_le64(const Bytes& bytes);

}  // namespace openkv::core

#endif  // OPENKV_CORE_VALUE_ENCODING_H_
