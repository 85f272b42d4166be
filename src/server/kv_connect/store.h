// Copyright (c) OpenKV authors.
//
// Store is what the KV Connect handlers need from a database: the three
// raw-layer operations of engine::Engine. It exists so the protocol layer can
// be tested against a small in-memory store, and so a server could front any
// engine-like object; EngineStore is the production implementation.
//
// Contract: inputs are already validated (spec 04 §6). Errors are thrown (or
// passed to the commit callback) as openkv::Error.
// Thread-safety: every method may be called concurrently; callbacks run on
// store-owned threads and must not block.
#ifndef OPENKV_SERVER_KV_CONNECT_STORE_H_
#define OPENKV_SERVER_KV_CONNECT_STORE_H_

#include <memory>
#include <vector>

#include "core/raw.h"
#include "engine/engine.h"
#include "storage/backend.h"

namespace openkv::server::kv_connect {

class Store {
 public:
  virtual ~Store() = default;
  virtual core::ReadResult snapshot_read(const std::vector<core::ReadRange>& ranges) = 0;
  virtual void atomic_write(core::AtomicWrite write, storage::CommitCallback done) = 0;
  virtual std::unique_ptr<engine::WatchHandle> watch(std::vector<core::Bytes> keys,
                                                     engine::WatchCallback on_change) = 0;
};

// Forwards to an Engine the caller keeps alive and closes.
class EngineStore : public Store {
 public:
  explicit EngineStore(engine::Engine& engine) : engine_(engine) {}
  core::ReadResult snapshot_read(const std::vector<core::ReadRange>& ranges) override {
    return engine_.snapshot_read(ranges);
  }
  void atomic_write(core::AtomicWrite write, storage::CommitCallback done) override {
    engine_.atomic_write(std::move(write), std::move(done));
  }
  std::unique_ptr<engine::WatchHandle> watch(std::vector<core::Bytes> keys,
                                             engine::WatchCallback on_change) override {
    return engine_.watch(std::move(keys), std::move(on_change));
  }

 private:
  engine::Engine& engine_;
};

}  // namespace openkv::server::kv_connect

#endif  // OPENKV_SERVER_KV_CONNECT_STORE_H_
