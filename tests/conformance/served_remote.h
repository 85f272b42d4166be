// Copyright (c) OpenKV authors.
//
// A RemoteBackend together with the KV Connect server it talks to (HTTP/2
// on a free 127.0.0.1 port, in process), which stores into a SQLite file in
// the test's directory: how the conformance suites run against the remote
// backend. Every Backend call goes to the RemoteBackend.
#ifndef OPENKV_TESTS_CONFORMANCE_SERVED_REMOTE_H_
#define OPENKV_TESTS_CONFORMANCE_SERVED_REMOTE_H_

#include <memory>
#include <string>
#include <vector>

#include "engine/engine.h"
#include "server/kv_server.h"
#include "storage/backend.h"
#include "storage/remote/remote_backend.h"
#include "storage/sqlite/sqlite_backend.h"

namespace openkv::storage::testing {

class ServedRemoteBackend : public Backend {
 public:
  static constexpr const char* kToken = "conformance-token-0123";

  explicit ServedRemoteBackend(const std::string& dir) {
    sqlite::SqliteBackend::Options o;
    o.path = dir + "/served.sqlite3";
    engine_ = std::make_unique<engine::Engine>(std::make_unique<sqlite::SqliteBackend>(o),
                                               engine::Engine::Options{});
    server::KvConnectServer::Options options;
    options.http.host = "127.0.0.1";
    options.http.port = 0;  // a free port chosen by the kernel
    options.service.access_token = kToken;
    server_ = std::make_unique<server::KvConnectServer>(options, *engine_);
    server_->start();
    remote::RemoteBackend::Options r;
    r.url = "http://127.0.0.1:" + std::to_string(server_->port());
    r.access_token = kToken;
    remote_ = std::make_unique<remote::RemoteBackend>(r);
  }
  ~ServedRemoteBackend() override {
    remote_->close();
    server_->shutdown();
    engine_->close();
  }

  core::ReadResult snapshot_read(const std::vector<core::ReadRange>& ranges, int64_t now) override {
    return remote_->snapshot_read(ranges, now);
  }
  void atomic_write(core::AtomicWrite w, int64_t now, CommitCallback done) override {
    remote_->atomic_write(std::move(w), now, std::move(done));
  }
  SweepResult sweep_expired(int64_t now) override { return remote_->sweep_expired(now); }
  std::optional<int64_t> next_expiration() override { return remote_->next_expiration(); }
  Versionstamp current_version() override { return remote_->current_version(); }
  std::vector<DequeuedMessage> dequeue_ready(int64_t now, int64_t deadline,
                                             size_t max_messages) override {
    return remote_->dequeue_ready(now, deadline, max_messages);
  }
  QueueSettlement finish_message(const RunningLease& lease, DeliveryOutcome outcome,
                                 int64_t now) override {
    return remote_->finish_message(lease, outcome, now);
  }
  void extend_deadlines(const std::vector<RunningLease>& leases, int64_t deadline) override {
    remote_->extend_deadlines(leases, deadline);
  }
  QueueSettlement requeue_overdue(int64_t now) override { return remote_->requeue_overdue(now); }
  std::optional<int64_t> next_queue_ts() override { return remote_->next_queue_ts(); }
  void close() override { remote_->close(); }

 private:
  std::unique_ptr<engine::Engine> engine_;
  std::unique_ptr<server::KvConnectServer> server_;
  std::unique_ptr<remote::RemoteBackend> remote_;
};

}  // namespace openkv::storage::testing

#endif  // OPENKV_TESTS_CONFORMANCE_SERVED_REMOTE_H_
