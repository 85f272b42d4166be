// Copyright (c) OpenKV authors.

#include "storage/postgres/pg_commit_writer.h"

#include <utility>

#include "openkv/errors.h"
#include "storage/postgres/pg_writes.h"

namespace openkv::storage::postgres {

CommitWriter::CommitWriter(std::string url) : url_(std::move(url)), thread_([this] { run(); }) {}

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
  std::lock_guard join(join_mu_);
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_one();
  if (thread_.joinable()) thread_.join();
  conn_.reset();
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
      if (queue_.empty()) return;  // stopping, and everything is finished
      while (!queue_.empty() && jobs.size() < kMaxGroup) {
        jobs.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    std::vector<std::exception_ptr> errors = run_group(jobs);
    for (size_t i = 0; i < jobs.size(); ++i) jobs[i]->finish(errors[i]);
    std::lock_guard lock(mu_);
    stats_.jobs += jobs.size();
  }
}

std::vector<std::exception_ptr> CommitWriter::run_group(
    std::vector<std::unique_ptr<WriteJob>>& jobs) {
  std::vector<std::exception_ptr> errors(jobs.size());
  try {
    if (!conn_ || !conn_->ok()) conn_ = std::make_unique<Connection>(url_);
    Transaction txn(*conn_);
    // First, always: writers of every process queue up here, so the
    // versions this group allocates are above every committed one and below
    // every later one.
    lock_version(*conn_);
    for (size_t i = 0; i < jobs.size(); ++i) {
      conn_->command("SAVEPOINT w");
      bool keep = false;
      try {
        keep = jobs[i]->apply(*conn_);
      } catch (const Error&) {
        if (!conn_->ok()) throw;  // the transaction is gone: fail the group
        errors[i] = std::current_exception();
      }
      // A rolled-back savepoint still exists: release it too, so that
      // savepoints do not nest up over a long group.
      conn_->command(keep ? "RELEASE SAVEPOINT w" : "ROLLBACK TO SAVEPOINT w; RELEASE SAVEPOINT w");
    }
    txn.commit();
    std::lock_guard lock(mu_);
    ++stats_.transactions;
  } catch (...) {
    // Nothing of the group committed; every job hears why.
    for (auto& e : errors) e = std::current_exception();
  }
  return errors;
}

}  // namespace openkv::storage::postgres
