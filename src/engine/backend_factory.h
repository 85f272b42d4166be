// Copyright (c) OpenKV authors.
//
// Chooses the storage backend for a path, as Deno.openKv does: ":memory:" and
// file paths are SQLite, http:// and https:// URLs a KV Connect server; and,
// beyond Deno, postgresql:// and postgres:// URLs a PostgreSQL database
// (docs/DISTRIBUTED.md). The engine links only SQLite; the server backends
// are opened through the openers their libraries register
// (storage/backend_registry.h).
#ifndef OPENKV_ENGINE_BACKEND_FACTORY_H_
#define OPENKV_ENGINE_BACKEND_FACTORY_H_

#include <memory>
#include <string_view>

#include "openkv/options.h"
#include "storage/backend.h"

namespace openkv::engine {

// Throws Error(kUnsupported) for a server path whose backend is not
// registered (openkv/remote.h, openkv/postgres.h), else as the backend does.
std::unique_ptr<storage::Backend> open_backend(std::string_view path, const Options& options);

// True when open_backend would connect to a KV Connect server for `path`.
bool is_remote_path(std::string_view path);

// True when open_backend would connect to a PostgreSQL database for `path`.
bool is_postgres_path(std::string_view path);

// True when `path` names a server (KV Connect or PostgreSQL), not a file.
bool is_server_path(std::string_view path);

}  // namespace openkv::engine

#endif  // OPENKV_ENGINE_BACKEND_FACTORY_H_
