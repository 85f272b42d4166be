// Copyright (c) OpenKV authors.
//
// CommitWriter implements group commit on PostgreSQL (docs/DISTRIBUTED.md
// §Group commit). Jobs queue up; one thread takes every waiting job (up to
// kMaxGroup), and runs them in ONE transaction that first locks the version
// row, each job in its own SAVEPOINT, then commits once (one WAL flush, and
// one wait for synchronous standbys, for the whole group) and finishes each
// job in arrival order. A job that throws, or asks for its changes to be
// dropped (a failed check), is rolled back to its savepoint alone; its
// neighbours are unaffected, and each job that bumps the version gets its
// own versionstamp.
//
// If the transaction itself fails (connection lost, server shutting down,
// COMMIT refused), every job of the group gets that error and nothing of
// the group is reported as committed; the next group reconnects.
//
// Thread-safety: submit() and close() may be called from any thread. Jobs
// run, and are finished, on the writer thread.
#ifndef OPENKV_STORAGE_POSTGRES_PG_COMMIT_WRITER_H_
#define OPENKV_STORAGE_POSTGRES_PG_COMMIT_WRITER_H_

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "storage/postgres/pg_connection.h"

namespace openkv::storage::postgres {

// One unit of work in a group transaction.
class WriteJob {
 public:
  virtual ~WriteJob() = default;
  // Runs inside the job's savepoint, after the version row is locked.
  // Returns false to roll the job's changes back without an error.
  virtual bool apply(Connection& c) = 0;
  // Called exactly once, after the group's commit: `error` is null when the
  // job's outcome stands (committed, or rolled back by its own choice).
  virtual void finish(std::exception_ptr error) = 0;
};

class CommitWriter {
 public:
  struct Stats {
    uint64_t transactions = 0;  // group transactions committed
    uint64_t jobs = 0;          // jobs finished
  };

  static constexpr size_t kMaxGroup = 256;

  explicit CommitWriter(std::string url);
  ~CommitWriter();  // closes
  CommitWriter(const CommitWriter&) = delete;
  CommitWriter& operator=(const CommitWriter&) = delete;

  // Queues `job`. Throws Error(kClosed) once close() has begun.
  void submit(std::unique_ptr<WriteJob> job);

  // Finishes every queued job, then stops the thread. Idempotent. Must not
  // be called from a job.
  void close();

  Stats stats() const;

 private:
  void run();
  // Runs the group; returns one error slot per job (null: its outcome stands).
  std::vector<std::exception_ptr> run_group(std::vector<std::unique_ptr<WriteJob>>& jobs);

  const std::string url_;
  std::unique_ptr<Connection> conn_;  // writer thread only; null until needed
  std::mutex join_mu_;                // serialises close()
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::unique_ptr<WriteJob>> queue_;
  bool stopping_ = false;
  Stats stats_;
  std::thread thread_;
};

}  // namespace openkv::storage::postgres

#endif  // OPENKV_STORAGE_POSTGRES_PG_COMMIT_WRITER_H_
