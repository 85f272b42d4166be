// Copyright (c) OpenKV authors.
#include "engine/blob_layout.h"

#include <string>

#include "codec/key_codec.h"
#include "core/value_encoding.h"
#include "engine/front_end_limits.h"
#include "openkv/errors.h"
#include "openkv/value.h"

namespace openkv::engine::blob {
namespace {

[[noreturn]] void bad_meta(const std::string& why) {
  throw Error(ErrorCode::kCorruption, "Invalid blob meta: " + why + ".");
}

const Value* find(const Properties& props, const std::string& name) {
  for (const auto& [key, value] : props) {
    if (key == name) return &value;
  }
  return nullptr;
}

const Value& required(const Properties& props, const std::string& name, Value::Type type) {
  const Value* v = find(props, name);
  if (!v || v->type() != type) bad_meta("'" + name + "' is missing or has the wrong type");
  return *v;
}

}  // namespace

Layout::Layout(const Key& key) {
  core::Bytes k = codec::encode_key(key);
  meta_key = k;
  codec::append_key_part(meta_key, KeyPart(kMetaPart));
  chunk_prefix = std::move(k);
  codec::append_key_part(chunk_prefix, KeyPart(kChunkPart));
  // Every chunk key has the same length (a Float part is 9 bytes), and it is
  // the longer of the two layout keys.
  check_write_key(meta_key);
  check_write_key(chunk_key(1));
}

core::Bytes Layout::chunk_key(uint64_t index) const {
  core::Bytes out = chunk_prefix;
  // kv-toolbox numbers chunks with JS numbers: Float key parts.
  codec::append_key_part(out, KeyPart(static_cast<double>(index)));
  return out;
}

core::Bytes Layout::chunks_end() const {
  core::Bytes out = chunk_prefix;
  out.push_back(0xff);  // above every key part tag
  return out;
}

core::RawValue encode_meta(const BlobMeta& meta) {
  const Value size(static_cast<double>(meta.size));
  Value object;
  switch (meta.kind) {
    case BlobMeta::Kind::kFile:
      object = Value::make_object({{"kind", Value("file")},
                                   {"type", Value(meta.type)},
                                   {"lastModified", Value(meta.last_modified)},
                                   {"name", Value(meta.name)},
                                   {"size", size}});
      break;
    case BlobMeta::Kind::kBlob:
      object = Value::make_object({{"kind", Value("blob")}, {"type", Value(meta.type)}, {"size", size}});
      break;
    case BlobMeta::Kind::kBuffer:
      object = Value::make_object({{"kind", Value("buffer")}, {"size", size}});
      break;
  }
  if (meta.encrypted) {
    std::get<PlainObject>(object.object()->data).properties.emplace_back("encrypted", true);
  }
  return core::encode_value(object);
}

BlobMeta decode_meta(const core::RawEntry& entry) {
  Value v = core::decode_value(entry.value);
  if (v.type() != Value::Type::kObject || v.object_kind() != ObjectKind::kObject) {
    bad_meta("not an object");
  }
  const Properties& props = std::get<PlainObject>(v.object()->data).properties;
  BlobMeta meta;
  const std::string& kind = required(props, "kind", Value::Type::kString).as_string();
  if (kind == "file") {
    meta.kind = BlobMeta::Kind::kFile;
    meta.name = required(props, "name", Value::Type::kString).as_string();
    meta.last_modified = required(props, "lastModified", Value::Type::kNumber).as_number();
  } else if (kind == "blob") {
    meta.kind = BlobMeta::Kind::kBlob;
  } else if (kind != "buffer") {
    bad_meta("unknown kind '" + kind + "'");
  }
  if (meta.kind != BlobMeta::Kind::kBuffer) {
    meta.type = required(props, "type", Value::Type::kString).as_string();
  }
  double size = required(props, "size", Value::Type::kNumber).as_number();
  if (!(size >= 0)) bad_meta("negative size");
  meta.size = static_cast<uint64_t>(size);
  const Value* encrypted = find(props, "encrypted");
  meta.encrypted = encrypted && encrypted->type() == Value::Type::kBool && encrypted->as_bool();
  meta.versionstamp = entry.versionstamp;
  return meta;
}

core::ReadRange point_range(const core::Bytes& key) {
  core::ReadRange range{key, key, 1, false};
  range.end.push_back(0);
  return range;
}

}  // namespace openkv::engine::blob
