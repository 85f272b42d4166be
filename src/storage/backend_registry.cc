// Copyright (c) OpenKV authors.
#include "storage/backend_registry.h"

#include <array>
#include <atomic>

namespace openkv::storage {
namespace {

// One slot per kind; atomics rather than a mutex because registration may
// race with a Database::open on another thread and both are rare.
std::array<std::atomic<BackendOpener>, 2> openers{};

std::atomic<BackendOpener>& slot(ServerKind kind) { return openers[static_cast<size_t>(kind)]; }

}  // namespace

void register_backend(ServerKind kind, BackendOpener opener) { slot(kind).store(opener); }

BackendOpener registered_backend(ServerKind kind) { return slot(kind).load(); }

}  // namespace openkv::storage
