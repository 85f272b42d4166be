// Copyright (c) OpenKV authors.

#include "storage/sqlite/sqlite_backend.h"

#include <algorithm>
#include <utility>

#include "openkv/errors.h"
#include "storage/sqlite/kv_reads.h"
#include "storage/sqlite/kv_writes.h"
#include "storage/sqlite/queue_store.h"

namespace openkv::storage::sqlite {
namespace {

constexpr const char* kMemoryPath = ":memory:";

std::mt19937_64 seeded_engine(std::optional<uint64_t> seed) {
  if (seed) return std::mt19937_64(*seed);
  std::random_device device;
  std::seed_seq seq{device(), device(), device(), device()};
  return std::mt19937_64(seq);
}

std::shared_ptr<ConnectionPool> make_pool(std::unique_ptr<Connection> c) {
  std::vector<std::unique_ptr<Connection>> v;
  v.push_back(std::move(c));
  return std::make_shared<ConnectionPool>(std::move(v));
}

}  // namespace

SqliteBackend::SqliteBackend(Options options) : read_only_(options.read_only) {
  const std::string& path = options.path;
  const bool memory = path == kMemoryPath;

  std::unique_ptr<Connection> writer;
  if (!read_only_) {
    writer = std::make_unique<Connection>(path, Connection::Mode::kReadWrite);
    // SQLite silently falls back to read-only when the file is not writable.
    // Refuse before anything (even the WAL pragma) touches the file.
    if (writer->is_read_only()) {
      throw Error(ErrorCode::kReadOnly, "Cannot open database '" + path +
                                            "' for writing: the file is read-only; open it "
                                            "read-only instead.");
    }
    schema_ = inspect_schema(*writer, path);
    if (schema_.kv_is_view) {
      read_only_ = true;  // a denokv replica file (spec 03 §3)
      writer.reset();
    } else {
      // Migrating first refuses a newer schema before the WAL switch could
      // rewrite the file header.
      migrate_schema(*writer);
      try {
        writer->exec("PRAGMA journal_mode=WAL");
      } catch (const Error&) {
        // The reference only logs this failure (spec 03 §1); the database
        // still works in its current journal mode.
      }
      if (!options.synchronous_full) writer->exec("PRAGMA synchronous=NORMAL");
      schema_ = inspect_schema(*writer, path);
    }
  }

  if (memory && writer) {
    // A private in-memory database exists only inside its one connection.
    write_pool_ = make_pool(std::move(writer));
    read_pool_ = write_pool_;
  } else {
    std::vector<std::unique_ptr<Connection>> readers;
    int count = memory ? 1 : std::max(1, options.reader_connections);
    for (int i = 0; i < count; ++i) {
      readers.push_back(std::make_unique<Connection>(path, Connection::Mode::kReadOnly));
    }
    if (read_only_) schema_ = inspect_schema(*readers.front(), path);
    read_pool_ = std::make_shared<ConnectionPool>(std::move(readers));
    if (writer) write_pool_ = make_pool(std::move(writer));
  }

  random_ = std::make_unique<WriterRandom>(
      WriterRandom{seeded_engine(options.seed), seeded_engine(std::nullopt)});
  writer_ = make_commit_writer(write_pool_);
}

SqliteBackend::~SqliteBackend() {
  try {
    close();
  } catch (...) {
    // Destructors must not throw; close() only fails on broken invariants.
  }
}

void SqliteBackend::check_open() const {
  if (closed_.load()) throw Error(ErrorCode::kClosed, "Database is closed.");
}

core::ReadResult SqliteBackend::snapshot_read(const std::vector<core::ReadRange>& ranges,
                                              int64_t now_ms) {
  check_open();
  ConnectionPool::Lease c = read_pool_->acquire();
  return read_ranges(*c, schema_, ranges, now_ms);
}

void SqliteBackend::atomic_write(core::AtomicWrite write, int64_t now_ms, CommitCallback done) {
  check_open();
  writer_->submit(std::make_unique<CommitJob<Connection>>(
      [this, write = std::move(write), now_ms](Connection& c) {
        return apply_atomic_write(c, write, now_ms, *random_);
      },
      std::move(done)));
}

core::CommitResult SqliteBackend::commit(core::AtomicWrite write, int64_t now_ms) {
  check_open();
  CommitJob<Connection> job([&](Connection& c) {
    return apply_atomic_write(c, write, now_ms, *random_);
  });
  writer_->run(job);
  return job.take();
}

core::CommitResult SqliteBackend::streamed_write(StreamedWrite write, int64_t now_ms) {
  check_open();
  // The commit writer re-runs a job when SQLite aborts its group transaction
  // under it; mutations already pulled from `next` cannot be produced again.
  bool started = false;
  return run_in_group<core::CommitResult>(*writer_, [&, now_ms](Connection& c) {
    if (std::exchange(started, true)) {
      throw Error(ErrorCode::kIoError, "The storage aborted a streamed write; it was not applied.");
    }
    return apply_streamed_write(c, write, now_ms, *random_);
  });
}

SweepResult SqliteBackend::sweep_expired(int64_t now_ms) {
  check_open();
  // Nothing can be deleted through a read-only handle; reads already hide
  // expired rows.
  if (read_only_) return {};
  return run_in_group<SweepResult>(*writer_, [now_ms](Connection& c) { return sweep_expired_rows(c, now_ms); });
}

std::optional<int64_t> SqliteBackend::next_expiration() {
  check_open();
  // A read-only handle cannot sweep, so it has no expiry to schedule.
  if (read_only_) return std::nullopt;
  ConnectionPool::Lease c = read_pool_->acquire();
  return read_next_expiration(*c, schema_);
}

Versionstamp SqliteBackend::current_version() {
  check_open();
  ConnectionPool::Lease c = read_pool_->acquire();
  return read_current_version(*c, schema_);
}

std::vector<DequeuedMessage> SqliteBackend::dequeue_ready(int64_t now_ms, int64_t deadline_ms,
                                                          size_t limit) {
  check_open();
  return run_in_group<std::vector<DequeuedMessage>>(*writer_, [=](Connection& c) { return dequeue_ready_rows(c, now_ms, deadline_ms, limit); });
}

QueueSettlement SqliteBackend::finish_message(const RunningLease& lease, DeliveryOutcome outcome,
                                              int64_t now_ms) {
  check_open();
  return run_in_group<QueueSettlement>(*writer_, [&](Connection& c) {
    return finish_running_row(c, lease, outcome, now_ms, *random_);
  });
}

void SqliteBackend::extend_deadlines(const std::vector<RunningLease>& leases, int64_t deadline_ms) {
  check_open();
  if (leases.empty()) return;
  run_in_group<bool>(*writer_, [&](Connection& c) {
    extend_running_deadlines(c, leases, deadline_ms);
    return true;
  });
}

QueueSettlement SqliteBackend::requeue_overdue(int64_t now_ms) {
  check_open();
  return run_in_group<QueueSettlement>(*writer_, [&](Connection& c) { return requeue_overdue_rows(c, now_ms, *random_); });
}

std::optional<int64_t> SqliteBackend::next_queue_ts() {
  check_open();
  ConnectionPool::Lease c = read_pool_->acquire();
  return read_next_queue_ts(*c);
}

void SqliteBackend::scan(const core::Bytes& start, const core::Bytes& end, bool reverse,
                         int64_t now_ms, const ScanVisitor& visit) {
  check_open();
  // One statement stepped to the end reads one WAL snapshot; the lease keeps
  // the connection (and so the snapshot) for the whole scan.
  ConnectionPool::Lease c = read_pool_->acquire();
  visit_range(*c, schema_, start, end, reverse, /*limit=*/-1, now_ms, visit);
}

void SqliteBackend::backup_to(const std::string& path) {
  check_open();
  // VACUUM INTO copies from one read transaction, so the copy is the state
  // of one commit while the writer keeps committing; it also works on the
  // read-only connections, so the writer is never blocked.
  ConnectionPool::Lease c = read_pool_->acquire();
  auto s = c->prepare("VACUUM INTO ?1");
  s->bind_text(1, path);
  s->step();
}

void SqliteBackend::close() {
  std::lock_guard lock(close_mu_);
  if (closed_.exchange(true)) return;
  writer_->close();  // finishes every queued write first
  // Readers close before the writer so that the writer's connection is the
  // last one and checkpoints the WAL into the main file, as Deno's does.
  read_pool_->close();
  if (write_pool_) write_pool_->close();
}

std::optional<GroupCommitStats> SqliteBackend::writer_stats() const {
  if (!writer_) return std::nullopt;
  return writer_->stats();
}

std::optional<QueueDepth> SqliteBackend::queue_depth() {
  check_open();
  ConnectionPool::Lease c = read_pool_->acquire();
  return read_queue_depth(*c);
}

}  // namespace openkv::storage::sqlite
