// Copyright (c) OpenKV authors.

#include "engine/ndjson_transfer.h"

#include <fmt/format.h>

#include "codec/json_notation.h"
#include "codec/key_codec.h"
#include "core/value_encoding.h"
#include "openkv/errors.h"

namespace openkv::engine {

std::string export_ndjson_line(const core::RawEntry& raw) {
  Key key;
  try {
    key = codec::decode_key(raw.key);
  } catch (const Error& e) {
    std::string hex;
    for (uint8_t b : raw.key) hex += fmt::format("{:02x}", b);
    throw Error(e.code(), "Cannot export the entry with key bytes " + hex + ": " + e.what());
  }
  Value value;
  try {
    value = core::decode_value(raw.value);
  } catch (const Error& e) {
    throw Error(e.code(),
                "Cannot export the entry with key " + codec::key_to_json(key) + ": " + e.what());
  }
  return codec::format_ndjson_line(Entry{std::move(key), std::move(value), raw.versionstamp});
}

ImportOutcome import_ndjson_line(Database& db, const codec::NdjsonLine& line,
                                 const ImportSettings& settings) {
  codec::NdjsonRecord record = codec::NdjsonRecord::parse(line.text);
  Key key = settings.prefix;
  key.insert(key.end(), record.key().begin(), record.key().end());
  if (settings.overwrite) {
    db.set(key, record.decode_value());
    return ImportOutcome::kWritten;
  }
  // The value of a line whose key exists is never examined, so the
  // existence read comes before decoding it.
  if (db.get(key).exists()) return ImportOutcome::kSkipped;
  CommitResult result =
      db.atomic().check(key, std::nullopt).set(key, record.decode_value()).commit();
  return result.ok ? ImportOutcome::kWritten : ImportOutcome::kSkipped;
}

}  // namespace openkv::engine
