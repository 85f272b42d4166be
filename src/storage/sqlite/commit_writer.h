// Copyright (c) OpenKV authors.
//
// CommitWriter owns the write connection and the thread that uses it, and
// implements group commit (spec 02 §5.5). Jobs queue up; the thread takes
// every waiting job, runs them in ONE `BEGIN IMMEDIATE` transaction, each in
// its own SAVEPOINT, commits once (one WAL fsync for the whole group) and
// then finishes each job in arrival order. A job that throws, or asks for its
// changes to be dropped (a failed check), is rolled back to its savepoint
// alone; its neighbours are unaffected.
//
// If SQLite aborts the whole transaction while a job runs (it does so on some
// I/O errors), that job gets the error and the jobs applied before it in the
// group are re-run in a fresh transaction: job bodies only depend on the
// database state, and nothing was reported yet.
//
// Thread-safety: submit() and close() may be called from any thread. Jobs
// run, and are finished, on the writer thread.
#ifndef OPENKV_STORAGE_SQLITE_COMMIT_WRITER_H_
#define OPENKV_STORAGE_SQLITE_COMMIT_WRITER_H_

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "storage/sqlite/connection_pool.h"

namespace openkv::storage::sqlite {

// One unit of work in a group transaction.
class WriteJob {
 public:
  virtual ~WriteJob() = default;
  // Runs inside the job's savepoint. Returns false to roll the job's changes
  // back without an error (a failed check). May be called more than once
  // (see above), each time on a state without the job's earlier effects.
  virtual bool apply(Connection& c) = 0;
  // Called exactly once, after the group's commit: `error` is null when the
  // job's outcome stands (durable, or rolled back by its own choice).
  virtual void finish(std::exception_ptr error) = 0;
};

class CommitWriter {
 public:
  struct Stats {
    uint64_t transactions = 0;  // group transactions committed
    uint64_t jobs = 0;          // jobs finished
  };

  // `pool` provides the write connection (for ":memory:" it is shared with
  // readers, and the lease is held for the whole group transaction). A null
  // pool means a read-only database: every job fails with Error(kReadOnly).
  explicit CommitWriter(std::shared_ptr<ConnectionPool> pool);
  ~CommitWriter();  // closes
  CommitWriter(const CommitWriter&) = delete;
  CommitWriter& operator=(const CommitWriter&) = delete;

  // Queues `job`. Throws Error(kClosed) once close() has begun.
  void submit(std::unique_ptr<WriteJob> job);

  // Finishes every queued job, then stops the thread. Idempotent. Must not
  // be called from a job (it would wait for its own thread).
  void close();

  Stats stats() const;

 private:
  void run();
  void run_group(std::vector<std::unique_ptr<WriteJob>>& jobs);

  std::shared_ptr<ConnectionPool> pool_;
  std::mutex join_mu_;  // serialises close()
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::unique_ptr<WriteJob>> queue_;
  bool stopping_ = false;
  Stats stats_;
  std::thread thread_;
};

}  // namespace openkv::storage::sqlite

#endif  // OPENKV_STORAGE_SQLITE_COMMIT_WRITER_H_
