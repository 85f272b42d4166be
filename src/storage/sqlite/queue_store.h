// Copyright (c) OpenKV authors.
//
// The queue operations of the SQLite backend (spec 02 §9.4–§9.5, spec 03
// §5.4): moving messages between the `queue` and `queue_running` tables,
// retries, dead letters and crash recovery. Like kv_writes.h, the writing
// functions only issue statements: SqliteBackend runs each one as a job of
// the commit writer, so it is one transaction (a savepoint of a group) that
// serialises with commits, and an exception rolls it back whole.
//
// Rows are copied between the tables with INSERT … SELECT, so data and the
// JSON columns keep the storage class whoever wrote them gave them (Deno
// binds the JSON columns as TEXT). A running row is addressed by its primary
// key (deadline, id) from the caller's lease: the schema has no index on id
// alone and MUST NOT get one (spec 03 §5.4).
//
// Thread-safety: operate on the given connection only.
#ifndef OPENKV_STORAGE_SQLITE_QUEUE_STORE_H_
#define OPENKV_STORAGE_SQLITE_QUEUE_STORE_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "storage/queue.h"
#include "storage/sqlite/kv_writes.h"
#include "storage/sqlite/sqlite_handle.h"

namespace openkv::storage::sqlite {

std::vector<DequeuedMessage> dequeue_ready_rows(Connection& c, int64_t now_ms, int64_t deadline_ms,
                                                size_t limit);

QueueSettlement finish_running_row(Connection& c, const RunningLease& lease,
                                   DeliveryOutcome outcome, int64_t now_ms, WriterRandom& random);

void extend_running_deadlines(Connection& c, const std::vector<RunningLease>& leases,
                              int64_t deadline_ms);

QueueSettlement requeue_overdue_rows(Connection& c, int64_t now_ms, WriterRandom& random);

std::optional<int64_t> read_next_queue_ts(Connection& c);
// Messages in the queue and running now.
QueueDepth read_queue_depth(Connection& c);

}  // namespace openkv::storage::sqlite

#endif  // OPENKV_STORAGE_SQLITE_QUEUE_STORE_H_
