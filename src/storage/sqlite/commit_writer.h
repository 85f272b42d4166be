// Copyright (c) OpenKV authors.
//
// The SQLite group transaction behind SqliteBackend's GroupCommitQueue
// (storage/group_commit.h; group commit: docs/ARCHITECTURE.md §Write path):
// one `BEGIN IMMEDIATE` transaction on the write connection for the whole
// group, each job in its own SAVEPOINT, one COMMIT (one WAL fsync). A group
// of one job runs without a savepoint (the transaction is the job's).
//
// A job that throws, or asks for its changes to be dropped (a failed check),
// is rolled back to its savepoint alone; its neighbours are unaffected. If
// SQLite aborts the whole transaction while a job runs (it does so on some
// I/O errors), that job gets the error and the jobs applied before it in the
// group are re-run in a fresh transaction: job bodies only depend on the
// database state, and nothing was reported yet.
#ifndef OPENKV_STORAGE_SQLITE_COMMIT_WRITER_H_
#define OPENKV_STORAGE_SQLITE_COMMIT_WRITER_H_

#include <memory>

#include "storage/group_commit.h"
#include "storage/sqlite/connection_pool.h"

namespace openkv::storage::sqlite {

using WriteJob = storage::WriteJob<Connection>;
using CommitWriter = GroupCommitQueue<Connection>;

// Returns a writer whose groups run as SQLite transactions on the write
// connection of `pool` (for ":memory:" it is shared with readers, and the
// lease is held for the whole group transaction). A null pool means a
// read-only database: every job fails with Error(kReadOnly).
std::unique_ptr<CommitWriter> make_commit_writer(std::shared_ptr<ConnectionPool> pool);

}  // namespace openkv::storage::sqlite

#endif  // OPENKV_STORAGE_SQLITE_COMMIT_WRITER_H_
