// Copyright (c) OpenKV authors.
//
// openkv/json.h as an embedder uses it: only public headers, every function,
// exact text, round trips and the errors its contracts promise.
#include "openkv/json.h"

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>

#include "openkv/errors.h"

namespace openkv {
namespace {

std::optional<ErrorCode> code_of(void (*call)()) {
  try {
    call();
  } catch (const Error& e) {
    return e.code();
  }
  return std::nullopt;
}

TEST(PublicJson, KeysAreArraysOfTypedNodes) {
  const Key key{"users", 3, true};
  const std::string text = key_to_json(key);
  EXPECT_EQ(text,
            R"([{"type":"string","value":"users"},{"type":"number","value":3},)"
            R"({"type":"boolean","value":true}])");
  EXPECT_EQ(key_from_json(text), key);
}

TEST(PublicJson, ValuesRoundTrip) {
  EXPECT_EQ(value_to_json(Value(1.5)), R"({"type":"number","value":1.5})");
  const Value user = Value::make_object({{"name", "Ada"}, {"born", 1815}});
  const std::string text = value_to_json(user);
  EXPECT_EQ(text,
            R"({"type":"object","value":{"name":{"type":"string","value":"Ada"},)"
            R"("born":{"type":"number","value":1815}}})");
  const Value back = value_from_json(text);
  EXPECT_EQ(back["name"].as_string(), "Ada");
  EXPECT_EQ(back, user);
}

TEST(PublicJson, EntriesAndMissingEntries) {
  const Entry entry{Key{"k"}, Value("v"), Versionstamp::from_hex("000000000000000a0000")};
  const std::string text = entry_to_json(entry);
  EXPECT_EQ(text,
            R"({"key":[{"type":"string","value":"k"}],"value":{"type":"string","value":"v"},)"
            R"("versionstamp":"000000000000000a0000"})");
  const Entry back = entry_from_json(text);
  EXPECT_EQ(back.key, entry.key);
  EXPECT_EQ(back.value, entry.value);
  EXPECT_EQ(back.versionstamp, entry.versionstamp);

  const EntryMaybe missing{Key{"gone"}, std::nullopt, std::nullopt};
  const std::string missing_text = entry_maybe_to_json(missing);
  EXPECT_EQ(missing_text, R"({"key":[{"type":"string","value":"gone"}],"value":null,"versionstamp":null})");
  EXPECT_FALSE(entry_maybe_from_json(missing_text).exists());
}

TEST(PublicJson, BadTextIsAnInvalidArgument) {
  EXPECT_EQ(code_of([] { key_from_json("not json"); }), ErrorCode::kInvalidArgument);
  EXPECT_EQ(code_of([] { key_from_json(R"({"type":"string","value":"x"})"); }),
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(code_of([] { value_from_json(R"({"type":"nope","value":1})"); }),
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(code_of([] { entry_from_json(R"({"key":[],"value":{"type":"null","value":null}})"); }),
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(code_of([] {
              entry_from_json(R"({"key":[],"value":{"type":"null","value":null},"versionstamp":"xyz"})");
            }),
            ErrorCode::kInvalidArgument);
}

TEST(PublicJson, ACyclicValueHasNoNotation) {
  auto object = std::make_shared<HeapObject>(HeapObject{PlainObject{}});
  Value cyclic = Value::object(object);
  std::get<PlainObject>(object->data).properties.emplace_back("self", Value::weak_ref(cyclic));
  try {
    value_to_json(cyclic);
    FAIL() << "a cyclic value was written";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument);
    EXPECT_STREQ(e.what(), "Unable to serialize a cyclic value.");
  }
}

}  // namespace
}  // namespace openkv
