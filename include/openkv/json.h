// Copyright (c) OpenKV authors.
//
// Keys, values and entries as JSON text in the notation of Deno's
// @deno/kv-utils, the form the `openkv` CLI prints and reads and the C API
// passes (docs/C_API.md has a table of examples). Every key part and every
// value, at any depth, is a node {"type": …, "value": …}:
//
//   openkv::key_to_json({"users", 3})
//     == R"([{"type":"string","value":"users"},{"type":"number","value":3}])"
//   openkv::value_to_json(openkv::Value(1.5)) == R"({"type":"number","value":1.5})"
//
// The text written is exactly what @deno/kv-utils writes, and everything it
// writes reads back to an equal key, value or entry.
//
// Thread-safety: free functions without shared state.
#ifndef OPENKV_JSON_H_
#define OPENKV_JSON_H_

#include <string>
#include <string_view>

#include "openkv/entry.h"
#include "openkv/key.h"
#include "openkv/value.h"

namespace openkv {

// A JSON array of key-part nodes. Never throws (every Key has a notation).
std::string key_to_json(const Key& key);
// The inverse. Throws Error(kInvalidArgument) for text that is not JSON, not
// an array, or holds a node that is not a valid key part.
Key key_from_json(std::string_view text);

// One value node. A top-level Value::bytes() is a "Uint8Array" node and a
// top-level KvU64 a "KvU64" node. Throws Error(kInvalidArgument) for the
// values the notation cannot hold: cyclic values and Float16Array.
std::string value_to_json(const Value& value);
// The inverse. Throws Error(kInvalidArgument) for text that is not JSON or
// holds an invalid node (unknown type, wrong shape, bad number or base64).
Value value_from_json(std::string_view text);

// {"key":[…],"value":…,"versionstamp":"<20 hex>"}. Throws as value_to_json.
std::string entry_to_json(const Entry& entry);
// As entry_to_json; a missing entry has "value":null and "versionstamp":null.
std::string entry_maybe_to_json(const EntryMaybe& entry);
// The inverses. Throw Error(kInvalidArgument) for invalid text, a missing
// member, or a versionstamp that is not 20 hex characters; for
// entry_maybe_from_json a bare null value or versionstamp reads as nullopt.
Entry entry_from_json(std::string_view text);
EntryMaybe entry_maybe_from_json(std::string_view text);

}  // namespace openkv

#endif  // OPENKV_JSON_H_
