// Copyright (c) OpenKV authors.
//
// GroupCommitQueue is the writer queue every writing backend commits
// through (docs/ARCHITECTURE.md §Write path), in the manner of LevelDB's
// DBImpl::Write: every write joins a FIFO queue; the write at the front is
// the leader and hands the queue as it stands (up to `max_group` writes) to
// the backend's RunGroup, on the leader's own thread, which applies them in
// ONE storage transaction and commits once (one WAL flush for the group).
// The leader then marks every write of the group done and wakes the next
// front. A write that arrives alone is its own leader: it commits on the
// calling thread with no thread handoff, which is why the blocking path
// (run) is the fast path. Writers that queue behind a leader sleep until the
// leader has completed them, so concurrent writers share one commit.
//
// Asynchronous jobs (submit) have no thread of their own waiting for them:
// a background thread leads for them when one reaches the front of the
// queue; behind a blocking leader they simply ride along in its group. Their
// finish() runs on the thread that led their group, after that group has
// handed leadership on.
//
// What a group transaction is (savepoints, retries, locks) is the backend's
// business: the queue only guarantees that one RunGroup runs at a time, in
// queue order, so state the runner keeps (a connection) needs no lock.
//
// Thread-safety: run(), submit(), close() and stats() may be called from any
// thread.
#ifndef OPENKV_STORAGE_GROUP_COMMIT_H_
#define OPENKV_STORAGE_GROUP_COMMIT_H_

#include <algorithm>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

#include "openkv/errors.h"
#include "storage/backend.h"
#include "storage/write_stats.h"

namespace openkv::storage {

// One unit of work in a group transaction on a `Connection`.
template <typename Connection>
class WriteJob {
 public:
  virtual ~WriteJob() = default;
  // Runs inside the group transaction, on the leader's thread. Returns false
  // to have the job's changes rolled back without an error (a failed check).
  // A runner may call it more than once (after the storage aborted the
  // transaction under it), each time on a state without its earlier effects.
  virtual bool apply(Connection& c) = 0;
  // Called exactly once, after the group's commit: `error` is null when the
  // job's outcome stands (durable, or rolled back by its own choice).
  virtual void finish(std::exception_ptr error) = 0;
};

template <typename Connection>
class GroupCommitQueue {
 public:
  using Job = WriteJob<Connection>;

  // A job of the group handed to RunGroup; the runner sets `error` for each
  // job whose outcome does not stand.
  struct Member {
    Job* job;
    std::exception_ptr error;
    // The queue's own bookkeeping.
    std::unique_ptr<Job> owned;       // set for submitted (asynchronous) jobs
    std::condition_variable* wake;    // null for submitted jobs
    bool done = false;
  };

  // Applies `group` (in queue order, never empty) as one transaction and
  // returns how long its COMMIT took, in seconds, or nullopt when no
  // transaction committed (for stats). Must not throw: a failure is
  // reported through the members' errors.
  using RunGroup = std::function<std::optional<double>(const std::vector<Member*>& group)>;
  using Stats = GroupCommitStats;

  GroupCommitQueue(size_t max_group, RunGroup run_group)
      : max_group_(max_group), run_group_(std::move(run_group)), thread_([this] { background(); }) {}
  ~GroupCommitQueue() { close(); }
  GroupCommitQueue(const GroupCommitQueue&) = delete;
  GroupCommitQueue& operator=(const GroupCommitQueue&) = delete;

  // Applies `job` in a group transaction and returns once job.finish() has
  // run on the calling thread. The job is applied on this thread when it
  // leads its group, else on the leader's. Throws Error(kClosed) (without
  // calling finish) once close() has begun. REQUIRES: not called from a
  // job's apply().
  void run(Job& job) {
    std::condition_variable wake;
    Member m{&job, nullptr, nullptr, &wake};
    std::vector<Member*> submitted;
    {
      std::unique_lock lock(mu_);
      if (stopping_) throw_closed();
      enqueue(&m);
      // A lone writer is at the front at once and never sleeps.
      wake.wait(lock, [&] { return m.done || queue_.front() == &m; });
      if (!m.done) submitted = lead(lock);
    }
    finish_submitted(submitted);
    job.finish(m.error);
  }

  // Queues `job` and returns at once; a leader applies and finishes it.
  // Throws Error(kClosed) once close() has begun.
  void submit(std::unique_ptr<Job> job) {
    Job* raw = job.get();
    auto m = std::make_unique<Member>(Member{raw, nullptr, std::move(job), nullptr});
    std::lock_guard lock(mu_);
    if (stopping_) throw_closed();
    enqueue(m.release());  // finish_submitted() deletes it
  }

  // Lets every queued job complete, then stops the background thread.
  // Idempotent. Must not be called from a job.
  void close() {
    std::lock_guard join_lock(join_mu_);
    {
      std::lock_guard lock(mu_);
      stopping_ = true;
    }
    background_wake_.notify_one();
    if (thread_.joinable()) thread_.join();
  }

