// Copyright (c) OpenKV authors.
//
// PostgresBackend stores data in a PostgreSQL 15 database (schema:
// docs/DISTRIBUTED.md), so any number of OpenKV processes can share one
// database and stay exactly correct: versionstamps come from one row that
// every write transaction locks first, queue messages are claimed with
// FOR UPDATE SKIP LOCKED, and changes made by other processes show in
// current_version(), which the engine polls for watches.
//
// Structure: a CommitWriter group-commits atomic writes and sweeps over its
// own connection, on the thread of whichever caller leads the group; reads
// and queue moves lease a connection from a pool, each in a transaction of
// its own.
//
// On a hot standby (Options::primary_url set; docs/DISTRIBUTED.md
// §Replicas) reads come from the standby: eventual ones as it is, strong
// ones (and scans) after it has replayed the primary's flushed WAL. Writes,
// sweeps, current_version() and every queue operation go to the primary,
// over a second pool. Opening creates or migrates the
// schema (Error(kUnsupported) for a newer one) and fails with
// Error(kUnavailable) when the server cannot be reached. Opened read-only,
// it still creates the schema of an empty database (so reads work) but
// refuses every write with Error(kReadOnly).
//
// Thread-safety: every method may be called from any thread (Backend
// contract). Callbacks of atomic_write run on the thread that led the
// write's group: the writer's background thread or another writing caller.
#ifndef OPENKV_STORAGE_POSTGRES_POSTGRES_BACKEND_H_
#define OPENKV_STORAGE_POSTGRES_POSTGRES_BACKEND_H_

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "storage/backend.h"
#include "storage/postgres/pg_commit_writer.h"
#include "storage/postgres/pg_listener.h"
#include "storage/postgres/pg_pool.h"

namespace openkv::storage::postgres {

class PostgresBackend : public Backend {
 public:
  struct Options {
    std::string url;  // postgresql://user@host:port/db (any libpq URI or conninfo)
    // Set when `url` is a hot standby: the primary's URL (libpq multi-host
    // with target_session_attrs=read-write follows a failover).
    std::string primary_url;
    // How long a strong read on a standby waits for it to catch up before
    // failing with Error(kUnavailable).
    std::chrono::milliseconds replay_timeout{10000};
    int reader_connections = 4;
    // Writes (commits, sweeps, queue moves) fail with Error(kReadOnly).
    bool read_only = false;
  };

  explicit PostgresBackend(Options options);  // throws openkv::Error
  ~PostgresBackend() override;                // closes

  core::ReadResult snapshot_read(const std::vector<core::ReadRange>& ranges,
                                 int64_t now_ms) override;
  // On a standby: served by it at once. Its replay position only moves
  // forward, so successive eventual reads never go back in time.
  core::ReadResult eventual_read(const std::vector<core::ReadRange>& ranges,
                                 int64_t now_ms) override;
  bool has_eventual_reads() const override { return primary_pool_ != nullptr; }
  void atomic_write(core::AtomicWrite write, int64_t now_ms, CommitCallback done) override;
  // Leads its own group when no other write is in progress: no thread
  // handoff for a lone writer.
  core::CommitResult commit(core::AtomicWrite write, int64_t now_ms) override;
  SweepResult sweep_expired(int64_t now_ms) override;
  std::optional<int64_t> next_expiration() override;
  Versionstamp current_version() override;
  // One REPEATABLE READ snapshot for the whole scan: an export sees none of
  // the writes committed while it runs.
  void scan(const core::Bytes& start, const core::Bytes& end, bool reverse, int64_t now_ms,
            const ScanVisitor& visit) override;
  std::optional<int64_t> schema_version() override { return schema_version_; }
  std::vector<DequeuedMessage> dequeue_ready(int64_t now_ms, int64_t deadline_ms,
                                             size_t limit) override;
  QueueSettlement finish_message(const RunningLease& lease, DeliveryOutcome outcome,
                                 int64_t now_ms) override;
  void extend_deadlines(const std::vector<RunningLease>& leases, int64_t deadline_ms) override;
  QueueSettlement requeue_overdue(int64_t now_ms) override;
  std::optional<int64_t> next_queue_ts() override;
  // LISTENs on the primary for the NOTIFY every commit sends (pg_listener.h).
  void on_external_change(std::function<void()> changed) override;
  void close() override;

  std::optional<GroupCommitStats> writer_stats() const override { return writer_->stats(); }
  std::optional<QueueDepth> queue_depth() override;

 private:
  void check_open() const;
  void check_writable() const;  // check_open, then refuse when read-only
  ConnectionPool::Lease connection();          // the pool of `url`
  ConnectionPool::Lease primary_connection();  // the primary's (the same pool without one)
  // On a standby, returns once it holds every commit acknowledged before the
  // call (pg_replica.h); on a primary at once.
  void catch_up();

  bool read_only_ = false;
  int64_t schema_version_ = 0;
  std::chrono::milliseconds replay_timeout_;
  std::unique_ptr<ConnectionPool> pool_;
  std::unique_ptr<ConnectionPool> primary_pool_;  // null unless `url` is a standby
  std::unique_ptr<CommitWriter> writer_;
  std::string primary_url_;  // where writes, LISTEN and the strong LSN go
  std::mutex close_mu_;
  std::unique_ptr<CommitListener> listener_;  // guarded by close_mu_; null until asked for
  std::atomic<bool> closed_{false};
};

}  // namespace openkv::storage::postgres

#endif  // OPENKV_STORAGE_POSTGRES_POSTGRES_BACKEND_H_
