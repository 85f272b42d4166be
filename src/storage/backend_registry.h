// Copyright (c) OpenKV authors.
//
// Where Database::open finds the backends that live in their own libraries.
// The KV Connect client (src/storage/remote) and the PostgreSQL backend
// (src/storage/postgres) pull in HTTP/2, TLS, protobuf and libpq; an embedder
// that only opens local files should link none of that. So the engine links
// only SQLite, and each server backend's library registers an opener here
// when its public register function (openkv/remote.h, openkv/postgres.h) is
// called. The engine decides which kind of server a path names.
#ifndef OPENKV_STORAGE_BACKEND_REGISTRY_H_
#define OPENKV_STORAGE_BACKEND_REGISTRY_H_

#include <memory>
#include <string_view>

#include "openkv/options.h"
#include "storage/backend.h"

namespace openkv::storage {

enum class ServerKind { kKvConnect, kPostgres };

// Opens a backend for `path` (a URL of the opener's kind) with `options`.
// Throws openkv::Error as Database::open documents.
using BackendOpener = std::unique_ptr<Backend> (*)(std::string_view path, const Options& options);

// Makes `opener` the backend for paths of `kind`, replacing an earlier one.
// Thread-safe.
void register_backend(ServerKind kind, BackendOpener opener);

// The opener registered for `kind`, or nullptr when none is. Thread-safe.
BackendOpener registered_backend(ServerKind kind);

}  // namespace openkv::storage

#endif  // OPENKV_STORAGE_BACKEND_REGISTRY_H_
