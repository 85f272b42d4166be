// Copyright (c) OpenKV authors.
//
// Lowercase hexadecimal text of bytes, and the 8-4-4-4-12 text of a version 4
// UUID: the forms versionstamps, queue message ids, database ids, token
// digests and key prefixes take in files and on the wire
// (docs/OPERATIONS.md, docs/ARCHITECTURE.md). Pure functions; thread-safe.
#ifndef OPENKV_CODEC_HEX_H_
#define OPENKV_CODEC_HEX_H_

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace openkv::codec {

// Two lowercase hex digits per byte.
std::string to_hex(std::span<const uint8_t> bytes);
// The bytes of an even number of hex digits (either case); nullopt for any
// other text.
std::optional<std::vector<uint8_t>> from_hex(std::string_view hex);

// `random` with the version (4) and RFC 4122 variant bits set, written as
// xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx in lowercase.
std::string uuid_v4_text(std::array<uint8_t, 16> random);

}  // namespace openkv::codec

#endif  // OPENKV_CODEC_HEX_H_
