// Copyright (c) OpenKV authors.
//
// CommitWriter owns the write connection and implements group commit (spec
// 02 §5.5) with a writer queue in the manner of LevelDB's DBImpl::Write:
// every write joins a FIFO queue; the write at the front is the leader and
// runs the whole queue as it stands, on its own thread, in ONE
// `BEGIN IMMEDIATE` transaction, each job in its own SAVEPOINT, commits once
// (one WAL fsync for the group), marks every job of the group done and wakes
// the next front. A write that arrives alone is its own leader: it commits on
// the calling thread without any thread handoff, which is why the blocking
// path (run) is the fast path. Writers that queue behind a leader sleep until
// the leader has completed them, so concurrent writers share fsyncs.
//
// Asynchronous jobs (submit) have no thread of their own waiting for them:
// a background thread leads for them when one reaches the front of the
// queue; behind a blocking leader they simply ride along in its group. Their
// finish() runs on the thread that led their group, after that group has
// handed leadership on.
//
// A job that throws, or asks for its changes to be dropped (a failed check),
// is rolled back to its savepoint alone; its neighbours are unaffected. If
// SQLite aborts the whole transaction while a job runs (it does so on some
// I/O errors), that job gets the error and the jobs applied before it in the
// group are re-run in a fresh transaction: job bodies only depend on the
// database state, and nothing was reported yet.
//
// Thread-safety: run(), submit() and close() may be called from any thread.
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
  // Runs inside the job's savepoint, on the leader's thread. Returns false to
  // roll the job's changes back without an error (a failed check). May be
  // called more than once (see above), each time on a state without the
  // job's earlier effects.
  virtual bool apply(Connection& c) = 0;
  // Called exactly once, after the group's commit: `error` is null when the
  // job's outcome stands (durable, or rolled back by its own choice).
  virtual void finish(std::exception_ptr error) = 0;
};

class CommitWriter {
 public:
  struct Stats {
    uint64_t transactions = 0;   // group transactions committed
    uint64_t jobs = 0;           // jobs completed (committed or failed)
    uint64_t largest_group = 0;  // most jobs ever taken into one transaction
  };

  // `pool` provides the write connection (for ":memory:" it is shared with
  // readers, and the lease is held for the whole group transaction). A null
  // pool means a read-only database: every job fails with Error(kReadOnly).
  explicit CommitWriter(std::shared_ptr<ConnectionPool> pool);
  ~CommitWriter();  // closes
  CommitWriter(const CommitWriter&) = delete;
  CommitWriter& operator=(const CommitWriter&) = delete;

  // Applies `job` in a group transaction and returns once job.finish() has
  // run on the calling thread. The job is applied on this thread when it
  // leads its group, else on the leader's. Throws Error(kClosed) (without
  // calling finish) once close() has begun. REQUIRES: not called from a
  // job's apply().
  void run(WriteJob& job);

  // Queues `job` and returns at once; a leader applies and finishes it.
  // Throws Error(kClosed) once close() has begun.
  void submit(std::unique_ptr<WriteJob> job);

  // Lets every queued job complete, then stops the background thread.
  // Idempotent. Must not be called from a job.
  void close();

  Stats stats() const;

 private:
  // A job in the queue. Blocking writers keep theirs on their stack.
  struct Writer {
    WriteJob* job;
    std::unique_ptr<WriteJob> owned;  // set for submitted (asynchronous) jobs
    std::condition_variable* wake;    // null for submitted jobs
    std::exception_ptr error;
    bool done = false;
  };

  void enqueue(Writer* w);  // REQUIRES: mu_ held
  // Runs the group that starts at `leader` (the queue's front) and pops it.
  // Called with `lock` held; releases it while the transaction runs. Returns
  // the submitted jobs of the group, to be finished by the caller.
  std::vector<Writer*> lead(std::unique_lock<std::mutex>& lock);
  // Applies the group in one transaction; true when it committed.
  bool run_group(const std::vector<Writer*>& group);
  void background();
  void finish_submitted(const std::vector<Writer*>& writers);

  std::shared_ptr<ConnectionPool> pool_;
  std::mutex join_mu_;  // serialises close()
  mutable std::mutex mu_;
  std::condition_variable background_wake_;
  std::deque<Writer*> queue_;
  bool stopping_ = false;
  Stats stats_;
  std::thread thread_;
};

}  // namespace openkv::storage::sqlite

#endif  // OPENKV_STORAGE_SQLITE_COMMIT_WRITER_H_
