// Copyright (c) OpenKV authors.
//
// Backend is the narrow interface every storage engine implements (SQLite
// file, PostgreSQL cluster, remote KV Connect server). It speaks only the raw
// layer (core/raw.h): byte keys, (bytes, encoding) values, versionstamps.
//
// Contract, for every implementation:
//  - snapshot_read serves all ranges from one consistent point in time and
//    never returns a row whose expiration_ms is in [0, now_ms].
//  - atomic_write is all-or-nothing: checks are evaluated against live rows
//    (all of them, reporting every failing position), then one new
//    versionstamp is allocated and the mutations applied in order. Any error
//    leaves no trace (no mutation persists, no version bump). Success is
//    reported only once the commit is durable.
//  - versionstamps strictly increase across commits, sweeps and dead letters.
//  - Inputs have already been validated against the spec's limits; a backend
//    enforces only data rules (checks, sum/min/max types, stored encodings).
//
// Thread-safety: all methods may be called from any thread concurrently;
// callbacks run on a backend-owned thread and must not block for long.
#ifndef OPENKV_STORAGE_BACKEND_H_
#define OPENKV_STORAGE_BACKEND_H_

#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/raw.h"
#include "storage/queue.h"
#include "storage/write_stats.h"

namespace openkv::storage {

// Exactly one of result / error is meaningful: error is null on success.
using CommitCallback = std::function<void(core::CommitResult result, std::exception_ptr error)>;

// Receives the entries of a scan one at a time; returning false stops it.
using ScanVisitor = std::function<bool(core::RawEntry&& entry)>;

// The state of watched keys, in the order they were given: nullopt = absent.
using WatchState = std::vector<std::optional<core::RawEntry>>;

// A push-based watch started by Backend::watch. After cancel() returns, its
// callbacks are not running and will not run again. Destroying it cancels.
class WatchSubscription {
 public:
  virtual ~WatchSubscription() = default;
  virtual void cancel() = 0;
};

// A write too large to hold in memory (a blob of any size): its mutations are
// produced one at a time while it commits. Applied like an AtomicWrite, in
// one commit under one versionstamp: the checks, then every row of each
// clear range is deleted, then the produced mutations in order.
struct StreamedWrite {
  std::vector<core::Check> checks;
  std::vector<std::pair<core::Bytes, core::Bytes>> clear_ranges;  // [start, end)
  // Stores the next mutation (kSet or kDelete only) in `out` and returns
  // true, or returns false at the end. Runs inside the commit, on the thread
  // that commits; what it throws aborts the write (nothing persists) and is
  // rethrown by streamed_write.
  std::function<bool(core::Mutation& out)> next;
};

struct SweepResult {
  std::vector<core::Bytes> deleted_keys;  // in key order
  Versionstamp versionstamp;              // the version the sweep bumped to (if any deleted)
};

class Backend {
 public:
  virtual ~Backend() = default;
  Backend() = default;
  Backend(const Backend&) = delete;
  Backend& operator=(const Backend&) = delete;

  // A strong read: it sees every commit acknowledged before it started.
  virtual core::ReadResult snapshot_read(const std::vector<core::ReadRange>& ranges,
                                         int64_t now_ms) = 0;

  // An eventual read (Deno's `consistency: "eventual"`): one consistent
  // point in time like snapshot_read, but possibly older than the latest
  // commit, because a backend may serve it from a copy that replays the
  // commits later (a hot standby, docs/DISTRIBUTED.md §Replicas). Successive
  // eventual reads of one backend never go back in time. The default is
  // snapshot_read: a strong read is a valid eventual one.
  virtual core::ReadResult eventual_read(const std::vector<core::ReadRange>& ranges,
                                         int64_t now_ms) {
    return snapshot_read(ranges, now_ms);
  }
  // True when eventual_read is served differently from snapshot_read (and
  // so is cheaper, and may lag): only then does a server advertise an
  // eventual endpoint.
  virtual bool has_eventual_reads() const { return false; }

  // Queues the write and returns at once; `done` runs after the commit is
  // durable or has failed. `now_ms` is the commit's clock for expiry checks
  // and enqueue timestamps.
  virtual void atomic_write(core::AtomicWrite write, int64_t now_ms, CommitCallback done) = 0;

  // Commits `write` (see StreamedWrite) and returns once it is durable or
  // has failed: ok == false when a check failed (then nothing persists).
  // Throws what `next` or the storage throws. The default
  // collects the write into one atomic_write, for a backend whose commits
  // travel as one message (remote): it throws Error(kUnsupported) when the
  // write grows past the client limits (1000 mutations, 800 KiB), and its
  // clear ranges are read before the commit, so a key inserted into one
  // meanwhile survives. SQLite streams it into its transaction, with memory
  // bounded by one mutation; its writer thread is busy meanwhile, so `next`
  // should not wait on anything slow.
  virtual core::CommitResult streamed_write(StreamedWrite write, int64_t now_ms);

  // The same write, blocking: returns once the commit is durable (or its
  // checks failed), throws its error otherwise. The default waits for
  // atomic_write's callback; a backend that can commit on the calling thread
  // (SQLite) overrides it to spare the two thread switches per commit.
  virtual core::CommitResult commit(core::AtomicWrite write, int64_t now_ms);

  // Deletes every row with 0 <= expiration_ms <= now_ms; if any was deleted
  // bumps the version by exactly 1.
  virtual SweepResult sweep_expired(int64_t now_ms) = 0;
  // Smallest expiration_ms >= 0 still stored, if any.
  virtual std::optional<int64_t> next_expiration() = 0;

