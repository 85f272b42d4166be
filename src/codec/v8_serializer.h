// Copyright (c) OpenKV authors.
//
// Writes a Value in V8's structured-clone format (spec 01 §4), byte for byte
// what V8 writes for the same JS value, with header FF 0F (the version every
// peer reads). Shared objects and cycles become object references.
#ifndef OPENKV_CODEC_V8_SERIALIZER_H_
#define OPENKV_CODEC_V8_SERIALIZER_H_

#include <cstdint>
#include <vector>

#include "openkv/value.h"

namespace openkv::codec {

// A nested Value::bytes() is written as a Uint8Array and a nested KvU64 as
// the object {value: <bigint>}, as Deno does for them.
// Throws Error(kInvalidArgument) for a top-level kBytes or kU64 value (those
// have storage encodings of their own), a string that is not WTF-8, an
// inconsistent typed array, or objects nested deeper than 256; and
// Error(kCorruption) for a weak reference that no longer resolves.
std::vector<uint8_t> serialize_v8(const Value& value);

}  // namespace openkv::codec

#endif  // OPENKV_CODEC_V8_SERIALIZER_H_
