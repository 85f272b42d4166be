// Copyright (c) OpenKV authors.

#include "storage/postgres/pg_commit_writer.h"

#include <chrono>
#include <optional>
#include <utility>
#include <vector>

#include "core/histogram.h"
#include "openkv/errors.h"
#include "storage/postgres/pg_listener.h"
#include "storage/postgres/pg_writes.h"

namespace openkv::storage::postgres {
namespace {

// Bounds one transaction (and so the time its version-row lock is held).
constexpr size_t kMaxGroup = 256;

using Member = CommitWriter::Member;

// The writer's connection. GroupCommitQueue runs one group at a time, so it
// needs no lock.
class GroupRunner {
 public:
  explicit GroupRunner(std::string url) : url_(std::move(url)) {}

  std::optional<double> run(const std::vector<Member*>& group) {
    try {
      if (!conn_ || !conn_->alive()) conn_ = std::make_unique<Connection>(url_);
      Transaction txn(*conn_);
      // First, always: writers of every process queue up here, so the
      // versions this group allocates are above every committed one and
      // below every later one.
      lock_version(*conn_);
      for (Member* m : group) {
        conn_->command("SAVEPOINT w");
        bool keep = false;
        try {
          keep = m->job->apply(*conn_);
        } catch (const Error&) {
          if (!conn_->ok()) throw;  // the transaction is gone: fail the group
          m->error = std::current_exception();
        }
        // A rolled-back savepoint still exists: release it too, so that
        // savepoints do not nest up over a long group.
        conn_->command(keep ? "RELEASE SAVEPOINT w"
                            : "ROLLBACK TO SAVEPOINT w; RELEASE SAVEPOINT w");
      }
      // The NOTIFY, sent with the COMMIT (no extra round trip), is delivered
      // at commit to every process listening on this database
      // (pg_listener.h), whose watches and queues then look at once.
      const auto commit_start = std::chrono::steady_clock::now();
      txn.commit(std::string("NOTIFY ") + kCommitChannel);
      return core::seconds_since(commit_start);
    } catch (...) {
      // Nothing of the group committed; every job hears why.
      for (Member* m : group) m->error = std::current_exception();
      return std::nullopt;
    }
  }

 private:
  const std::string url_;
  std::unique_ptr<Connection> conn_;  // null until needed
};

}  // namespace

std::unique_ptr<CommitWriter> make_commit_writer(std::string url) {
  auto runner = std::make_shared<GroupRunner>(std::move(url));
  return std::make_unique<CommitWriter>(
      kMaxGroup, [runner](const std::vector<Member*>& group) { return runner->run(group); });
}

}  // namespace openkv::storage::postgres
