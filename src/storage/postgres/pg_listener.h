// Copyright (c) OpenKV authors.
//
// CommitListener tells a backend of commits made through other processes
// (docs/DISTRIBUTED.md §Watch): every write transaction of every OpenKV
// process runs `NOTIFY openkv_commit` (kCommitChannel) with its COMMIT, which
// PostgreSQL delivers to the listeners of that database once the
// transaction has committed. A thread of the listener's own waits on one
// connection that ran LISTEN and calls `changed` for each batch of
// notifications that arrives. The connection goes to the primary (LISTEN
// does not work on a standby). When it breaks the thread reconnects after
// a pause and calls `changed` once, since notifications may have been
// missed meanwhile.
//
// Thread-safety: construct and destroy from one thread; `changed` runs on
// the listener's thread.
#ifndef OPENKV_STORAGE_POSTGRES_PG_LISTENER_H_
#define OPENKV_STORAGE_POSTGRES_PG_LISTENER_H_

#include <atomic>
#include <functional>
#include <string>
#include <thread>

namespace openkv::storage::postgres {

inline constexpr const char* kCommitChannel = "openkv_commit";

class CommitListener {
 public:
  // Starts listening on `url` at once, on a new thread. Never throws for
  // connection failures: it keeps retrying in the background.
  CommitListener(std::string url, std::function<void()> changed);
  // Stops the thread (within ~100 ms) and closes the connection.
  ~CommitListener();
  CommitListener(const CommitListener&) = delete;
  CommitListener& operator=(const CommitListener&) = delete;

 private:
  void run();

  const std::string url_;
  const std::function<void()> changed_;
  std::atomic<bool> stop_{false};
  std::thread thread_;  // last: started once the rest is set
};

}  // namespace openkv::storage::postgres

#endif  // OPENKV_STORAGE_POSTGRES_PG_LISTENER_H_
