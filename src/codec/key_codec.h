// Copyright (c) OpenKV authors.
//
// The byte encoding of keys (docs/key-format.md): FoundationDB tuple layer
// tags restricted to the six part types Deno uses. The unsigned byte order of the
// encodings is the order of keys, so storage and servers compare encoded
// keys with memcmp and never decode them.
#ifndef OPENKV_CODEC_KEY_CODEC_H_
#define OPENKV_CODEC_KEY_CODEC_H_

#include <cstdint>
#include <span>
#include <vector>

#include "openkv/key.h"

namespace openkv::codec {

// Throws Error(kInvalidArgument) for an Int part whose magnitude exceeds 255
// bytes ("BigUint requires more than 255 bytes to be represented") and for a
// String part that is not valid UTF-8 ("invalid utf8"; WTF-8 lone surrogates
// included, as Deno cannot encode them either).
std::vector<uint8_t> encode_key(const Key& key);
void append_key_part(std::vector<uint8_t>& out, const KeyPart& part);

// Throws Error(kCorruption) with "invalid tag", "invalid utf8" or "unexpected
// end of file". Safe on any input. Accepts @deno/kv's untransformed NaN
// (01 §1.8).
Key decode_key(std::span<const uint8_t> bytes);

// The 64 bits that identify a Float part: the IEEE-754 bits with every NaN
// replaced by the quiet NaN of the same sign. Equal bits ⇔ equal encodings.
uint64_t canonical_float_bits(double d);

}  // namespace openkv::codec

#endif  // OPENKV_CODEC_KEY_CODEC_H_
