// Copyright (c) OpenKV authors.
//
// The numeric operand subset of the V8 format (spec 01 §4.9): what a V8 `sum`
// reads as operand, bound or stored value, and how it writes the result.
#ifndef OPENKV_CODEC_V8_NUMERIC_H_
#define OPENKV_CODEC_V8_NUMERIC_H_

#include <cstdint>
#include <span>
#include <variant>
#include <vector>

#include "openkv/bigint.h"

namespace openkv::codec {

// A JS Number (Int32, Uint32 and Double all read as double) or a BigInt.
using V8Numeric = std::variant<double, BigInt>;

// Throws Error(kTypeMismatch, text) with the reference texts:
// "operand cannot be empty" for zero bytes, "invalid v8 value" for bytes that
// do not decode, "unsupported value type" for any other decoded value.
V8Numeric parse_v8_numeric(std::span<const uint8_t> bytes);

// FF 0F then N + double (never I, as the reference) or Z + V8 digits.
std::vector<uint8_t> serialize_v8_numeric(const V8Numeric& value);

}  // namespace openkv::codec

#endif  // OPENKV_CODEC_V8_NUMERIC_H_
