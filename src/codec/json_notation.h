// Copyright (c) OpenKV authors.
//
// The JSON notation of Deno's @deno/kv-utils (spec 06): every key part and
// every value, at any depth, is a node {"type":…,"value":…}, and an entry is
// {"key":[…],"value":…,"versionstamp":…}. OpenKV uses it wherever it prints
// or reads keys, values or entries as JSON, so its text must be exactly what
// the package writes (06 §1) and anything the package writes must read back.
// The whole-text functions are the public API (openkv/json.h); this header
// adds the pieces the CLI, server and C API build on: single key parts,
// appending to a buffer, and reading from an already parsed JsonValue.
//
// Writing fails only for values the notation cannot hold (06 §3.13): cycles
// and Float16Array. Reading validates every node (06 §4.6 D4). All failures
// throw Error(kInvalidArgument) with the spec's text where it defines one.
// The NDJSON line format built on this is in codec/ndjson.h.
//
// Thread-safety: free functions without shared state.
#ifndef OPENKV_CODEC_JSON_NOTATION_H_
#define OPENKV_CODEC_JSON_NOTATION_H_

#include <string>
#include <string_view>

#include "codec/json_text.h"
#include "openkv/entry.h"
#include "openkv/json.h"
#include "openkv/key.h"
#include "openkv/value.h"

namespace openkv::codec {

using openkv::entry_from_json;
using openkv::entry_maybe_from_json;
using openkv::entry_maybe_to_json;
using openkv::entry_to_json;
using openkv::key_from_json;
using openkv::key_to_json;
using openkv::value_from_json;
using openkv::value_to_json;

// ---- Keys (06 §2): a JSON array of key-part nodes ----

std::string key_part_to_json(const KeyPart& part);
void write_key_json(std::string& out, const Key& key);

KeyPart key_part_from_json(std::string_view text);
KeyPart key_part_from_json_value(const JsonValue& node);
Key key_from_json_value(const JsonValue& json);

// ---- Values (06 §3 export, §4 import) ----

// A top-level Value::bytes() is a Uint8Array node and a top-level KvU64 a
// KvU64 node, as the stored encodings VE_BYTES and VE_LE64 are exported.
void write_value_json(std::string& out, const Value& value);

// A top-level Uint8Array node gives Value::bytes(), a top-level KvU64 node a
// KvU64 Value (06 §4.1), so the result picks its own encoding.
Value value_from_json_value(const JsonValue& node);

// Entries (06 §5): the versionstamp must be 20 hex characters (the package
// copies any text; a Versionstamp cannot hold other forms).

}  // namespace openkv::codec

#endif  // OPENKV_CODEC_JSON_NOTATION_H_
