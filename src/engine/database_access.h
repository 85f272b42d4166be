// Copyright (c) OpenKV authors.
//
// The raw engine underneath an openkv::Database, for OpenKV's own tools that
// move bytes without decoding them (the KV Connect server, export, count,
// info) and for tests. Not part of the public API: embedders use the typed
// Database methods.
#ifndef OPENKV_ENGINE_DATABASE_ACCESS_H_
#define OPENKV_ENGINE_DATABASE_ACCESS_H_

#include "engine/engine.h"
#include "openkv/database.h"

namespace openkv::internal {

class DatabaseAccess {
 public:
  // The engine lives as long as `db` (and any stream or iterator it made).
  static engine::Engine& engine(Database& db) { return *db.engine_; }
};

}  // namespace openkv::internal

namespace openkv::engine {

inline Engine& engine_of(Database& db) { return internal::DatabaseAccess::engine(db); }

}  // namespace openkv::engine

#endif  // OPENKV_ENGINE_DATABASE_ACCESS_H_
