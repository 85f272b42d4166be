// Copyright (c) OpenKV authors.
#include "engine/backend_factory.h"

#include <string>

#include "storage/postgres/postgres_backend.h"
#include "storage/remote/remote_backend.h"
#include "storage/sqlite/sqlite_backend.h"

namespace openkv::engine {

std::unique_ptr<storage::Backend> open_backend(std::string_view path, const Options& options) {
  if (is_remote_path(path)) {
    storage::remote::RemoteBackend::Options remote;
    remote.url = std::string(path);
    remote.access_token = options.access_token;
    remote.tls_ca_file = options.tls_ca_file;
    return std::make_unique<storage::remote::RemoteBackend>(std::move(remote));
  }
  if (storage::postgres::PostgresBackend::is_postgres_url(path)) {
    storage::postgres::PostgresBackend::Options postgres;
    postgres.url = std::string(path);
    postgres.read_only = options.read_only;
    postgres.reader_connections = options.reader_connections;
    return std::make_unique<storage::postgres::PostgresBackend>(std::move(postgres));
  }
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

bool is_server_path(std::string_view path) {
  return is_remote_path(path) || storage::postgres::PostgresBackend::is_postgres_url(path);
}

}  // namespace openkv::engine
