// Copyright (c) OpenKV authors.
//
// Conversions between the WTF-8 strings of the value model and the UTF-16
// code units of JS strings. WTF-8 is UTF-8 that also admits surrogate code
// points (U+D800..U+DFFF) as three-byte sequences, so a JS string with an
// unpaired surrogate has a byte representation and survives a round trip.
#ifndef OPENKV_CODEC_WTF8_H_
#define OPENKV_CODEC_WTF8_H_

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace openkv::codec {

// The UTF-16 code units of `text`. A surrogate pair written as two
// three-byte sequences is accepted too (it denotes the same code units).
// Throws Error(kInvalidArgument) when `text` is not WTF-8.
std::u16string wtf8_to_utf16(std::string_view text);

// Canonical WTF-8: paired surrogates become one four-byte sequence, lone
// surrogates three-byte sequences.
std::string utf16_to_wtf8(std::u16string_view units);

// Latin-1 bytes (V8 one-byte strings) as WTF-8.
std::string latin1_to_wtf8(std::span<const uint8_t> bytes);

// Decodes UTF-8 as V8 does for its legacy Utf8String tag: every invalid
// sequence becomes U+FFFD.
std::string utf8_to_wtf8_lossy(std::span<const uint8_t> bytes);

}  // namespace openkv::codec

#endif  // OPENKV_CODEC_WTF8_H_
