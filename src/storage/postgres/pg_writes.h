// Copyright (c) OpenKV authors.
//
// The body of one write in the PostgreSQL backend, run inside an open
// transaction that already holds the version row (lock_version). These
// functions only issue statements; committing or rolling back (to the
// write's savepoint) is the caller's job, so an exception here leaves the
// transaction to be rolled back.
//
// Thread-safety: operate on the given connection only.
#ifndef OPENKV_STORAGE_POSTGRES_PG_WRITES_H_
#define OPENKV_STORAGE_POSTGRES_PG_WRITES_H_

#include <cstdint>

#include "core/raw.h"
#include "storage/backend.h"
#include "storage/postgres/pg_connection.h"

namespace openkv::storage::postgres {

// Locks the one version row (SELECT … FOR UPDATE) until the transaction
// ends. Every write transaction calls it before anything else, so writers
// of all processes queue up on it and commit in version order.
void lock_version(Connection& c);

// Evaluates every check against live rows; when all pass bumps the version
// by one and applies the mutations and enqueues in order. A result with
// ok == false (failed checks) has written nothing. Throws openkv::Error on
// data-rule violations (core/mutation_math) and PostgreSQL failures.
core::CommitResult apply_atomic_write(Connection& c, const core::AtomicWrite& write, int64_t now_ms);

// Deletes rows with 0 <= expiration_ms <= now_ms; bumps the version by 1 when
// at least one was deleted.
SweepResult sweep_expired_rows(Connection& c, int64_t now_ms);

}  // namespace openkv::storage::postgres

#endif  // OPENKV_STORAGE_POSTGRES_PG_WRITES_H_
