// Copyright (c) OpenKV authors.
#include "engine/backend_factory.h"

#include <string>

#include "openkv/errors.h"
#include "storage/backend_registry.h"
#include "storage/sqlite/sqlite_backend.h"

namespace openkv::engine {
namespace {

std::unique_ptr<storage::Backend> open_registered(storage::ServerKind kind, std::string_view path,
                                                  const Options& options) {
  if (storage::BackendOpener opener = storage::registered_backend(kind)) {
    return opener(path, options);
  }
  throw Error(ErrorCode::kUnsupported,
              kind == storage::ServerKind::kKvConnect
                  ? "Opening an http(s):// URL needs the remote backend: link OpenKV::remote "
                    "and call openkv::register_remote_backend() (openkv/remote.h)."
                  : "Opening a postgresql:// URL needs the PostgreSQL backend: link "
                    "OpenKV::postgres and call openkv::register_postgres_backend() "
                    "(openkv/postgres.h).");
}

}  // namespace

std::unique_ptr<storage::Backend> open_backend(std::string_view path, const Options& options) {
  if (!options.primary.empty() && (!is_postgres_path(path) || !is_postgres_path(options.primary))) {
    throw Error(ErrorCode::kInvalidArgument,
                "A primary can only be given for a postgresql:// standby, as a postgresql:// "
                "URL.");
  }
  if (is_remote_path(path)) return open_registered(storage::ServerKind::kKvConnect, path, options);
  if (is_postgres_path(path)) return open_registered(storage::ServerKind::kPostgres, path, options);
  storage::sqlite::SqliteBackend::Options sqlite;
  sqlite.path = std::string(path);
  sqlite.read_only = options.read_only;
  sqlite.synchronous_full = options.durable;
  sqlite.reader_connections = options.reader_connections;
  sqlite.seed = options.seed;
  return std::make_unique<storage::sqlite::SqliteBackend>(std::move(sqlite));
}

bool is_remote_path(std::string_view path) {
  return path.starts_with("http://") || path.starts_with("https://");
}

bool is_postgres_path(std::string_view path) {
  return path.starts_with("postgresql://") || path.starts_with("postgres://");
}

bool is_server_path(std::string_view path) {
  return is_remote_path(path) || is_postgres_path(path);
}

}  // namespace openkv::engine
