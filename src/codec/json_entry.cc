// Copyright (c) OpenKV authors.
//
// Entries and "maybe" entries in the JSON notation (06 §5).
#include "codec/json_notation.h"
#include "openkv/errors.h"

namespace openkv::codec {
namespace {

void write_entry(std::string& out, const Key& key, const Value* value,
                 const Versionstamp* versionstamp) {
  out += "{\"key\":";
  write_key_json(out, key);
  out += ",\"value\":";
  if (value) {
    write_value_json(out, *value);
  } else {
    out += "null";
  }
  out += ",\"versionstamp\":";
  if (versionstamp) {
    out += '"';
    out += versionstamp->to_hex();
    out += '"';
  } else {
    out += "null";
  }
  out += '}';
}

JsonValue parse_entry_object(std::string_view text) {
  JsonValue json = parse_json(text);
  if (json.kind() != JsonValue::Kind::kObject) {
    throw Error(ErrorCode::kInvalidArgument,
                "An entry must be a JSON object with \"key\", \"value\" and \"versionstamp\"");
  }
  return json;
}

// An absent member reads as null, which no decoder takes for a key or a node.
const JsonValue& member_or_null(const JsonValue& object, std::string_view name) {
  static const JsonValue kNull;
  const JsonValue* member = object.find(name);
  return member ? *member : kNull;
}

Versionstamp versionstamp_from_json(const JsonValue& json) {
  if (json.kind() != JsonValue::Kind::kString) {
    throw Error(ErrorCode::kInvalidArgument, "invalid versionstamp");
  }
  return Versionstamp::from_hex(json.as_string());
}

}  // namespace
}  // namespace openkv::codec

namespace openkv {

using codec::JsonValue;
using codec::key_from_json_value;
using codec::member_or_null;
using codec::parse_entry_object;
using codec::value_from_json_value;
using codec::versionstamp_from_json;
using codec::write_entry;

std::string entry_to_json(const Entry& entry) {
  std::string out;
  write_entry(out, entry.key, &entry.value, &entry.versionstamp);
  return out;
}

std::string entry_maybe_to_json(const EntryMaybe& entry) {
  std::string out;
  write_entry(out, entry.key, entry.value ? &*entry.value : nullptr,
              entry.versionstamp ? &*entry.versionstamp : nullptr);
  return out;
}

Entry entry_from_json(std::string_view text) {
  const JsonValue json = parse_entry_object(text);
  return Entry{key_from_json_value(member_or_null(json, "key")),
               value_from_json_value(member_or_null(json, "value")),
               versionstamp_from_json(member_or_null(json, "versionstamp"))};
}

EntryMaybe entry_maybe_from_json(std::string_view text) {
  const JsonValue json = parse_entry_object(text);
  EntryMaybe entry{key_from_json_value(member_or_null(json, "key")), std::nullopt, std::nullopt};
  // Only a present, bare null means "no entry"; an absent member is an error.
  const JsonValue* value = json.find("value");
  if (value == nullptr || !value->is_null()) {
    entry.value = value_from_json_value(member_or_null(json, "value"));
  }
  const JsonValue& versionstamp = member_or_null(json, "versionstamp");
  if (!versionstamp.is_null()) entry.versionstamp = versionstamp_from_json(versionstamp);
  return entry;
}

}  // namespace openkv
