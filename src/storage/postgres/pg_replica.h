// Copyright (c) OpenKV authors.
//
// Strong reads on a hot standby (docs/DISTRIBUTED.md §Replicas). A commit is
// acknowledged only after its WAL record was flushed on the primary, so once
// a standby has replayed the WAL up to the primary's flush position of some
// moment, it holds every commit acknowledged before that moment: a read
// there, started after the wait, is strong.
//
// Thread-safety: operate on the given connections only.
#ifndef OPENKV_STORAGE_POSTGRES_PG_REPLICA_H_
#define OPENKV_STORAGE_POSTGRES_PG_REPLICA_H_

#include <chrono>
#include <cstdint>

#include "storage/postgres/pg_connection.h"

namespace openkv::storage::postgres {

// The primary's WAL flush position now (an LSN). Throws Error (kIoError
// when `primary` is itself in recovery).
uint64_t primary_flush_lsn(Connection& primary);

// Returns once `standby` has replayed the WAL up to `lsn`, or at once when
// it is not in recovery (it was promoted and is a primary now). Polls with a
// back-off from 0.1 to 5 ms. Throws Error(kUnavailable) when the standby
// has not got there within `timeout` (it is cut off from the primary or far
// behind), Error as Connection::exec otherwise.
void wait_for_replay(Connection& standby, uint64_t lsn, std::chrono::milliseconds timeout);

}  // namespace openkv::storage::postgres

#endif  // OPENKV_STORAGE_POSTGRES_PG_REPLICA_H_
