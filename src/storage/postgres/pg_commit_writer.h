// Copyright (c) OpenKV authors.
//
// The PostgreSQL group transaction behind PostgresBackend's GroupCommitQueue
// (storage/group_commit.h; docs/DISTRIBUTED.md §Group commit): ONE
// transaction for the whole group that first locks the version row, each job
// in its own SAVEPOINT, one COMMIT (one WAL flush, and one wait for
// synchronous standbys, for the whole group). A job that throws, or asks for
// its changes to be dropped (a failed check), is rolled back to its savepoint
// alone; its neighbours are unaffected, and each job that bumps the version
// gets its own versionstamp.
//
// If the transaction itself fails (connection lost, server shutting down,
// COMMIT refused), every job of the group gets that error and nothing of the
// group is reported as committed; the next group reconnects.
#ifndef OPENKV_STORAGE_POSTGRES_PG_COMMIT_WRITER_H_
#define OPENKV_STORAGE_POSTGRES_PG_COMMIT_WRITER_H_

#include <memory>
#include <string>

#include "storage/group_commit.h"
#include "storage/postgres/pg_connection.h"

namespace openkv::storage::postgres {

using WriteJob = storage::WriteJob<Connection>;
using CommitWriter = GroupCommitQueue<Connection>;

// Returns a writer whose groups run as transactions on its own connection
// to `url`, opened when first needed and reopened after it broke.
std::unique_ptr<CommitWriter> make_commit_writer(std::string url);

}  // namespace openkv::storage::postgres

#endif  // OPENKV_STORAGE_POSTGRES_PG_COMMIT_WRITER_H_
