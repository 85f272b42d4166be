// Copyright (c) OpenKV authors.
//
// The raw shapes the queue operations of Backend (backend.h) exchange with
// the engine's dispatcher (spec 02 §9.4–§9.5). A backend moves messages
// between "queued" (deliver at ts) and "running" (handed to a handler, lost
// unless settled or kept alive before its deadline); the engine decides when
// and how many, and keeps the in-memory list of what it runs.
#ifndef OPENKV_STORAGE_QUEUE_H_
#define OPENKV_STORAGE_QUEUE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "core/raw.h"

namespace openkv::storage {

// Names one running message: its id and the deadline its running row has
// now. Carrying the deadline lets a store find the row by its key (SQLite:
// queue_running's primary key is (deadline, id)) instead of scanning; every
// successful extend_deadlines() call changes it.
struct RunningLease {
  std::string id;
  int64_t deadline_ms = 0;
  friend bool operator==(const RunningLease&, const RunningLease&) = default;
};

// A message taken out of the queue for delivery.
struct DequeuedMessage {
  RunningLease lease;
  core::Bytes payload;  // V8
};

enum class DeliveryOutcome { kSuccess, kFailure };

// What settling messages did, so the engine can wake whoever must hear it.
struct QueueSettlement {
  int requeued = 0;  // messages put back into the queue for a retry
  int given_up = 0;  // messages whose last attempt failed: dead-lettered or dropped
  // Every key a dead letter wrote (spec 02 §9.4: watchers must be notified).
  std::vector<core::Bytes> dead_letter_keys;
};

// Queue messages now: waiting (ready or delayed) and being delivered.
struct QueueDepth {
  int64_t waiting = 0;
  int64_t running = 0;
};

}  // namespace openkv::storage

#endif  // OPENKV_STORAGE_QUEUE_H_
