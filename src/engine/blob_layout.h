// Copyright (c) OpenKV authors.
//
// The kv-toolbox blob layout (docs/BLOBS.md) as raw-layer keys and values:
// where a blob's chunks and meta live, and the meta object's V8 form.
#ifndef OPENKV_ENGINE_BLOB_LAYOUT_H_
#define OPENKV_ENGINE_BLOB_LAYOUT_H_

#include <cstddef>
#include <cstdint>

#include "core/raw.h"
#include "openkv/blob.h"
#include "openkv/key.h"

namespace openkv::engine::blob {

inline constexpr char kChunkPart[] = "__kv_toolbox_blob__";
inline constexpr char kMetaPart[] = "__kv_toolbox_meta__";
// kv-toolbox's chunk size; readers accept any size.
inline constexpr size_t kChunkBytes = 63000;

// The encoded blob key plus its layout keys. Throws Error(kInvalidArgument)
// for a key that cannot be encoded, or whose chunk keys would exceed the
// 2048-byte write limit.
struct Layout {
  explicit Layout(const Key& key);
  core::Bytes meta_key;
  core::Bytes chunk_prefix;  // [...K, kChunkPart] encoded
  core::Bytes chunk_key(uint64_t index) const;
  core::Bytes chunks_end() const;  // end of the range of every chunk key
};

// The meta entry's value: a V8 object with kv-toolbox's property order.
core::RawValue encode_meta(const BlobMeta& meta);
// Throws Error(kCorruption) when `value` is not such an object.
BlobMeta decode_meta(const core::RawEntry& entry);

// The point range of one encoded key.
core::ReadRange point_range(const core::Bytes& key);

}  // namespace openkv::engine::blob

#endif  // OPENKV_ENGINE_BLOB_LAYOUT_H_
