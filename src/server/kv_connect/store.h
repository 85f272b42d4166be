// Copyright (c) OpenKV authors.
//
// Store is what the KV Connect handlers need from a database: the raw-layer
// operations of engine::Engine (reads, writes, watches and, optionally, the
// queue operations of the OpenKV extension). It exists so the protocol layer can
// be tested against a small in-memory store, and so a server could front any
// engine-like object; EngineStore is the production implementation.
//
// Contract: inputs are already validated (spec 04 §6). Errors are thrown (or
// passed to the commit callback) as openkv::Error.
// Thread-safety: every method may be called concurrently; callbacks run on
// store-owned threads and must not block.
#ifndef OPENKV_SERVER_KV_CONNECT_STORE_H_
#define OPENKV_SERVER_KV_CONNECT_STORE_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "core/raw.h"
#include "engine/engine.h"
#include "storage/backend.h"
#include "storage/queue.h"

namespace openkv::server::kv_connect {

class Store {
 public:
  virtual ~Store() = default;
  virtual core::ReadResult snapshot_read(const std::vector<core::ReadRange>& ranges) = 0;
  virtual void atomic_write(core::AtomicWrite write, storage::CommitCallback done) = 0;
  virtual std::unique_ptr<engine::WatchHandle> watch(std::vector<core::Bytes> keys,
                                                     engine::WatchCallback on_change) = 0;

  // The OpenKV queue extension (docs/kv-connect-queue-extension.md): the
  // engine's raw queue operations on the store's clock. The defaults throw
  // Error(kUnsupported); the server then answers as if it had no such
  // endpoints (404).
  virtual std::vector<storage::DequeuedMessage> dequeue_ready(int64_t deadline_ms,
                                                              size_t max_messages);
  virtual storage::QueueSettlement finish_message(const storage::RunningLease& lease,
                                                  storage::DeliveryOutcome outcome);
  virtual void extend_deadlines(const std::vector<storage::RunningLease>& leases,
                                int64_t deadline_ms);
  virtual std::optional<int64_t> next_queue_ts();
  virtual void requeue_overdue();
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
  std::vector<storage::DequeuedMessage> dequeue_ready(int64_t deadline_ms,
                                                      size_t max_messages) override {
    return engine_.dequeue_ready(deadline_ms, max_messages);
  }
  storage::QueueSettlement finish_message(const storage::RunningLease& lease,
                                          storage::DeliveryOutcome outcome) override {
    return engine_.finish_message(lease, outcome);
  }
  void extend_deadlines(const std::vector<storage::RunningLease>& leases,
                        int64_t deadline_ms) override {
    engine_.extend_deadlines(leases, deadline_ms);
  }
  std::optional<int64_t> next_queue_ts() override { return engine_.next_queue_ts(); }
  void requeue_overdue() override { engine_.requeue_overdue(); }

 private:
  engine::Engine& engine_;
};

}  // namespace openkv::server::kv_connect

#endif  // OPENKV_SERVER_KV_CONNECT_STORE_H_
