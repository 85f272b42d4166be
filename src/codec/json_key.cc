// Copyright (c) OpenKV authors.
//
// Keys in the JSON notation (06 §2).
#include "codec/json_node.h"
#include "codec/json_notation.h"
#include "openkv/errors.h"

namespace openkv::codec {
namespace {

[[noreturn]] void throw_unexpected_key_part_type(std::string_view type) {
  // The package's text, final full stop included (06 §4.6).
  throw Error(ErrorCode::kInvalidArgument,
              "Unexpected key part type: \"" + std::string(type) + "\".");
}

void write_key_part(std::string& out, const KeyPart& part) {
  switch (part.type()) {
    case KeyPart::Type::kBytes:
      write_bytes_node(out, "Uint8Array", part.as_bytes(), part.as_bytes().size());
      break;
    case KeyPart::Type::kString:
      write_string_node(out, part.as_string());
      break;
    case KeyPart::Type::kInt:
      write_bigint_node(out, part.as_int());
      break;
    case KeyPart::Type::kFloat:
      write_number_node(out, part.as_float());
      break;
    case KeyPart::Type::kBool:
      write_boolean_node(out, part.as_bool());
      break;
  }
}

}  // namespace

std::string key_part_to_json(const KeyPart& part) {
  std::string out;
  write_key_part(out, part);
  return out;
}

void write_key_json(std::string& out, const Key& key) {
  out += '[';
  for (size_t i = 0; i < key.size(); ++i) {
    if (i > 0) out += ',';
    write_key_part(out, key[i]);
  }
  out += ']';
}

KeyPart key_part_from_json_value(const JsonValue& node) {
  const std::string* type = node_type(node);
  if (type == nullptr) throw_unexpected_key_part_type("undefined");
  if (*type == "string") return KeyPart(string_from_node(node, *type));
  if (*type == "number") return KeyPart(number_from_node(node, *type));
  if (*type == "bigint") return KeyPart(bigint_from_node(node, *type));
  if (*type == "boolean") return KeyPart(boolean_from_node(node, *type));
  if (*type == "Uint8Array") return KeyPart::bytes(bytes_from_node(node, *type));
  throw_unexpected_key_part_type(*type);
}

Key key_from_json_value(const JsonValue& json) {
  if (json.kind() != JsonValue::Kind::kArray) {
    throw Error(ErrorCode::kInvalidArgument, "A key must be a JSON array of key part nodes");
  }
  Key key;
  key.reserve(json.as_array().size());
  for (const JsonValue& node : json.as_array()) key.push_back(key_part_from_json_value(node));
  return key;
}

KeyPart key_part_from_json(std::string_view text) {
  return key_part_from_json_value(parse_json(text));
}

}  // namespace openkv::codec

namespace openkv {

std::string key_to_json(const Key& key) {
  std::string out;
  codec::write_key_json(out, key);
  return out;
}

Key key_from_json(std::string_view text) {
  return codec::key_from_json_value(codec::parse_json(text));
}

}  // namespace openkv
