// Copyright (c) OpenKV authors.
//
// The queue operations of the PostgreSQL backend (spec 02 §9.4–§9.5):
// moving messages between `queue` and `queue_running`, retries, dead
// letters and crash recovery. Each function is one transaction of its own.
// Rows are claimed with FOR UPDATE SKIP LOCKED, so any number of servers
// dispatch from one database without waiting on each other and without
// taking one message twice; a dead letter is an ordinary commit (it locks
// the version row, then bumps it once for all its keys).
//
// A running row is addressed by (id, deadline) from the caller's lease, so a
// lease that was recovered and redelivered meanwhile (new deadline) is
// ignored rather than settling someone else's delivery.
//
// Thread-safety: operate on the given connection only.
#ifndef OPENKV_STORAGE_POSTGRES_PG_QUEUE_H_
#define OPENKV_STORAGE_POSTGRES_PG_QUEUE_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "storage/postgres/pg_connection.h"
#include "storage/queue.h"

namespace openkv::storage::postgres {

std::vector<DequeuedMessage> dequeue_ready_rows(Connection& c, int64_t now_ms, int64_t deadline_ms,
                                                size_t limit);

QueueSettlement finish_running_row(Connection& c, const RunningLease& lease,
                                   DeliveryOutcome outcome, int64_t now_ms);

void extend_running_deadlines(Connection& c, const std::vector<RunningLease>& leases,
                              int64_t deadline_ms);

QueueSettlement requeue_overdue_rows(Connection& c, int64_t now_ms);

std::optional<int64_t> read_next_queue_ts(Connection& c);
// Messages in the queue and running now.
QueueDepth read_queue_depth(Connection& c);

}  // namespace openkv::storage::postgres

#endif  // OPENKV_STORAGE_POSTGRES_PG_QUEUE_H_
