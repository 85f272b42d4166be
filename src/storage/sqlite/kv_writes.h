// Copyright (c) OpenKV authors.
//
// The body of one write, run by the commit writer inside that write's own
// SAVEPOINT of a group transaction (spec 02 §5.3 steps 3–6, §8 sweep). These
// functions only issue statements; committing or rolling back is the
// caller's job, so an exception here leaves the savepoint to be rolled back.
//
// Thread-safety: operate on the given connection only.
#ifndef OPENKV_STORAGE_SQLITE_KV_WRITES_H_
#define OPENKV_STORAGE_SQLITE_KV_WRITES_H_

#include <cstdint>
#include <random>

#include "core/raw.h"
#include "storage/backend.h"
#include "storage/sqlite/sqlite_handle.h"

namespace openkv::storage::sqlite {

// Random state of the writer: the 1..9 version increments (seedable for
// tests) and message ids (always from the OS, so a test seed shared by two
// processes cannot produce colliding ids).
struct WriterRandom {
  std::mt19937_64 increments;
  std::mt19937_64 ids;
};

// Evaluates every check against live rows; when all pass allocates the new
// version and applies the mutations and enqueues in order. A result with
// ok == false (failed checks) has written nothing. Throws openkv::Error on
// data-rule violations (sum on a string, …) and SQLite failures.
core::CommitResult apply_atomic_write(Connection& c, const core::AtomicWrite& write, int64_t now_ms,
                                      WriterRandom& random);

// apply_atomic_write for a StreamedWrite: the checks, then (when they all
// pass) one new version, the clear ranges deleted, and every mutation pulled
// from write.next applied as it arrives, so memory holds one at a time.
core::CommitResult apply_streamed_write(Connection& c, const StreamedWrite& write, int64_t now_ms,
                                        WriterRandom& random);

// Deletes rows with 0 <= expiration_ms <= now_ms; bumps the version by 1 when
// at least one was deleted.
SweepResult sweep_expired_rows(Connection& c, int64_t now_ms);

}  // namespace openkv::storage::sqlite

#endif  // OPENKV_STORAGE_SQLITE_KV_WRITES_H_
