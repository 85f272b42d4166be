// Copyright (c) OpenKV authors.
#include "cli/arguments.h"

#include <CLI/CLI.hpp>

#include "cli/usage_error.h"
#include "codec/json_notation.h"
#include "codec/json_text.h"
#include "engine/backend_factory.h"
#include "openkv/errors.h"

namespace openkv::cli {
namespace {

KeyPart key_part_from_argument(const codec::JsonValue& node) {
  switch (node.kind()) {
    case codec::JsonValue::Kind::kString:
      return KeyPart(node.as_string());
    case codec::JsonValue::Kind::kNumber:
      return KeyPart(node.as_number());
    case codec::JsonValue::Kind::kBool:
      return KeyPart(node.as_bool());
    case codec::JsonValue::Kind::kObject:
      return codec::key_part_from_json_value(node);
    default:
      throw UsageError(
          "a key part must be a string, number, boolean or typed node "
          "such as {\"type\":\"bigint\",\"value\":\"1\"}");
  }
}

// Plain JSON maps onto JS values the way JSON.parse does.
Value value_from_plain_json(const codec::JsonValue& node) {
  switch (node.kind()) {
    case codec::JsonValue::Kind::kNull:
      return Value::null();
    case codec::JsonValue::Kind::kBool:
      return Value(node.as_bool());
    case codec::JsonValue::Kind::kNumber:
      return Value(node.as_number());
    case codec::JsonValue::Kind::kString:
      return Value(node.as_string());
    case codec::JsonValue::Kind::kArray: {
      std::vector<Value> elements;
      for (const auto& element : node.as_array())
        elements.push_back(value_from_plain_json(element));
      return Value::make_array(std::move(elements));
    }
    case codec::JsonValue::Kind::kObject: {
      Properties props;
      for (const auto& member : node.as_object()) {
        Value v = value_from_plain_json(member.value);
        auto existing = std::find_if(props.begin(), props.end(),
                                     [&](const auto& p) { return p.first == member.name; });
        if (existing != props.end()) {
          existing->second = std::move(v);  // JSON.parse: the last duplicate wins
        } else {
          props.emplace_back(member.name, std::move(v));
        }
      }
      return Value::make_object(std::move(props));
    }
  }
  return Value();
}

codec::JsonValue parse_json_argument(std::string_view text, std::string_view what) {
  try {
    return codec::parse_json(text);
  } catch (const Error& e) {
    throw UsageError(std::string(what) + " is not valid JSON: " + e.what());
  }
}

}  // namespace

Key parse_key_argument(std::string_view text) {
  codec::JsonValue json = parse_json_argument(text, "the key");
  if (json.kind() != codec::JsonValue::Kind::kArray) {
    throw UsageError("a key is a JSON array, e.g. '[\"users\", \"alice\"]'");
  }
  Key key;
  try {
    for (const auto& node : json.as_array()) key.push_back(key_part_from_argument(node));
  } catch (const Error& e) {
    throw UsageError(std::string("bad key part: ") + e.what());
  }
  return key;
}

Value parse_value_argument(std::string_view text, ValueNotation notation) {
  try {
    switch (notation) {
      case ValueNotation::kPlainJson:
        return value_from_plain_json(parse_json_argument(text, "the value"));
      case ValueNotation::kTyped:
        return codec::value_from_json(text);
      case ValueNotation::kU64: {
        BigInt n = BigInt::parse(text);
        auto u = n.to_uint64();
        if (!u) throw UsageError("--u64 takes an integer from 0 to 18446744073709551615");
        return Value(KvU64{*u});
      }
    }
  } catch (const Error& e) {
    throw UsageError(std::string("bad value: ") + e.what());
  }
  return Value();
}

void DatabaseArgument::add_to(CLI::App& command) {
  command.add_option("-p,--path", path, "Database file, :memory:, or a server URL (http[s]://, postgresql://)")->capture_default_str();
  command.add_option("--primary", primary,
                     "When --path is a postgresql:// hot standby: the primary's URL (writes go "
                     "there; strong reads wait for the standby to catch up)");
}

bool DatabaseArgument::is_url() const { return engine::is_server_path(path); }

std::unique_ptr<Database> DatabaseArgument::open(bool read_only) const {
  Options options;
  options.read_only = read_only;
  options.primary = primary;
  return Database::open(path, options);
}

}  // namespace openkv::cli