  Stats stats() const {
    std::lock_guard lock(mu_);
    return stats_;
  }

 private:
  [[noreturn]] static void throw_closed() {
    throw Error(ErrorCode::kClosed, "Database is closed.");
  }

  void enqueue(Member* m) {  // REQUIRES: mu_ held
    queue_.push_back(m);
    // Only a submitted job that finds the queue empty needs a leader woken;
    // any other joins a group that some thread will lead.
    if (queue_.size() == 1 && m->wake == nullptr) background_wake_.notify_one();
  }

  // Runs the group that starts at the queue's front and pops it. Called with
  // `lock` held; releases it while the transaction runs. Returns the
  // submitted jobs of the group, to be finished by the caller.
  std::vector<Member*> lead(std::unique_lock<std::mutex>& lock) {
    // The queue cannot shrink meanwhile: only the leader pops it.
    const size_t n = std::min(queue_.size(), max_group_);
    std::vector<Member*> group(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(n));
    lock.unlock();
    const std::optional<double> commit_seconds = run_group_(group);
    lock.lock();

    std::vector<Member*> submitted;
    for (Member* m : group) {
      queue_.pop_front();
      m->done = true;
      if (m->wake != nullptr) {
        m->wake->notify_one();
      } else {
        submitted.push_back(m);
      }
    }
    stats_.jobs += group.size();
    stats_.largest_group = std::max<uint64_t>(stats_.largest_group, group.size());
    if (commit_seconds) {
      ++stats_.transactions;
      stats_.group_sizes.observe(static_cast<double>(group.size()));
      stats_.commit_seconds.observe(*commit_seconds);
    }
    if (!queue_.empty()) {
      Member* next = queue_.front();
      (next->wake != nullptr ? *next->wake : background_wake_).notify_one();
    } else if (stopping_) {
      background_wake_.notify_one();  // close() waits for the queue to drain
    }
    return submitted;
  }

  void background() {
    std::unique_lock lock(mu_);
    for (;;) {
      background_wake_.wait(lock, [&] {
        return (!queue_.empty() && queue_.front()->wake == nullptr) ||
               (stopping_ && queue_.empty());
      });
      if (queue_.empty()) return;  // stopping, and everything is drained
      std::vector<Member*> submitted = lead(lock);
      lock.unlock();
      finish_submitted(submitted);
      lock.lock();
    }
  }

  static void finish_submitted(const std::vector<Member*>& members) {
    for (Member* raw : members) {
      std::unique_ptr<Member> m(raw);
      try {
        m->job->finish(m->error);
      } catch (...) {
        // Callbacks must not throw (Backend contract); one that does must
        // not take the leading thread, or the jobs finished after it, down.
      }
    }
  }

  const size_t max_group_;
  const RunGroup run_group_;
  std::mutex join_mu_;  // serialises close()
  mutable std::mutex mu_;
  std::condition_variable background_wake_;
  std::deque<Member*> queue_;
  bool stopping_ = false;
  Stats stats_;
  std::thread thread_;  // last: starts after everything above exists
};

// Runs `body(connection)` as one job of a group transaction on `queue`,
// blocking, and returns what it returned or rethrows what it threw. For a
// backend's writes other than commits (sweeps, queue moves), which thereby
// serialise with commits.
template <typename T, typename Connection, typename Body>
T run_in_group(GroupCommitQueue<Connection>& queue, Body body) {
  class CallJob : public WriteJob<Connection> {
   public:
    explicit CallJob(Body& body) : body_(body) {}
    bool apply(Connection& c) override {
      result_ = body_(c);  // overwrites a result of an earlier, aborted run
      return true;
    }
    void finish(std::exception_ptr error) override { error_ = error; }
    Body& body_;
    T result_{};
    std::exception_ptr error_;
  };
  CallJob job(body);
  queue.run(job);
  if (job.error_) std::rethrow_exception(job.error_);
  return std::move(job.result_);
}

// A commit as a job: `apply` computes its result on the connection (ok ==
// false rolls it back). The outcome goes to `done` when the job was
// submitted, or stays in the job for the caller that ran it.
template <typename Connection>
class CommitJob : public WriteJob<Connection> {
 public:
  using Apply = std::function<core::CommitResult(Connection&)>;

  explicit CommitJob(Apply apply, CommitCallback done = nullptr)
      : apply_(std::move(apply)), done_(std::move(done)) {}

  bool apply(Connection& c) override {
    result_ = apply_(c);
    return result_.ok;
  }

  void finish(std::exception_ptr error) override {
    error_ = error;
    if (done_) done_(error ? core::CommitResult{} : std::move(result_), error);
  }

  // The outcome after GroupCommitQueue::run(): returns it or rethrows.
  core::CommitResult take() {
    if (error_) std::rethrow_exception(error_);
    return std::move(result_);
  }

 private:
  Apply apply_;
  CommitCallback done_;
  core::CommitResult result_;
  std::exception_ptr error_;
};

}  // namespace openkv::storage

#endif  // OPENKV_STORAGE_GROUP_COMMIT_H_
