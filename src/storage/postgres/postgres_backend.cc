// Copyright (c) OpenKV authors.

#include "storage/postgres/postgres_backend.h"

#include <algorithm>
#include <utility>

#include "openkv/errors.h"
#include "storage/postgres/pg_queue.h"
#include "storage/postgres/pg_reads.h"
#include "storage/postgres/pg_replica.h"
#include "storage/postgres/pg_schema.h"
#include "storage/postgres/pg_writes.h"

namespace openkv::storage::postgres {

PostgresBackend::PostgresBackend(Options options)
    : read_only_(options.read_only), replay_timeout_(options.replay_timeout) {
  const std::string& primary = options.primary_url.empty() ? options.url : options.primary_url;
  {
    // Only the primary can create or migrate the schema; a standby gets it
    // by replication (strong reads wait for that).
    Connection c(primary);
    schema_version_ = migrate_schema(c);
  }
  pool_ = std::make_unique<ConnectionPool>(options.url, std::max(1, options.reader_connections));
  if (!options.primary_url.empty()) {
    primary_pool_ =
        std::make_unique<ConnectionPool>(primary, std::max(1, options.reader_connections));
  }
  writer_ = make_commit_writer(primary);
  primary_url_ = primary;
}

void PostgresBackend::on_external_change(std::function<void()> changed) {
  std::lock_guard lock(close_mu_);
  if (closed_.load() || listener_) return;
  listener_ = std::make_unique<CommitListener>(primary_url_, std::move(changed));
}

PostgresBackend::~PostgresBackend() {
  try {
    close();
  } catch (...) {
    // Destructors must not throw; close() only fails on broken invariants.
  }
}

void PostgresBackend::check_open() const {
  if (closed_.load()) throw Error(ErrorCode::kClosed, "Database is closed.");
}

void PostgresBackend::check_writable() const {
  check_open();
  if (read_only_) throw Error(ErrorCode::kReadOnly, "Can not write to a read-only database.");
}

ConnectionPool::Lease PostgresBackend::connection() {
  check_open();
  return pool_->acquire();
}

ConnectionPool::Lease PostgresBackend::primary_connection() {
  check_open();
  return primary_pool_ ? primary_pool_->acquire() : pool_->acquire();
}

void PostgresBackend::catch_up() {
  if (!primary_pool_) return;
  uint64_t lsn = primary_flush_lsn(*primary_connection());
  wait_for_replay(*connection(), lsn, replay_timeout_);
}

core::ReadResult PostgresBackend::snapshot_read(const std::vector<core::ReadRange>& ranges,
                                                int64_t now_ms) {
  catch_up();
  return eventual_read(ranges, now_ms);
}

core::ReadResult PostgresBackend::eventual_read(const std::vector<core::ReadRange>& ranges,
                                                int64_t now_ms) {
  ConnectionPool::Lease c = connection();
  return read_ranges(*c, ranges, now_ms);
}

void PostgresBackend::atomic_write(core::AtomicWrite write, int64_t now_ms, CommitCallback done) {
  check_open();
  if (read_only_) {
    done(core::CommitResult{}, std::make_exception_ptr(Error(
                                   ErrorCode::kReadOnly, "Can not write to a read-only database.")));
    return;
  }
  writer_->submit(std::make_unique<CommitJob<Connection>>(
      [write = std::move(write), now_ms](Connection& c) {
        return apply_atomic_write(c, write, now_ms);
      },
      std::move(done)));
}

core::CommitResult PostgresBackend::commit(core::AtomicWrite write, int64_t now_ms) {
  check_writable();
  CommitJob<Connection> job(
      [&](Connection& c) { return apply_atomic_write(c, write, now_ms); });
  writer_->run(job);
  return job.take();
}

SweepResult PostgresBackend::sweep_expired(int64_t now_ms) {
  check_open();
  // Nothing can be deleted through a read-only handle; reads already hide
  // expired rows.
  if (read_only_) return {};
  // A sweep holds the version row like a commit, so its version bump is
  // ordered with theirs.
  return run_in_group<SweepResult>(
      *writer_, [now_ms](Connection& c) { return sweep_expired_rows(c, now_ms); });
}

std::optional<int64_t> PostgresBackend::next_expiration() {
  ConnectionPool::Lease c = primary_connection();  // where the sweeps run
  // A read-only handle cannot sweep, so it has no expiry to schedule.
  if (read_only_) return std::nullopt;
  return read_next_expiration(*c);
}

Versionstamp PostgresBackend::current_version() {
  // The primary's: "the latest committed version" is a strong read.
  ConnectionPool::Lease c = primary_connection();
  return read_current_version(*c);
}

void PostgresBackend::scan(const core::Bytes& start, const core::Bytes& end, bool reverse,
                           int64_t now_ms, const ScanVisitor& visit) {
  catch_up();
  ConnectionPool::Lease c = connection();
  scan_range(*c, start, end, reverse, now_ms, visit);
}

std::vector<DequeuedMessage> PostgresBackend::dequeue_ready(int64_t now_ms, int64_t deadline_ms,
                                                            size_t limit) {
  check_writable();
  ConnectionPool::Lease c = primary_connection();
  return dequeue_ready_rows(*c, now_ms, deadline_ms, limit);
}

QueueSettlement PostgresBackend::finish_message(const RunningLease& lease,
                                                DeliveryOutcome outcome, int64_t now_ms) {
  check_writable();
  ConnectionPool::Lease c = primary_connection();
  return finish_running_row(*c, lease, outcome, now_ms);
}

void PostgresBackend::extend_deadlines(const std::vector<RunningLease>& leases,
                                       int64_t deadline_ms) {
  check_writable();
  if (leases.empty()) return;
  ConnectionPool::Lease c = primary_connection();
  extend_running_deadlines(*c, leases, deadline_ms);
}

QueueSettlement PostgresBackend::requeue_overdue(int64_t now_ms) {
  check_writable();
  ConnectionPool::Lease c = primary_connection();
  return requeue_overdue_rows(*c, now_ms);
}

std::optional<int64_t> PostgresBackend::next_queue_ts() {
  ConnectionPool::Lease c = primary_connection();
  return read_next_queue_ts(*c);
}

std::optional<QueueDepth> PostgresBackend::queue_depth() {
  ConnectionPool::Lease c = primary_connection();
  return read_queue_depth(*c);
}

void PostgresBackend::close() {
  std::lock_guard lock(close_mu_);
  if (closed_.exchange(true)) return;
  listener_.reset();  // no more calls of the engine's callback
  writer_->close();  // finishes every queued write first
  pool_->close();
  if (primary_pool_) primary_pool_->close();
}

}  // namespace openkv::storage::postgres
