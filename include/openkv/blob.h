// Copyright (c) OpenKV authors.
//
// Blobs: values of any size, stored in the layout of kv-toolbox's blob.ts
// (docs/BLOBS.md), so Deno apps using kv-toolbox read what OpenKV writes and
// the other way round. A blob at key K is a meta entry at
// [...K, "__kv_toolbox_meta__"] and chunks at [...K, "__kv_toolbox_blob__", i].
//
//   openkv::Blobs blobs(*db);
//   blobs.put_file({"photos", "cat"}, "cat.jpg", {.type = "image/jpeg"});
//   auto reader = blobs.open({"photos", "cat"});
//   while (auto chunk = reader->next()) write(*chunk);
//
// Unlike kv-toolbox, a put or remove of any size is ONE commit (readers see
// the old blob or the new one, never a mix), and memory stays bounded by a
// few chunks however large the blob is. On a remote (KV Connect) database a
// blob commit is limited to 1000 mutations and 800 KiB (Error kUnsupported
// beyond).
//
// Thread-safety: a Blobs may be used from many threads at once; a
// BlobReader by one thread at a time.
#ifndef OPENKV_BLOB_H_
#define OPENKV_BLOB_H_

#include <chrono>
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "openkv/atomic.h"
#include "openkv/key.h"
#include "openkv/versionstamp.h"

namespace openkv {

class Database;

struct BlobMeta {
  // kv-toolbox's three kinds: a File (type, name, last_modified), a Blob
  // (type), or plain bytes ("buffer").
  enum class Kind { kBuffer, kBlob, kFile };
  Kind kind = Kind::kBuffer;
  std::string type;          // MIME type; empty for kBuffer
  std::string name;          // kFile only
  double last_modified = 0;  // kFile only: Unix ms
  uint64_t size = 0;         // bytes, as recorded by the writer
  bool encrypted = false;    // kv-toolbox AES-GCM payload: bytes are opaque
  Versionstamp versionstamp;  // of the meta entry: changes with every put
};

struct BlobPutOptions {
  // The kind follows from the fields: `name` makes a File, else `type` a
  // Blob, else it is a buffer.
  std::optional<std::string> type;
  std::optional<std::string> name;
  std::optional<double> last_modified;  // File only; default: now
  // Every entry of the blob expires together (no orphan meta is left).
  std::optional<std::chrono::milliseconds> expire_in;
};

// Fills buf with up to buf.size() bytes and returns how many; 0 means the
// end. May throw: the put then fails and nothing persists.
using BlobSource = std::function<size_t(std::span<uint8_t> buf)>;

// Reads one blob chunk by chunk. Every chunk comes from the same version of
// the blob: if a put or remove replaces it while it is being read, next()
// throws Error(kUnavailable, "The blob changed while it was read.").
class BlobReader {
 public:
  virtual ~BlobReader() = default;
  virtual const BlobMeta& meta() const = 0;
  // The next chunk's bytes (never empty), or nullopt after the last.
  // Throws as above, or Error(kClosed) once the database is closed.
  virtual std::optional<std::vector<uint8_t>> next() = 0;
};

class Blobs {
 public:
  // REQUIRES: `db` outlives this object and every reader it opens.
  explicit Blobs(Database& db);

  // Writes (or replaces) the blob at `key` in one commit and returns its
  // versionstamp (ok is always true). A replaced blob's chunks are deleted
  // in the same commit. Throws Error(kInvalidArgument) for a bad key or
  // options, Error(kIoError) when the source fails (nothing persists).
  CommitResult put(const Key& key, std::span<const uint8_t> bytes, const BlobPutOptions& options = {});
  // The file at `path`, read as the commit runs. With no options.name the
  // blob is a File named after the path's last component.
  CommitResult put_file(const Key& key, const std::string& path, BlobPutOptions options = {});
  // Reads `in` to its end as the commit runs.
  CommitResult put_stream(const Key& key, std::istream& in, const BlobPutOptions& options = {});
  CommitResult put_source(const Key& key, const BlobSource& source,
                          const BlobPutOptions& options = {});

  // The blob's meta, or nullopt when there is none (kv-toolbox's rule: a
  // blob without meta is absent). Throws Error(kCorruption) for a meta entry
  // that is not a kv-toolbox meta object.
  std::optional<BlobMeta> meta(const Key& key);
  // The whole blob (REQUIRES: it fits in memory), or nullopt when absent.
  // Retries when a concurrent put replaces it mid-read.
  std::optional<std::vector<uint8_t>> get(const Key& key);
  // Streams the blob to `out`; returns its meta, or nullopt when absent
  // (nothing written). Throws Error(kUnavailable) when it is replaced
  // mid-read (bytes already written stay written), Error(kIoError) when
  // `out` fails.
  std::optional<BlobMeta> get_to(const Key& key, std::ostream& out);
  // A reader over the blob, or nullptr when absent.
  std::unique_ptr<BlobReader> open(const Key& key);

  // Deletes the meta and every chunk in one commit (a missing blob is not an
  // error and still commits).
  CommitResult remove(const Key& key);

  // Every blob whose key starts with `prefix` (the blob at `prefix` itself
  // included; any key length, unlike kv-toolbox), in key order, with its
  // meta. Chunk ranges are skipped, not read.
  std::vector<std::pair<Key, BlobMeta>> list(const Key& prefix);

  // Adds to `op` a check that the blob at `key` has meta versionstamp
  // `versionstamp` (nullopt: no blob there), e.g. to commit something only
  // if a blob is still the one that was read.
  static AtomicOperation& check(AtomicOperation& op, const Key& key,
                                std::optional<Versionstamp> versionstamp);

 private:
  Database& db_;
};

}  // namespace openkv

#endif  // OPENKV_BLOB_H_
