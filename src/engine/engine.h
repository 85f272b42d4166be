// Copyright (c) OpenKV authors.
//
// Engine is the raw-layer database: a Backend plus the backend-agnostic work
// around it — expiry sweeps, watch notification and queue dispatch.
// Both front doors go through it: openkv::Database (typed C++ API) and the
// KV Connect server. Inputs must already be validated by the caller (front
// end or server), each with its own error texts.
//
// Thread-safety: every method may be called concurrently from any thread.
// Callbacks run on engine-owned threads and must not block.
#ifndef OPENKV_ENGINE_ENGINE_H_
#define OPENKV_ENGINE_ENGINE_H_

#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/raw.h"
#include "engine/queue_dispatcher.h"
#include "openkv/options.h"
#include "storage/backend.h"

namespace openkv::engine {

// One watched key's state: nullopt when the key is absent (or expired).
using WatchSnapshot = std::vector<std::optional<core::RawEntry>>;

// Receives the current state of all watched keys, first immediately and then
// after every change that touched at least one of them (bursts may coalesce;
// the latest state is always delivered). Runs on an engine thread.
using WatchCallback = std::function<void(const WatchSnapshot&)>;

// Runs once if a watch ends for another reason than WatchHandle::cancel():
// with nullptr when the engine closes, with the error when a re-read failed.
using WatchEndCallback = std::function<void(std::exception_ptr)>;

// When a woken watch emits. Wake-ups are commits touching a watched key
// (even ones that change nothing visible, such as deleting a missing key),
// expiry sweeps of a watched key, and polls that found the storage version
// changed (a poll cannot tell which keys changed, so it wakes every watch).
enum class WatchMode {
  kOnChange,     // only if some key's versionstamp differs from the last emission
  kEveryWakeUp,  // after every wake-up (Deno's `raw: true`); bursts still coalesce
};

// Stops its watch when destroyed or cancelled; after cancel() returns the
// callback is not running and will not run again.
class WatchHandle {
 public:
  virtual ~WatchHandle() = default;
  virtual void cancel() = 0;
};

class Engine {
 public:
  struct Options {
    // Milliseconds between polls of the backend's version, to notice commits
    // of other processes sharing the storage (watch wake-ups).
    int poll_interval_ms = 500;
    // Upper bound between expiry sweeps even when no expiry is known.
    int max_sweep_interval_ms = 60000;
  };

  Engine(std::unique_ptr<storage::Backend> backend, Options options);
  ~Engine();  // closes
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // A strong read, or with kEventual the backend's eventual_read (which may
  // lag behind the latest commit; see Backend).
  core::ReadResult snapshot_read(const std::vector<core::ReadRange>& ranges,
                                 Consistency consistency = Consistency::kStrong);
  // Backend::has_eventual_reads: whether kEventual reads can lag.
  bool has_eventual_reads();
  // Backend::current_version: the latest committed version.
  Versionstamp current_version();

  // Backend::scan, Backend::backup_to and Backend::schema_version, for tools
  // (export, backup, info) that need one consistent view of a whole store.
  void scan(const core::Bytes& start, const core::Bytes& end, bool reverse,
            const storage::ScanVisitor& visit);
  void backup_to(const std::string& path);
  std::optional<int64_t> schema_version();

  // For /metrics (docs/OPERATIONS.md): the backend's writer statistics and
  // queue depth (nullopt where it keeps none), and the queue messages given
  // up after their last attempt since the engine opened. Thread-safe.
  struct Stats {
    std::optional<storage::GroupCommitStats> writes;
    std::optional<storage::QueueDepth> queue;
    uint64_t queue_given_up = 0;
  };
  Stats stats();

  // Commits asynchronously; `done` runs once durable or failed. Watchers of
  // every written key (suffixed keys as stored) are notified after success.
  void atomic_write(core::AtomicWrite write, storage::CommitCallback done);
  core::CommitResult atomic_write_and_wait(core::AtomicWrite write);

  // Backend::streamed_write on the engine's clock; blocks until durable or
  // failed. A success wakes every watch (the written keys are not kept:
  // there may be too many) and schedules the sweep of any expiry it set.
  core::CommitResult streamed_write(storage::StreamedWrite write);

  std::unique_ptr<WatchHandle> watch(std::vector<core::Bytes> keys, WatchCallback on_change,
                                     WatchEndCallback on_end = {},
                                     WatchMode mode = WatchMode::kOnChange);

  // Delivers queued messages (spec 02 §9) to `handler` on the calling thread
  // and `concurrency - 1` more until close() (or `max_messages`); see
  // QueueDispatcher. Throws Error(kClosed, "Queue already closed") once closed.
  void listen_queue(const QueueDispatcher::Handler& handler, int concurrency,
                    std::optional<uint64_t> max_messages);

  // The backend's queue operations on the engine's clock, for consumers
  // outside this engine (the KV Connect queue extension serves them to
  // remote OpenKV clients, whose own dispatchers keep the policy). Dead-letter
  // keys of a settlement notify watchers and a requeue wakes local listeners,
  // exactly as for settlements made by this engine's dispatcher.
  std::vector<storage::DequeuedMessage> dequeue_ready(int64_t deadline_ms, size_t max_messages);
  storage::QueueSettlement finish_message(const storage::RunningLease& lease,
                                          storage::DeliveryOutcome outcome);
  void extend_deadlines(const std::vector<storage::RunningLease>& leases, int64_t deadline_ms);
  std::optional<int64_t> next_queue_ts();
  storage::QueueSettlement requeue_overdue();
  // Runs crash recovery (now, then every 60 s) even while no listener runs
  // here; see QueueDispatcher::start().
  void start_queue_recovery();

  // Stops queue delivery (in-flight handlers finish and their outcomes are
  // recorded), stops background work, ends watches, waits for queued
  // commits, closes the backend. Later calls throw Error(kClosed, "Database is closed.").
  // Idempotent.
  void close();
  bool is_closed() const;

  // Live watches, for metrics and tests: those the engine polls until they
  // are cancelled or end, plus those a backend serves itself (remote) until
  // their handle is cancelled or destroyed.
  size_t watch_count();

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

// Current Unix time in milliseconds: the one clock for expiry and queues.
int64_t now_ms();

}  // namespace openkv::engine

#endif  // OPENKV_ENGINE_ENGINE_H_
