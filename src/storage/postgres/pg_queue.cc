// Copyright (c) OpenKV authors.

#include "storage/postgres/pg_queue.h"

#include <string>
#include <utility>

#include "storage/postgres/pg_writes.h"

namespace openkv::storage::postgres {
namespace {

// One statement: claim ready rows nobody else holds, move them to running,
// return them oldest first.
constexpr const char* kDequeue =
    "WITH ready AS (SELECT ts, id FROM queue WHERE ts <= $1 ORDER BY ts, id LIMIT $2 "
    "               FOR UPDATE SKIP LOCKED), "
    "moved AS (DELETE FROM queue q USING ready WHERE q.ts = ready.ts AND q.id = ready.id "
    "          RETURNING q.*), "
    "started AS (INSERT INTO queue_running (id, deadline, data, backoff_schedule, "
    "            keys_if_undelivered) "
    "            SELECT id, $3, data, backoff_schedule, keys_if_undelivered FROM moved) "
    "SELECT id, data FROM moved ORDER BY ts, id";
constexpr const char* kLockRunning =
    "SELECT cardinality(backoff_schedule), cardinality(keys_if_undelivered) "
    "FROM queue_running WHERE id = $1 AND deadline = $2 FOR UPDATE";
constexpr const char* kRetry =
    "INSERT INTO queue (ts, id, data, backoff_schedule, keys_if_undelivered) "
    "SELECT $3 + backoff_schedule[1], id, data, backoff_schedule[2:], keys_if_undelivered "
    "FROM queue_running WHERE id = $1 AND deadline = $2";
constexpr const char* kDeadLetterKeys =
    "SELECT r.data, k.key FROM queue_running r, unnest(r.keys_if_undelivered) "
    "WITH ORDINALITY AS k(key, n) WHERE r.id = $1 AND r.deadline = $2 ORDER BY k.n";
constexpr const char* kDeleteRunning =
    "DELETE FROM queue_running WHERE id = $1 AND deadline = $2";
constexpr const char* kExtend =
    "UPDATE queue_running SET deadline = $3 WHERE id = $1 AND deadline = $2";
constexpr const char* kOverdue =
    "SELECT id, deadline FROM queue_running WHERE deadline <= $1 ORDER BY deadline "
    "LIMIT 100 FOR UPDATE SKIP LOCKED";

Params lease_params(const RunningLease& lease) {
  Params p;
  p.text(lease.id).int64(lease.deadline_ms);
  return p;
}

// Writes the payload (V8, no expiry) to every dead-letter key under one
// versionstamp: an ordinary commit of sets (spec 02 §9.4).
void write_dead_letter(Connection& c, const RunningLease& lease, int64_t now_ms,
                       QueueSettlement& out) {
  Result r = c.exec(kDeadLetterKeys, lease_params(lease));
  core::AtomicWrite dead_letter;
  for (int i = 0; i < r.rows(); ++i) {
    core::Mutation m;
    m.key = r.bytes(i, 1);
    m.type = core::MutationType::kSet;
    m.value = core::RawValue{r.bytes(i, 0), core::Encoding::kV8};
    out.dead_letter_keys.push_back(m.key);
    dead_letter.mutations.push_back(std::move(m));
  }
  lock_version(c);
  apply_atomic_write(c, dead_letter, now_ms);
}

// Spec 02 §9.4 step 5, inside the caller's transaction: retry while the
// schedule lasts, then dead-letter; the running row goes either way.
void settle_failure(Connection& c, const RunningLease& lease, int64_t now_ms,
                    QueueSettlement& out) {
  Result row = c.exec(kLockRunning, lease_params(lease));
  if (!row.rows()) return;  // recovered by someone else meanwhile
  // cardinality() of an empty array is 0.
  if (row.int32(0, 0) > 0) {
    c.exec(kRetry, lease_params(lease).int64(now_ms));
    ++out.requeued;
  } else {
    ++out.given_up;
    if (row.int32(0, 1) > 0) write_dead_letter(c, lease, now_ms, out);
  }
  c.exec(kDeleteRunning, lease_params(lease));
}

}  // namespace

std::vector<DequeuedMessage> dequeue_ready_rows(Connection& c, int64_t now_ms, int64_t deadline_ms,
                                                size_t limit) {
  Result r = c.exec(kDequeue, Params()
                                  .int64(now_ms)
                                  .int64(static_cast<int64_t>(limit))
                                  .int64(deadline_ms));
  std::vector<DequeuedMessage> messages;
  messages.reserve(static_cast<size_t>(r.rows()));
  for (int i = 0; i < r.rows(); ++i) {
    core::Bytes id = r.bytes(i, 0);  // text in binary format: its characters
    messages.push_back(
        DequeuedMessage{RunningLease{std::string(id.begin(), id.end()), deadline_ms},
                        r.bytes(i, 1)});
  }
  return messages;
}

QueueSettlement finish_running_row(Connection& c, const RunningLease& lease,
                                   DeliveryOutcome outcome, int64_t now_ms) {
  QueueSettlement out;
  if (outcome == DeliveryOutcome::kSuccess) {
    c.exec(kDeleteRunning, lease_params(lease));
    return out;
  }
  Transaction txn(c);
  settle_failure(c, lease, now_ms, out);
  txn.commit();
  return out;
}

void extend_running_deadlines(Connection& c, const std::vector<RunningLease>& leases,
                              int64_t deadline_ms) {
  Transaction txn(c);
  for (const RunningLease& lease : leases) {
    c.exec(kExtend, lease_params(lease).int64(deadline_ms));
  }
  txn.commit();
}

QueueSettlement requeue_overdue_rows(Connection& c, int64_t now_ms) {
  QueueSettlement out;
  // Batches of 100, one transaction each, until none is left: each settled
  // row leaves the table, and rows another server is settling are skipped.
  for (;;) {
    Transaction txn(c);
    Result r = c.exec(kOverdue, Params().int64(now_ms));
    for (int i = 0; i < r.rows(); ++i) {
      core::Bytes id = r.bytes(i, 0);
      settle_failure(c, RunningLease{std::string(id.begin(), id.end()), r.int64(i, 1)}, now_ms,
                     out);
    }
    txn.commit();
    if (r.rows() == 0) return out;
  }
}

QueueDepth read_queue_depth(Connection& c) {
  Result r = c.exec("SELECT (SELECT count(*) FROM queue), (SELECT count(*) FROM queue_running)");
  return QueueDepth{r.int64(0, 0), r.int64(0, 1)};
}

std::optional<int64_t> read_next_queue_ts(Connection& c) {
  Result r = c.exec("SELECT min(ts) FROM queue");
  if (!r.rows() || r.is_null(0, 0)) return std::nullopt;
  return r.int64(0, 0);
}

}  // namespace openkv::storage::postgres
