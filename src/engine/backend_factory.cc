// Copyright (c) OpenKV authors.
#include "engine/backend_factory.h"

#include <string>

#include "storage/sqlite/sqlite_backend.h"

namespace openkv::engine {

std::unique_ptr<storage::Backend> open_backend(std::string_view path, const Options& options) {
  storage::sqlite::SqliteBackend::Options sqlite;
  sqlite.path = std::string(path);
  sqlite.read_only = options.read_only;
  sqlite.synchronous_full = options.durable;
  sqlite.reader_connections = options.reader_connections;
  sqlite.seed = options.seed;
  return std::make_unique<storage::sqlite::SqliteBackend>(std::move(sqlite));
}

}  // namespace openkv::engine
