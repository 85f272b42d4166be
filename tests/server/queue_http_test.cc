// Copyright (c) OpenKV authors.
//
// The OpenKV queue extension over real HTTP/1.1 (docs/kv-connect-queue-
// extension.md): bad input is a 4xx with its text, a store without queues
// looks like a server without the extension (404), and a settlement made by
// a remote consumer notifies watchers of its dead-letter keys. Each test
// starts a server on a free 127.0.0.1 port (port 0) in-process.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "engine/engine.h"
#include "fake_backend.h"
#include "http_clients.h"
#include "openkv_queue.pb.h"
#include "server/kv_server.h"
#include "storage/sqlite/sqlite_backend.h"

namespace openkv::server {
namespace {

namespace qpb = ::openkv::queue::v1;
using testing::data_path_headers;
using testing::H1Client;
using testing::Headers;
using testing::kToken;
using testing::Reply;

std::unique_ptr<KvConnectServer> start(engine::Engine& engine) {
  KvConnectServer::Options options;
  options.http.host = "127.0.0.1";
  options.http.port = 0;  // a free port chosen by the kernel
  options.http.threads = 2;
  options.service.access_token = kToken;
  auto server = std::make_unique<KvConnectServer>(options, engine);
  server->start();
  return server;
}

class QueueHttpTest : public ::testing::Test {
 protected:
  void SetUp() override { server_ = start(engine_); }
  void TearDown() override {
    server_->shutdown();
    engine_.close();
  }

  Reply post(const std::string& method, const google::protobuf::MessageLite& body,
             const Headers& headers = data_path_headers()) {
    H1Client h1(server_->port());
    return h1.call("POST", "/v2/openkv/queue/" + method, headers, body.SerializeAsString());
  }

  engine::Engine engine_{
      std::make_unique<storage::sqlite::SqliteBackend>(storage::sqlite::SqliteBackend::Options{}),
      engine::Engine::Options{}};
  std::unique_ptr<KvConnectServer> server_;
};

qpb::DequeueRequest dequeue_request(uint32_t max_messages, int64_t lease_ms) {
  qpb::DequeueRequest r;
  r.set_max_messages(max_messages);
  r.set_lease_ms(lease_ms);
  return r;
}

TEST_F(QueueHttpTest, BadInputIs4xxWithItsText) {
  Headers no_version = data_path_headers();
  no_version.erase(no_version.begin() + 1);
  Reply r = post("dequeue", dequeue_request(1, 5000), no_version);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.body, "Expected protocol version 2.");

  Headers bad_token = data_path_headers();
  bad_token[0].second = "Bearer wrong-token-xyz";
  EXPECT_EQ(post("next_ts", qpb::NextTsRequest(), bad_token).status, 401);

  H1Client h1(server_->port());
  r = h1.call("POST", "/v2/openkv/queue/finish", data_path_headers(), "\xff\xff\xff");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.body, "Request protobuf is invalid: could not decode openkv.queue.v1.FinishRequest.");

  r = post("dequeue", dequeue_request(0, 5000));
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.body, "Invalid queue dequeue limit.");
  EXPECT_EQ(post("dequeue", dequeue_request(101, 5000)).body, "Invalid queue dequeue limit.");
  EXPECT_EQ(post("dequeue", dequeue_request(1, 0)).body, "Invalid queue lease duration.");

  qpb::FinishRequest finish;
  finish.mutable_lease()->set_id("x");
  r = post("finish", finish);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.body, "Invalid queue delivery outcome.");

  qpb::ExtendRequest extend;
  extend.set_lease_ms(5000);
  for (int i = 0; i < 1001; ++i) extend.add_leases()->set_id("x");
  r = post("extend", extend);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.body, "Too many leases in one queue extend request.");

  r = post("nope", qpb::NextTsRequest());
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.body, "Resource not found.");
  EXPECT_EQ(h1.call("GET", "/v2/openkv/queue/next_ts", {}, "").status, 405);
}

TEST_F(QueueHttpTest, DeadLetterOfARemoteSettlementNotifiesWatchers) {
  const core::Bytes key = {0x02, 'd', 0x00};
  core::AtomicWrite w;
  w.enqueues.push_back(core::Enqueue{{0xff, 0x0f, 0x5f}, engine::now_ms(), {key}, {}});
  ASSERT_TRUE(engine_.atomic_write_and_wait(std::move(w)).ok);

  std::atomic<bool> written{false};
  auto watch = engine_.watch({key}, [&](const engine::WatchSnapshot& s) {
    if (s[0].has_value()) written = true;
  });

  qpb::NextTsResponse next;
  Reply r = post("next_ts", qpb::NextTsRequest());
  ASSERT_EQ(r.status, 200) << r.body;
  ASSERT_TRUE(next.ParseFromString(r.body));
  EXPECT_TRUE(next.has_ts_ms());

  qpb::DequeueResponse dequeued;
  r = post("dequeue", dequeue_request(10, 5000));
  ASSERT_EQ(r.status, 200) << r.body;
  ASSERT_TRUE(dequeued.ParseFromString(r.body));
  ASSERT_EQ(dequeued.messages_size(), 1);
  EXPECT_EQ(dequeued.messages(0).payload(), "\xff\x0f\x5f");

  qpb::FinishRequest finish;
  *finish.mutable_lease() = dequeued.messages(0).lease();
  finish.set_outcome(qpb::OUTCOME_FAILURE);
  qpb::FinishResponse settled;
  r = post("finish", finish);
  ASSERT_EQ(r.status, 200) << r.body;
  ASSERT_TRUE(settled.ParseFromString(r.body));
  EXPECT_EQ(settled.requeued(), 0u);
  ASSERT_EQ(settled.dead_letter_keys_size(), 1);
  EXPECT_EQ(settled.dead_letter_keys(0), std::string("\x02"
                                                     "d\x00",
                                                     3));
  for (int i = 0; i < 200 && !written; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_TRUE(written);
}

TEST(QueueHttpWithoutQueues, ABackendWithoutQueuesIsAServerWithoutTheExtension) {
  auto engine = testing::make_fake_engine();
  auto server = start(*engine);
  H1Client h1(server->port());
  Reply r = h1.call("POST", "/v2/openkv/queue/next_ts", data_path_headers(),
                    qpb::NextTsRequest().SerializeAsString());
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.body, "Resource not found.");
  server->shutdown();
}

}  // namespace
}  // namespace openkv::server
