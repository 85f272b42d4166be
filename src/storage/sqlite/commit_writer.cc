// Copyright (c) OpenKV authors.

#include "storage/sqlite/commit_writer.h"

#include <algorithm>
#include <numeric>
#include <utility>

#include "openkv/errors.h"

namespace openkv::storage::sqlite {
namespace {

// Undoes the current job's savepoint. Returns false when that is impossible
// because SQLite already rolled back the whole transaction (or the rollback
// itself failed), so the group has to start over.
bool rollback_job(Connection& c) {
  if (!c.in_transaction()) return false;
  try {
    c.exec("ROLLBACK TO job; RELEASE job");
    return true;
  } catch (const Error&) {
    return false;
  }
}

}  // namespace

CommitWriter::CommitWriter(std::shared_ptr<ConnectionPool> pool)
    : pool_(std::move(pool)), thread_([this] { run(); }) {}

CommitWriter::~CommitWriter() { close(); }

void CommitWriter::submit(std::unique_ptr<WriteJob> job) {
  {
    std::lock_guard lock(mu_);
    if (stopping_) throw Error(ErrorCode::kClosed, "Database is closed.");
    queue_.push_back(std::move(job));
  }
  cv_.notify_one();
}

void CommitWriter::close() {
  std::lock_guard join_lock(join_mu_);
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_one();
  if (thread_.joinable()) thread_.join();
}

CommitWriter::Stats CommitWriter::stats() const {
  std::lock_guard lock(mu_);
  return stats_;
}

void CommitWriter::run() {
  for (;;) {
    std::vector<std::unique_ptr<WriteJob>> jobs;
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and everything is drained
      jobs.reserve(queue_.size());
      for (auto& job : queue_) jobs.push_back(std::move(job));
      queue_.clear();
    }
    run_group(jobs);
  }
}

void CommitWriter::run_group(std::vector<std::unique_ptr<WriteJob>>& jobs) {
  std::vector<std::exception_ptr> errors(jobs.size());
  std::vector<size_t> todo(jobs.size());
  std::iota(todo.begin(), todo.end(), 0);
  bool committed = false;
  if (!pool_) {
    std::exception_ptr read_only = std::make_exception_ptr(
        Error(ErrorCode::kReadOnly, "Can not write to a read-only database."));
    std::fill(errors.begin(), errors.end(), read_only);
    todo.clear();
  }

  while (!todo.empty()) {
    std::vector<size_t> retry;
    try {
      ConnectionPool::Lease lease = pool_->acquire();
      Connection& c = *lease;
      Transaction txn(c, "BEGIN IMMEDIATE");
      std::vector<size_t> applied;
      bool aborted = false;
      for (size_t idx : todo) {
        if (aborted) {
          retry.push_back(idx);
          continue;
        }
        c.exec("SAVEPOINT job");
        try {
          if (jobs[idx]->apply(c)) {
            c.exec("RELEASE job");
          } else {
            c.exec("ROLLBACK TO job; RELEASE job");
          }
          applied.push_back(idx);
        } catch (...) {
          errors[idx] = std::current_exception();
          if (!rollback_job(c)) {
            aborted = true;
            retry = applied;
          }
        }
      }
      if (aborted) {
        todo = std::move(retry);
        continue;  // ~Transaction rolls back whatever is left
      }
      txn.commit();
      committed = true;
    } catch (...) {
      // BEGIN, a savepoint statement or COMMIT failed: nothing of this round
      // persisted, so every job still pending shares the failure.
      for (size_t idx : todo) {
        if (!errors[idx]) errors[idx] = std::current_exception();
      }
    }
    todo.clear();
  }

  for (size_t i = 0; i < jobs.size(); ++i) {
    try {
      jobs[i]->finish(errors[i]);
    } catch (...) {
      // Callbacks must not throw (Backend contract); one that does must not
      // take the writer thread, and every later commit, down with it.
    }
  }
  std::lock_guard lock(mu_);
  stats_.transactions += committed ? 1 : 0;
  stats_.jobs += jobs.size();
}

}  // namespace openkv::storage::sqlite
