// Copyright (c) OpenKV authors.

#include "storage/sqlite/commit_writer.h"

#include <algorithm>
#include <utility>

#include "openkv/errors.h"

namespace openkv::storage::sqlite {
namespace {

// Bounds one transaction, so a burst of writers cannot make a leader's
// commit (and the latency of everyone in its group) arbitrarily long.
constexpr size_t kMaxGroup = 1024;

[[noreturn]] void throw_closed() { throw Error(ErrorCode::kClosed, "Database is closed."); }

// Undoes the current job's savepoint. Returns false when that is impossible
// because SQLite already rolled back the whole transaction (or the rollback
// itself failed), so the group has to start over.
bool rollback_job(Connection& c) {
  if (!c.in_transaction()) return false;
  try {
    c.run("ROLLBACK TO job");
    c.run("RELEASE job");
    return true;
  } catch (const Error&) {
    return false;
  }
}

}  // namespace

CommitWriter::CommitWriter(std::shared_ptr<ConnectionPool> pool)
    : pool_(std::move(pool)), thread_([this] { background(); }) {}

CommitWriter::~CommitWriter() { close(); }

void CommitWriter::run(WriteJob& job) {
  std::condition_variable wake;
  Writer w{&job, nullptr, &wake};
  std::vector<Writer*> submitted;
  {
    std::unique_lock lock(mu_);
    if (stopping_) throw_closed();
    enqueue(&w);
    // A lone writer is at the front at once and never sleeps.
    wake.wait(lock, [&] { return w.done || queue_.front() == &w; });
    if (!w.done) submitted = lead(lock);
  }
  finish_submitted(submitted);
  job.finish(w.error);
}

void CommitWriter::submit(std::unique_ptr<WriteJob> job) {
  auto w = std::make_unique<Writer>(Writer{job.get(), std::move(job), nullptr});
  std::lock_guard lock(mu_);
  if (stopping_) throw_closed();
  enqueue(w.release());  // finish_submitted() deletes it
}

void CommitWriter::enqueue(Writer* w) {
  queue_.push_back(w);
  // Only a submitted job that finds the queue empty needs a leader woken; any
  // other joins a group that some thread will lead.
  if (queue_.size() == 1 && w->wake == nullptr) background_wake_.notify_one();
}

std::vector<CommitWriter::Writer*> CommitWriter::lead(std::unique_lock<std::mutex>& lock) {
  // The queue cannot shrink meanwhile: only the leader pops it.
  std::vector<Writer*> group(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(std::min(
                                                                  queue_.size(), kMaxGroup)));
  lock.unlock();
  bool committed = run_group(group);
  lock.lock();

  std::vector<Writer*> submitted;
  for (Writer* w : group) {
    queue_.pop_front();
    w->done = true;
    if (w->wake != nullptr) {
      w->wake->notify_one();
    } else {
      submitted.push_back(w);
    }
  }
  stats_.transactions += committed ? 1 : 0;
  stats_.jobs += group.size();
  stats_.largest_group = std::max<uint64_t>(stats_.largest_group, group.size());
  if (!queue_.empty()) {
    Writer* next = queue_.front();
    (next->wake != nullptr ? *next->wake : background_wake_).notify_one();
  } else if (stopping_) {
    background_wake_.notify_one();  // close() waits for the queue to drain
  }
  return submitted;
}

void CommitWriter::background() {
  std::unique_lock lock(mu_);
  for (;;) {
    background_wake_.wait(lock, [&] {
      return (!queue_.empty() && queue_.front()->wake == nullptr) || (stopping_ && queue_.empty());
    });
    if (queue_.empty()) return;  // stopping, and everything is drained
    std::vector<Writer*> submitted = lead(lock);
    lock.unlock();
    finish_submitted(submitted);
    lock.lock();
  }
}

void CommitWriter::finish_submitted(const std::vector<Writer*>& writers) {
  for (Writer* raw : writers) {
    std::unique_ptr<Writer> w(raw);
    try {
      w->job->finish(w->error);
    } catch (...) {
      // Callbacks must not throw (Backend contract); one that does must not
      // take the leading thread, or the jobs finished after it, down.
    }
  }
}

void CommitWriter::close() {
  std::lock_guard join_lock(join_mu_);
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  background_wake_.notify_one();
  if (thread_.joinable()) thread_.join();
}

CommitWriter::Stats CommitWriter::stats() const {
  std::lock_guard lock(mu_);
  return stats_;
}

bool CommitWriter::run_group(const std::vector<Writer*>& group) {
  std::vector<size_t> todo(group.size());
  for (size_t i = 0; i < todo.size(); ++i) todo[i] = i;
  bool committed = false;
  if (!pool_) {
    std::exception_ptr read_only = std::make_exception_ptr(
        Error(ErrorCode::kReadOnly, "Can not write to a read-only database."));
    for (Writer* w : group) w->error = read_only;
    return false;
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
        c.run("SAVEPOINT job");
        try {
          if (!group[idx]->job->apply(c)) c.run("ROLLBACK TO job");
          c.run("RELEASE job");
          applied.push_back(idx);
        } catch (...) {
          group[idx]->error = std::current_exception();
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
        if (!group[idx]->error) group[idx]->error = std::current_exception();
      }
    }
    todo.clear();
  }
  return committed;
}

}  // namespace openkv::storage::sqlite
