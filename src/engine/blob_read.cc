// Copyright (c) OpenKV authors.
//
// Reading blobs in batches of chunks. Each batch is read together with the
// meta entry in one snapshot; every put and remove rewrites the meta, so an
// unchanged meta versionstamp proves that all batches saw the same blob
// (docs/BLOBS.md, "Guarantees").
#include <deque>
#include <ostream>

#include "codec/key_codec.h"
#include "engine/blob_layout.h"
#include "engine/database_access.h"
#include "engine/engine.h"
#include "openkv/blob.h"
#include "openkv/database.h"
#include "openkv/errors.h"

namespace openkv {
namespace {

using engine::blob::Layout;
using engine::blob::point_range;

// Chunks per read: about 1 MB of kv-toolbox's 63,000-byte chunks.
constexpr int32_t kChunksPerRead = 16;
// get() retries this often when concurrent puts keep replacing the blob.
constexpr int kGetAttempts = 8;

class ChunkReader : public BlobReader {
 public:
  // Reads the meta and the first batch; meta() is nullopt-like (absent)
  // when `present()` is false.
  ChunkReader(engine::Engine& engine, const Key& key) : engine_(engine), layout_(key) {
    read_batch();
  }

  bool present() const { return present_; }
  const BlobMeta& meta() const override { return meta_; }

  std::optional<std::vector<uint8_t>> next() override {
    if (batch_.empty() && !ended_) read_batch();
    if (batch_.empty()) return std::nullopt;
    std::vector<uint8_t> chunk = std::move(batch_.front());
    batch_.pop_front();
    return chunk;
  }

 private:
  void read_batch() {
    core::ReadRange chunks{layout_.chunk_key(next_index_), layout_.chunks_end(), kChunksPerRead,
                           false};
    core::ReadResult r = engine_.snapshot_read({point_range(layout_.meta_key), chunks});
    const auto& meta_rows = r.ranges[0];
    if (first_read_) {
      first_read_ = false;
      present_ = !meta_rows.empty();
      if (!present_) {
        ended_ = true;
        return;
      }
      meta_ = engine::blob::decode_meta(meta_rows.front());
    } else if (meta_rows.empty() || meta_rows.front().versionstamp != meta_.versionstamp) {
      throw Error(ErrorCode::kUnavailable, "The blob changed while it was read.");
    }
    auto& rows = r.ranges[1];
    for (auto& row : rows) {
      // Chunks are joined 1, 2, 3, … up to the first gap (kv-toolbox's rule).
      if (row.key != layout_.chunk_key(next_index_) || row.value.encoding != core::Encoding::kBytes) {
        ended_ = true;
        return;
      }
      ++next_index_;
      if (!row.value.data.empty()) batch_.push_back(std::move(row.value.data));
    }
    if (rows.size() < static_cast<size_t>(kChunksPerRead)) ended_ = true;
  }

  engine::Engine& engine_;
  Layout layout_;
  BlobMeta meta_;
  bool first_read_ = true;
  bool present_ = false;
  bool ended_ = false;
  uint64_t next_index_ = 1;
  std::deque<std::vector<uint8_t>> batch_;
};

bool is_part(const KeyPart& part, const char* text) {
  return part.type() == KeyPart::Type::kString && part.as_string() == text;
}

}  // namespace

std::optional<BlobMeta> Blobs::meta(const Key& key) {
  const Layout layout(key);
  auto r = engine::engine_of(db_).snapshot_read({point_range(layout.meta_key)});
  if (r.ranges[0].empty()) return std::nullopt;
  return engine::blob::decode_meta(r.ranges[0].front());
}

std::unique_ptr<BlobReader> Blobs::open(const Key& key) {
  auto reader = std::make_unique<ChunkReader>(engine::engine_of(db_), key);
  if (!reader->present()) return nullptr;
  return reader;
}

std::optional<std::vector<uint8_t>> Blobs::get(const Key& key) {
  for (int attempt = 1;; ++attempt) {
    auto reader = open(key);
    if (!reader) return std::nullopt;
    std::vector<uint8_t> out;
    out.reserve(reader->meta().size);
    try {
      while (auto chunk = reader->next()) out.insert(out.end(), chunk->begin(), chunk->end());
      return out;
    } catch (const Error& e) {
      if (e.code() != ErrorCode::kUnavailable || attempt == kGetAttempts) throw;
    }
  }
}

std::optional<BlobMeta> Blobs::get_to(const Key& key, std::ostream& out) {
  auto reader = open(key);
  if (!reader) return std::nullopt;
  while (auto chunk = reader->next()) {
    out.write(reinterpret_cast<const char*>(chunk->data()),
              static_cast<std::streamsize>(chunk->size()));
    if (!out) throw Error(ErrorCode::kIoError, "Writing the blob's output failed.");
  }
  return reader->meta();
}

std::vector<std::pair<Key, BlobMeta>> Blobs::list(const Key& prefix) {
  std::vector<std::pair<Key, BlobMeta>> blobs;
  core::Bytes cursor = codec::encode_key(prefix);
  const core::Bytes end = [&] {
    core::Bytes e = cursor;
    e.push_back(0xff);
    return e;
  }();
  constexpr int32_t kBatch = 8;
  for (;;) {
    auto r = engine::engine_of(db_).snapshot_read({{cursor, end, kBatch, false}});
    const auto& rows = r.ranges[0];
    bool skipped = false;
    for (const auto& row : rows) {
      Key key = codec::decode_key(row.key);
      cursor = row.key;
      cursor.push_back(0);
      if (key.size() >= 2 && is_part(key[key.size() - 2], engine::blob::kChunkPart)) {
        // Skip the rest of this blob's chunks without reading them.
        key.pop_back();
        cursor = codec::encode_key(key);
        cursor.push_back(0xff);
        skipped = true;
        break;
      }
      if (!key.empty() && is_part(key.back(), engine::blob::kMetaPart)) {
        key.pop_back();
        blobs.emplace_back(std::move(key), engine::blob::decode_meta(row));
      }
    }
    if (!skipped && rows.size() < static_cast<size_t>(kBatch)) return blobs;
  }
}

}  // namespace openkv
