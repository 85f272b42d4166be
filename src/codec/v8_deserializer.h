// Copyright (c) OpenKV authors.
//
// Reads V8's structured-clone format (spec 01 §4): headers FF 0D..FF 10, every
// tag Deno or node writes for storable values, Node's host objects for typed
// arrays (§4.10) and Deno's Blob/File host objects (docs/value-format.md).
// Input is untrusted: every read is bounds-checked, nesting is limited to 256
// objects, lengths are checked against the input before anything is
// allocated, and arrays hold only their present elements (so memory follows
// the input's size), so hostile bytes cannot crash, hang or exhaust memory.
#ifndef OPENKV_CODEC_V8_DESERIALIZER_H_
#define OPENKV_CODEC_V8_DESERIALIZER_H_

#include <cstdint>
#include <span>

#include "openkv/value.h"

namespace openkv::codec {

// The longest array (dense or sparse) the decoder accepts. Holes cost the
// decoder nothing; the bound keeps consumers that write every position (the
// JSON notation writes one null per hole) within ~84 MB per value.
inline constexpr uint32_t kV8MaxArrayLength = 1u << 24;

// A reference to an object that is still being decoded (a cycle) becomes a
// weak reference (Value::weak_ref); any other repeated object is shared.
// Bytes after the complete value are ignored, as V8 does.
// Throws Error(kCorruption, "invalid v8 value: <detail>").
Value deserialize_v8(std::span<const uint8_t> bytes);

}  // namespace openkv::codec

#endif  // OPENKV_CODEC_V8_DESERIALIZER_H_
