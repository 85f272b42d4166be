// Copyright (c) OpenKV authors.
//
// Writing blobs: one StreamedWrite per put or remove, so a blob of any size
// is one commit and only one chunk is in memory at a time.
#include <chrono>
#include <filesystem>
#include <fstream>
#include <istream>
#include <string>

#include "engine/blob_layout.h"
#include "engine/database_access.h"
#include "engine/engine.h"
#include "openkv/blob.h"
#include "openkv/database.h"
#include "openkv/errors.h"

namespace openkv {
namespace {

using engine::blob::kChunkBytes;
using engine::blob::Layout;

BlobMeta meta_for(const BlobPutOptions& options) {
  BlobMeta meta;
  if (options.name) {
    meta.kind = BlobMeta::Kind::kFile;
    meta.name = *options.name;
    meta.last_modified = options.last_modified.value_or(static_cast<double>(engine::now_ms()));
  } else if (options.type) {
    meta.kind = BlobMeta::Kind::kBlob;
  } else if (options.last_modified) {
    throw Error(ErrorCode::kInvalidArgument, "A blob's lastModified needs a name (a File).");
  }
  meta.type = options.type.value_or("");
  return meta;
}

// Pulls chunks from `source` and then the meta, as the commit asks for them.
class ChunkProducer {
 public:
  ChunkProducer(const Layout& layout, const BlobSource& source, BlobMeta meta,
                std::optional<int64_t> expire_at_ms)
      : layout_(layout), source_(source), meta_(std::move(meta)), expire_at_ms_(expire_at_ms) {}

  bool next(core::Mutation& m) {
    if (state_ == State::kDone) return false;
    m.type = core::MutationType::kSet;
    m.expire_at_ms = expire_at_ms_;
    if (state_ == State::kChunks) {
      m.value.encoding = core::Encoding::kBytes;
      m.value.data.resize(kChunkBytes);
      size_t n = fill(m.value.data);
      if (n > 0) {
        m.value.data.resize(n);
        m.key = layout_.chunk_key(++chunks_);
        meta_.size += n;
        if (n < kChunkBytes) state_ = State::kMeta;
        return true;
      }
    }
    // The size is known only now, so the meta is the commit's last row.
    state_ = State::kDone;
    m.key = layout_.meta_key;
    m.value = engine::blob::encode_meta(meta_);
    return true;
  }

 private:
  enum class State { kChunks, kMeta, kDone };

  // Fills `buf` unless the source ends first; returns the bytes filled.
  size_t fill(std::vector<uint8_t>& buf) {
    size_t filled = 0;
    while (filled < buf.size()) {
      size_t n = source_(std::span<uint8_t>(buf).subspan(filled));
      if (n == 0) break;
      filled += n;
    }
    return filled;
  }

  const Layout& layout_;
  const BlobSource& source_;
  BlobMeta meta_;
  std::optional<int64_t> expire_at_ms_;
  State state_ = State::kChunks;
  uint64_t chunks_ = 0;
};

CommitResult to_commit_result(const core::CommitResult& r) { return {r.ok, r.versionstamp}; }

}  // namespace

Blobs::Blobs(Database& db) : db_(db) {}

CommitResult Blobs::put(const Key& key, std::span<const uint8_t> bytes,
                        const BlobPutOptions& options) {
  size_t offset = 0;
  return put_source(
      key,
      [&](std::span<uint8_t> buf) {
        size_t n = std::min(buf.size(), bytes.size() - offset);
        std::copy_n(bytes.begin() + static_cast<std::ptrdiff_t>(offset), n, buf.begin());
        offset += n;
        return n;
      },
      options);
}

CommitResult Blobs::put_file(const Key& key, const std::string& path, BlobPutOptions options) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(ErrorCode::kIoError, "Cannot open file '" + path + "' for reading.");
  if (!options.name) options.name = std::filesystem::path(path).filename().string();
  if (!options.last_modified) {
    std::error_code ec;
    auto mtime = std::filesystem::last_write_time(path, ec);
    if (!ec) {
      auto sys = std::chrono::file_clock::to_sys(mtime);
      options.last_modified = static_cast<double>(
          std::chrono::duration_cast<std::chrono::milliseconds>(sys.time_since_epoch()).count());
    }
  }
  return put_stream(key, in, options);
}

CommitResult Blobs::put_stream(const Key& key, std::istream& in, const BlobPutOptions& options) {
  return put_source(
      key,
      [&](std::span<uint8_t> buf) {
        in.read(reinterpret_cast<char*>(buf.data()), static_cast<std::streamsize>(buf.size()));
        if (in.bad()) throw Error(ErrorCode::kIoError, "Reading the blob's input failed.");
        return static_cast<size_t>(in.gcount());
      },
      options);
}

CommitResult Blobs::put_source(const Key& key, const BlobSource& source,
                               const BlobPutOptions& options) {
  if (options.expire_in && options.expire_in->count() < 0) {
    throw Error(ErrorCode::kInvalidArgument, "expireIn must not be negative: received " +
                                                 std::to_string(options.expire_in->count()));
  }
  const Layout layout(key);
  BlobMeta meta = meta_for(options);
  std::optional<int64_t> expire_at;
  if (options.expire_in) expire_at = engine::now_ms() + options.expire_in->count();
  ChunkProducer producer(layout, source, std::move(meta), expire_at);
  storage::StreamedWrite write;
  // The old blob's chunks go in the same commit, however many there were.
  write.clear_ranges.emplace_back(layout.chunk_prefix, layout.chunks_end());
  write.next = [&producer](core::Mutation& m) { return producer.next(m); };
  return to_commit_result(engine::engine_of(db_).streamed_write(std::move(write)));
}

CommitResult Blobs::remove(const Key& key) {
  const Layout layout(key);
  storage::StreamedWrite write;
  write.clear_ranges.emplace_back(layout.chunk_prefix, layout.chunks_end());
  write.clear_ranges.push_back({layout.meta_key, engine::blob::point_range(layout.meta_key).end});
  write.next = [](core::Mutation&) { return false; };
  return to_commit_result(engine::engine_of(db_).streamed_write(std::move(write)));
}

AtomicOperation& Blobs::check(AtomicOperation& op, const Key& key,
                              std::optional<Versionstamp> versionstamp) {
  Key meta_key = key;
  meta_key.emplace_back(engine::blob::kMetaPart);
  return op.check(meta_key, versionstamp);
}

}  // namespace openkv
