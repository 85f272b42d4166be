// Copyright (c) OpenKV authors.
//
// Pieces of the JSON notation shared by key parts and values (spec 06): the
// package writes string, number, bigint, boolean and byte nodes with one
// function for both (06 §3.3), and reads them the same way. Reading checks
// every node as 06 §4.6 D4 requires of OpenKV.
#ifndef OPENKV_CODEC_JSON_NODE_H_
#define OPENKV_CODEC_JSON_NODE_H_

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "codec/json_text.h"
#include "openkv/bigint.h"

namespace openkv::codec {

// ---- Writing ----

void write_string_node(std::string& out, std::string_view wtf8);
// NaN and ±Infinity become the strings "NaN", "Infinity", "-Infinity".
void write_number_node(std::string& out, double number);
void write_bigint_node(std::string& out, const BigInt& bigint);
void write_boolean_node(std::string& out, bool b);
// {"type":<type>,"value":<base64url of bytes>,"byteLength":<byte_length>}.
void write_bytes_node(std::string& out, std::string_view type, std::span<const uint8_t> bytes,
                      uint64_t byte_length);

// ---- Reading ----

// The node's "type", or nullptr when the node is not an object or its type
// is not a string (callers then report the type as "undefined", 06 §4.6).
const std::string* node_type(const JsonValue& node);

// The node's "value" member; throws the invalid-node error when it is absent.
const JsonValue& node_value(const JsonValue& node, std::string_view type,
                            std::string_view expected);

// Error(kInvalidArgument): a node whose members do not fit its type.
[[noreturn]] void throw_invalid_node(std::string_view type, std::string_view expected);

std::string string_from_node(const JsonValue& node, std::string_view type);
double number_from_node(const JsonValue& node, std::string_view type);
BigInt bigint_from_node(const JsonValue& node, std::string_view type);
bool boolean_from_node(const JsonValue& node, std::string_view type);
// Decodes "value" as base64url (06 §4.3); "byteLength" is checked to be a
// number if present and otherwise ignored (06 §4.1).
std::vector<uint8_t> bytes_from_node(const JsonValue& node, std::string_view type);

// JavaScript's BigInt(string) (06 §4.4): white space around, an optional sign
// for decimals, 0x/0o/0b literals, "" for zero. Throws
// "Cannot convert <text> to a BigInt" otherwise.
BigInt bigint_from_js_string(std::string_view text);

}  // namespace openkv::codec

#endif  // OPENKV_CODEC_JSON_NODE_H_
