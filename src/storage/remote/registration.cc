// Copyright (c) OpenKV authors.
//
// openkv/remote.h: Database::open's opener for KV Connect URLs
// (storage/backend_registry.h says why backends register).
#include <memory>
#include <string>

#include "openkv/remote.h"
#include "storage/backend_registry.h"
#include "storage/remote/remote_backend.h"

namespace openkv {
namespace {

std::unique_ptr<storage::Backend> open_remote(std::string_view path, const Options& options) {
  storage::remote::RemoteBackend::Options remote;
  remote.url = std::string(path);
  remote.access_token = options.access_token;
  remote.tls_ca_file = options.tls_ca_file;
  return std::make_unique<storage::remote::RemoteBackend>(std::move(remote));
}

}  // namespace

void register_remote_backend() {
  storage::register_backend(storage::ServerKind::kKvConnect, &open_remote);
}

}  // namespace openkv
