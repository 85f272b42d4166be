// Copyright (c) OpenKV authors.
//
// RemoteBackend stores data on a KV Connect server (spec 04): the Backend
// calls become `snapshot_read` / `atomic_write` / `watch` requests against
// the server's strong endpoint. It is what Database::open("http://…") uses.
//
// What differs from a local backend, and why:
//  - The server keeps time: `now_ms` arguments are ignored, the server
//    expires rows on its own clock and sweeps them itself (sweep_expired is
//    a no-op, next_expiration is nullopt).
//  - The protocol has no "current version" call: current_version()
//    reports the newest versionstamp this client has seen (its own commits and the entries it read). Commits of other
//    clients are therefore not noticed by polling; watch() delivers them
//    through the protocol-v3 watch stream instead.
//  - scan/backup_to are unsupported: the protocol cannot read a large range
//    from one point in time.
//  - Queues: enqueues are sent with commits (spec 04 §10); delivery uses
//    the OpenKV queue extension (RemoteQueue), so only an OpenKV server
//    delivers here — any other server makes the queue calls throw
//    kUnsupported. requeue_overdue() does nothing: the server recovers the
//    messages of vanished consumers itself (it outlives them, and a
//    consumer's clock is not the server's).
//
// Thread-safety: as Backend. Commit callbacks run on the backend's writer
// threads, watch callbacks on one thread per watch.
#ifndef OPENKV_STORAGE_REMOTE_REMOTE_BACKEND_H_
#define OPENKV_STORAGE_REMOTE_REMOTE_BACKEND_H_

#include <atomic>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "storage/backend.h"
#include "storage/remote/kv_connect_client.h"
#include "storage/remote/remote_queue.h"
#include "storage/remote/remote_watch.h"

namespace openkv::storage::remote {

class RemoteBackend : public Backend {
 public:
  struct Options {
    std::string url;  // http(s)://host[:port][/path], the metadata URL
    // Bearer token for the metadata exchange; nullopt reads the environment
    // variable DENO_KV_ACCESS_TOKEN, as Deno does.
    std::optional<std::string> access_token;
    // For https://: PEM certificates trusted besides the system's (e.g. a
    // private CA); empty reads the environment variable DENO_CERT, as Deno
    // does. Overrides http.connection.tls_ca_file when set.
    std::string tls_ca_file;
    RetryOptions retry;
    std::chrono::milliseconds metadata_max_age{60000};
    std::chrono::milliseconds metadata_refresh_margin{10000};
    HttpClient::Options http;
    RemoteWatch::Options watch;
    // Writes in flight at once (each on its own pooled connection).
    int writer_threads = 4;
  };

  // Exchanges metadata (no retries). Throws openkv::Error: kInvalidArgument
  // for a bad URL or missing token, kPermissionDenied for a refused token,
  // kUnavailable when the server cannot be reached, kPermissionDenied also
  // when the server's TLS certificate cannot be verified.
  explicit RemoteBackend(Options options);
  ~RemoteBackend() override;  // close()

  core::ReadResult snapshot_read(const std::vector<core::ReadRange>& ranges,
                                 int64_t now_ms) override;
  // Sent to the server's eventual endpoint when its metadata lists one (the
  // reply may be older than the latest commit; docs/DISTRIBUTED.md
  // §Replicas), to the strong endpoint otherwise.
  core::ReadResult eventual_read(const std::vector<core::ReadRange>& ranges,
                                 int64_t now_ms) override;
  bool has_eventual_reads() const override;
  void atomic_write(core::AtomicWrite write, int64_t now_ms, CommitCallback done) override;
  SweepResult sweep_expired(int64_t now_ms) override;
  std::optional<int64_t> next_expiration() override;
  Versionstamp current_version() override;
  // nullptr when the server speaks protocol version 2 (no watch endpoint).
  std::unique_ptr<WatchSubscription> watch(const std::vector<core::Bytes>& keys,
                                           std::function<void(const WatchState&)> on_change,
                                           std::function<void(std::exception_ptr)> on_end) override;
  std::vector<DequeuedMessage> dequeue_ready(int64_t now_ms, int64_t deadline_ms,
                                             size_t max_messages) override;
  QueueSettlement finish_message(const RunningLease& lease, DeliveryOutcome outcome,
                                 int64_t now_ms) override;
  void extend_deadlines(const std::vector<RunningLease>& leases, int64_t deadline_ms) override;
  QueueSettlement requeue_overdue(int64_t now_ms) override;
  std::optional<int64_t> next_queue_ts() override;
  // Writes already queued are sent (once, without retries); then watches end
  // and connections close.
  void close() override;

  // The protocol version the server agreed to; the metadata of the moment.
  DatabaseMetadata metadata() { return client_.metadata(); }
  HttpClient& http() { return client_.http(); }

 private:
  struct PendingWrite {
    core::AtomicWrite write;
    CommitCallback done;
  };

  void check_open() const;
  void writer_loop();
  // One atomic_write call to the server (on the writer thread, in order).
  core::CommitResult send_atomic_write(const core::AtomicWrite& write);
  void saw(const Versionstamp& versionstamp);
  core::ReadResult read(const std::vector<core::ReadRange>& ranges, KvConnectClient::Route route);

  KvConnectClient client_;
  // Whether the server listed an eventual endpoint when the database was
  // opened (a server in front of a replica).
  const bool has_eventual_endpoint_;
  RemoteQueue queue_client_;
  RetryOptions retry_;
  RemoteWatch::Options watch_options_;
  std::atomic<bool> closed_{false};

  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<PendingWrite> queue_;                   // guarded by mu_
  bool stopping_ = false;                            // guarded by mu_
  Versionstamp latest_seen_;                         // guarded by mu_
  std::vector<std::weak_ptr<RemoteWatch>> watches_;  // guarded by mu_
  std::vector<std::thread> writers_;
};

}  // namespace openkv::storage::remote

#endif  // OPENKV_STORAGE_REMOTE_REMOTE_BACKEND_H_
