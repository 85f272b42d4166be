// Copyright (c) OpenKV authors.
//
// openkv/postgres.h: Database::open's opener for PostgreSQL URLs
// (storage/backend_registry.h says why backends register).
#include <memory>
#include <string>

#include "openkv/postgres.h"
#include "storage/backend_registry.h"
#include "storage/postgres/postgres_backend.h"

namespace openkv {
namespace {

std::unique_ptr<storage::Backend> open_postgres(std::string_view path, const Options& options) {
  storage::postgres::PostgresBackend::Options postgres;
  postgres.url = std::string(path);
  postgres.primary_url = options.primary;
  postgres.read_only = options.read_only;
  postgres.reader_connections = options.reader_connections;
  return std::make_unique<storage::postgres::PostgresBackend>(std::move(postgres));
}

}  // namespace

void register_postgres_backend() {
  storage::register_backend(storage::ServerKind::kPostgres, &open_postgres);
}

}  // namespace openkv
