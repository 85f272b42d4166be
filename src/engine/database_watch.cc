// Copyright (c) OpenKV authors.
//
// Database::watch: the synchronous checks Deno's `kv.watch()` makes before a
// stream exists (spec 02 §10), in its order — the key count, then every key's
// encoding, then every key's size.
#include "codec/key_codec.h"
#include "engine/engine.h"
#include "engine/front_end_limits.h"
#include "openkv/database.h"
#include "openkv/errors.h"

namespace openkv {

WatchStream Database::watch(const std::vector<Key>& keys, const WatchOptions& options) {
  if (engine_->is_closed()) throw Error(ErrorCode::kClosed, "Database is closed.");
  engine::check_watch_key_count(keys.size());
  std::vector<core::Bytes> encoded;
  encoded.reserve(keys.size());
  for (const auto& key : keys) encoded.push_back(codec::encode_key(key));
  // A watch reads each key itself, not a range ending one byte after it, so
  // the limit applies to the key (a 2049-byte key is allowed).
  for (const auto& key : encoded) engine::check_read_key(key);
  return WatchStream(engine_, keys, std::move(encoded), options);
}

}  // namespace openkv