  // The latest committed version, cheap enough to poll: how changes made by
  // other processes sharing the storage are noticed.
  virtual Versionstamp current_version() = 0;

  // Visits the live entries of [start, end) in key order (descending when
  // `reverse`) without holding the range in memory; returning false from the
  // visitor stops it. A backend that can keep one read snapshot open (SQLite)
  // visits from one point in time, so an export of any size sees none of the
  // writes committed while it runs. The default pages through snapshot_read
  // in batches of 1000: each batch is consistent, but a write committed
  // between batches may or may not be seen — the consistency of Deno's own
  // list-based export (spec 06 §6.3). The visitor must not call into this
  // backend (the scan may hold its only connection).
  virtual void scan(const core::Bytes& start, const core::Bytes& end, bool reverse, int64_t now_ms,
                    const ScanVisitor& visit);

  // Writes a consistent copy of the whole store, as of one point in time, to
  // a new file at `path` that the same backend type can open; writers keep
  // going meanwhile. Fails if `path` exists and is not empty. The default
  // throws Error(kUnsupported).
  virtual void backup_to(const std::string& path);

  // The storage format's schema version (SQLite: migration_state), or
  // nullopt for a backend without one.
  virtual std::optional<int64_t> schema_version() { return std::nullopt; }

  // For /metrics: what the backend's writer queue has done, and how many
  // queue messages wait and run now. nullopt for a backend that has no such
  // thing of its own (a remote server). Thread-safe.
  virtual std::optional<GroupCommitStats> writer_stats() const { return std::nullopt; }
  virtual std::optional<QueueDepth> queue_depth() { return std::nullopt; }

  // Queues (spec 02 §9). Messages are inserted by atomic_write (enqueues);
  // these move them on. Each call is one transaction and serialises with
  // commits. The defaults throw Error(kUnsupported): a store without queue
  // delivery, such as a KV Connect server without the OpenKV queue extension
  // (the remote backend implements them over that extension when the
  // server offers it).
  //
  // Moves up to `limit` ready messages (ts <= now_ms), oldest ts first, from
  // the queue to running with the deadline `deadline_ms`.
  virtual std::vector<DequeuedMessage> dequeue_ready(int64_t now_ms, int64_t deadline_ms,
                                                     size_t limit);
  // Settles one running message. Success deletes it. Failure retries it when
  // its remaining backoff schedule is non-empty (back in the queue at
  // now_ms + schedule[0] with the rest of the schedule, same id); otherwise
  // writes its payload (V8, no expiry) to every keys_if_undelivered key under
  // ONE new versionstamp (no version bump when there are no keys) and drops
  // it. A lease whose row is gone (another process recovered it) is ignored.
  virtual QueueSettlement finish_message(const RunningLease& lease, DeliveryOutcome outcome,
                                         int64_t now_ms);
  // Sets the deadline of every listed running message to `deadline_ms`
  // (keep-alive), skipping leases whose row is gone.
  virtual void extend_deadlines(const std::vector<RunningLease>& leases, int64_t deadline_ms);
  // Crash recovery: settles every running message with deadline <= now_ms
  // as a failure (its process died without settling or extending it).
  virtual QueueSettlement requeue_overdue(int64_t now_ms);
  // The smallest ts still queued, if any (the next message to become ready).
  virtual std::optional<int64_t> next_queue_ts();

  // Optional capability for a backend whose data changes where the engine
  // cannot see it and cannot poll it cheaply (a remote KV Connect server has
  // no "current version" call): the backend itself delivers the state of
  // `keys`, first at once and then after changes (repeated states may be
  // suppressed). `on_end` runs at most once, with nullptr when the backend
  // closes or with the error that ended the watch for good. The default
  // returns nullptr: the engine then watches by re-reading and polling
  // current_version().
  virtual std::unique_ptr<WatchSubscription> watch(const std::vector<core::Bytes>& keys,
                                                   std::function<void(const WatchState&)> on_change,
                                                   std::function<void(std::exception_ptr)> on_end) {
    (void)keys, (void)on_change, (void)on_end;
    return nullptr;
  }

  // Optional capability for a backend shared by several processes that can
  // learn of their commits (PostgreSQL's LISTEN/NOTIFY): from then on it
  // calls `changed`, on a thread of its own, soon after another process may
  // have committed, so the engine polls current_version() and the queue at
  // once instead of at its next poll interval. Calls may be spurious or
  // coalesced; polling stays the fallback. `changed` must not block. Called
  // at most once, by the engine that owns the backend; close() stops the
  // calls. The default never calls it.
  virtual void on_external_change(std::function<void()> changed) { (void)changed; }

  // Waits for queued writes to finish, then releases everything. Further
  // calls throw Error(kClosed). Idempotent.
  virtual void close() = 0;
};

// Blocks until a write handed to `submit` (which must pass the callback it is
// given to an atomic_write) completes; returns its result or rethrows its
// error. The one bridge from the callback API to a blocking call.
core::CommitResult wait_for_commit(const std::function<void(CommitCallback)>& submit);

// backend.commit(write, now_ms), for call sites holding a Backend&.
core::CommitResult commit_and_wait(Backend& backend, core::AtomicWrite write, int64_t now_ms);

}  // namespace openkv::storage

#endif  // OPENKV_STORAGE_BACKEND_H_
