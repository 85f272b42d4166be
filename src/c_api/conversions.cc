// Copyright (c) OpenKV authors.
//
// C arguments to C++ values and C++ results to C handles.
#include <chrono>
#include <cstring>

#include "c_api/handles.h"
#include "codec/json_notation.h"
#include "core/value_encoding.h"

namespace openkv::c_api {

namespace {

void require(const void* p, const char* what) {
  if (p == nullptr) throw Error(ErrorCode::kInvalidArgument, std::string(what) + " is NULL");
}

}  // namespace

Key parse_key(const char* json, const char* what) {
  require(json, what);
  return codec::key_from_json(json);
}

Value parse_value(const char* json) {
  require(json, "value_json");
  return codec::value_from_json(json);
}

Value parse_raw_value(const uint8_t* data, size_t size, openkv_encoding encoding) {
  if (size > 0) require(data, "data");
  auto enc = static_cast<core::Encoding>(encoding);
  // decode_value reports an unknown encoding as stored-data corruption; here
  // it is the caller's mistake.
  if (!core::is_known_encoding(enc)) {
    throw Error(ErrorCode::kInvalidArgument, core::unknown_encoding_text(enc));
  }
  return core::decode_value({core::Bytes(data, data + size), enc});
}

SetOptions set_options(int64_t expire_in_ms) {
  SetOptions options;
  if (expire_in_ms >= 0) {
    options.expire_in = std::chrono::milliseconds(expire_in_ms);
  } else if (expire_in_ms != OPENKV_NO_EXPIRY) {
    throw Error(ErrorCode::kInvalidArgument, "expire_in_ms must be >= 0 or OPENKV_NO_EXPIRY, not " +
                                                 std::to_string(expire_in_ms));
  }
  return options;
}

openkv_entry* new_entry(const EntryMaybe& entry) {
  auto out = std::make_unique<openkv_entry>();
  out->key_json = codec::key_to_json(entry.key);
  if (entry.versionstamp) out->versionstamp = entry.versionstamp->to_hex();
  if (entry.value) out->value = std::make_unique<openkv_value>(*entry.value);
  return out.release();
}

openkv_entry* new_entry(const Entry& entry) {
  return new_entry(EntryMaybe{entry.key, entry.value, entry.versionstamp});
}

void fill_result(const CommitResult& result, openkv_commit_result* out) {
  if (out == nullptr) return;
  out->ok = result.ok ? 1 : 0;
  std::string hex = result.ok ? result.versionstamp.to_hex() : std::string();
  std::memcpy(out->versionstamp, hex.c_str(), hex.size() + 1);
}

}  // namespace openkv::c_api
