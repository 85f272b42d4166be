// Copyright (c) OpenKV authors.
//
// Base64 with the URL-safe alphabet (RFC 4648 §5: '-' and '_'). List cursors
// use it padded with '='; the JSON notation of spec 06 uses it unpadded.
#ifndef OPENKV_CODEC_BASE64URL_H_
#define OPENKV_CODEC_BASE64URL_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace openkv::codec {

enum class Base64Padding { kPadded, kUnpadded };

std::string base64url_encode(std::span<const uint8_t> data, Base64Padding padding);

// Strict decoding: only the URL-safe alphabet; with kPadded the length must be
// a multiple of 4 with correct '=' padding, with kUnpadded no '=' may appear
// and a length of 1 mod 4 is invalid. Non-zero trailing bits are rejected so
// every byte string has exactly one encoding. nullopt on any violation.
std::optional<std::vector<uint8_t>> base64url_decode(std::string_view text, Base64Padding padding);

}  // namespace openkv::codec

#endif  // OPENKV_CODEC_BASE64URL_H_
