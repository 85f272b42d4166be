// Copyright (c) OpenKV authors.
//
// SqliteBackend stores data in Deno KV's SQLite format (spec 03), so Deno,
// denokv and @deno/kv open its files and it opens theirs.
//
// Structure: a CommitWriter owns the write connection and group-commits
// writes (and sweeps, queue moves) on the thread of whichever caller leads
// the group; reads run on the calling thread too, on a connection leased from
// a pool of read-only connections, which WAL lets run beside the writer. A ":memory:"
// database is private to one connection, so there the writer and the readers
// share a pool of that single connection (see ConnectionPool).
//
// Opening: a file that is not a database fails with Error(kCorruption); a
// file the process may not write, opened for writing, fails with
// Error(kReadOnly) and is left untouched; a file whose schema is newer than
// version 3 fails with Error(kUnsupported) unless opened read-only; a denokv
// replica file (kv is a view) is opened read-only.
//
// Thread-safety: every method may be called from any thread (Backend
// contract). Callbacks of atomic_write run on the thread that led the
// write's group: the writer's background thread or another writing caller.
#ifndef OPENKV_STORAGE_SQLITE_SQLITE_BACKEND_H_
#define OPENKV_STORAGE_SQLITE_SQLITE_BACKEND_H_

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "storage/backend.h"
#include "storage/sqlite/commit_writer.h"
#include "storage/sqlite/connection_pool.h"
#include "storage/sqlite/kv_writes.h"
#include "storage/sqlite/schema.h"

namespace openkv::storage::sqlite {

class SqliteBackend : public Backend {
 public:
  struct Options {
    std::string path = ":memory:";  // a file path, or ":memory:"
    bool read_only = false;
    // SQLite's default synchronous=FULL: one WAL fsync per commit (spec 03
    // §1). false sets synchronous=NORMAL: faster, may lose the last commits
    // on power failure (never corrupts).
    bool synchronous_full = true;
    int reader_connections = 4;  // ignored for ":memory:"
    // Seeds the 1..9 version increments, for reproducible tests.
    std::optional<uint64_t> seed;
  };

  explicit SqliteBackend(Options options);  // throws openkv::Error
  ~SqliteBackend() override;                // closes

  core::ReadResult snapshot_read(const std::vector<core::ReadRange>& ranges,
                                 int64_t now_ms) override;
  void atomic_write(core::AtomicWrite write, int64_t now_ms, CommitCallback done) override;
  core::CommitResult streamed_write(StreamedWrite write, int64_t now_ms) override;
  // Commits on the calling thread unless another write leads (then it joins
  // that group): no thread handoff for a lone writer.
  core::CommitResult commit(core::AtomicWrite write, int64_t now_ms) override;
  SweepResult sweep_expired(int64_t now_ms) override;
  std::optional<int64_t> next_expiration() override;
  Versionstamp current_version() override;
  void scan(const core::Bytes& start, const core::Bytes& end, bool reverse, int64_t now_ms,
            const ScanVisitor& visit) override;
  void backup_to(const std::string& path) override;
  std::optional<int64_t> schema_version() override { return schema_.version; }
  std::vector<DequeuedMessage> dequeue_ready(int64_t now_ms, int64_t deadline_ms,
                                             size_t limit) override;
  QueueSettlement finish_message(const RunningLease& lease, DeliveryOutcome outcome,
                                 int64_t now_ms) override;
  void extend_deadlines(const std::vector<RunningLease>& leases, int64_t deadline_ms) override;
  QueueSettlement requeue_overdue(int64_t now_ms) override;
  std::optional<int64_t> next_queue_ts() override;
  void close() override;

  // True when writes fail: opened read-only, or a replica file.
  bool is_read_only() const { return read_only_; }
  std::optional<GroupCommitStats> writer_stats() const override;
  std::optional<QueueDepth> queue_depth() override;

 private:
  void check_open() const;

  SchemaInfo schema_;
  bool read_only_ = false;
  std::shared_ptr<ConnectionPool> read_pool_;
  std::shared_ptr<ConnectionPool> write_pool_;  // null when read-only
  std::unique_ptr<WriterRandom> random_;        // used on the writer thread only
  std::unique_ptr<CommitWriter> writer_;        // null when read-only
  std::mutex close_mu_;
  std::atomic<bool> closed_{false};
};

}  // namespace openkv::storage::sqlite

#endif  // OPENKV_STORAGE_SQLITE_SQLITE_BACKEND_H_
