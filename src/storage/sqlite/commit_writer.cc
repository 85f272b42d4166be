// Copyright (c) OpenKV authors.

#include "storage/sqlite/commit_writer.h"

#include <chrono>
#include <optional>
#include <utility>
#include <vector>

#include "core/histogram.h"
#include "openkv/errors.h"

namespace openkv::storage::sqlite {
namespace {

// Bounds one transaction, so a burst of writers cannot make a leader's
// commit (and the latency of everyone in its group) arbitrarily long.
constexpr size_t kMaxGroup = 1024;

using Member = CommitWriter::Member;

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

// Seconds since `start`, after committing `txn`.
double commit_timed(Transaction& txn) {
  const auto start = std::chrono::steady_clock::now();
  txn.commit();
  return core::seconds_since(start);
}

// A group of one needs no savepoint: the whole transaction is the job's, so
// its failure or its failed check rolls back the transaction itself (and a
// failed check then costs no fsync). A SAVEPOINT is not free: SQLite copies
// every page the job touches into an in-memory statement journal whose
// first 64 KiB chunk is allocated and freed per transaction, which showed
// up as a tenth of the CPU of a lone commit (malloc trimming the heap).
std::optional<double> run_alone(ConnectionPool& pool, Member& m) {
  try {
    ConnectionPool::Lease lease = pool.acquire();
    Transaction txn(*lease, "BEGIN IMMEDIATE");
    if (!m.job->apply(*lease)) return std::nullopt;  // ~Transaction rolls back
    return commit_timed(txn);
  } catch (...) {
    m.error = std::current_exception();
    return std::nullopt;
  }
}

// Returns the seconds the COMMIT took, or nullopt when nothing committed.
std::optional<double> run_group(ConnectionPool* pool, const std::vector<Member*>& group) {
  if (pool == nullptr) {
    std::exception_ptr read_only = std::make_exception_ptr(
        Error(ErrorCode::kReadOnly, "Can not write to a read-only database."));
    for (Member* m : group) m->error = read_only;
    return std::nullopt;
  }
  if (group.size() == 1) return run_alone(*pool, *group.front());
  std::vector<size_t> todo(group.size());
  for (size_t i = 0; i < todo.size(); ++i) todo[i] = i;
  std::optional<double> commit_seconds;
  while (!todo.empty()) {
    std::vector<size_t> retry;
    try {
      ConnectionPool::Lease lease = pool->acquire();
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
      commit_seconds = commit_timed(txn);
    } catch (...) {
      // BEGIN, a savepoint statement or COMMIT failed: nothing of this round
      // persisted, so every job still pending shares the failure.
      for (size_t idx : todo) {
        if (!group[idx]->error) group[idx]->error = std::current_exception();
      }
    }
    todo.clear();
  }
  return commit_seconds;
}

}  // namespace

std::unique_ptr<CommitWriter> make_commit_writer(std::shared_ptr<ConnectionPool> pool) {
  return std::make_unique<CommitWriter>(
      kMaxGroup, [pool = std::move(pool)](const std::vector<Member*>& group) {
        return run_group(pool.get(), group);
      });
}

}  // namespace openkv::storage::sqlite
