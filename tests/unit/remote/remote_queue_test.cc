// Copyright (c) OpenKV authors.
//
// A KV Connect server without the OpenKV queue extension (here: one over a
// store without queues, which answers the extension's paths with 404, as
// any other server does): the remote backend's queue calls fail with
// kUnsupported, and listen_queue says so at once instead of polling.
#include <gtest/gtest.h>

#include <string>

#include "openkv/database.h"
#include "openkv/errors.h"
#include "openkv/remote.h"
#include "server/fake_backend.h"
#include "server/kv_server.h"
#include "storage/remote/remote_backend.h"

namespace openkv {
namespace {

constexpr const char* kToken = "remote-queue-token-0123";
constexpr const char* kUnsupportedText =
    "This KV Connect server does not offer OpenKV queue delivery.";

class WithoutExtension : public ::testing::Test {
 protected:
  void SetUp() override {
    register_remote_backend();
    server::KvConnectServer::Options options;
    options.http.host = "127.0.0.1";
    options.http.port = 0;  // a free port chosen by the kernel
    options.service.access_token = kToken;
    server_ = std::make_unique<server::KvConnectServer>(options, *engine_);
    server_->start();
    url_ = "http://127.0.0.1:" + std::to_string(server_->port());
  }
  void TearDown() override { server_->shutdown(); }

  std::unique_ptr<engine::Engine> engine_ = server::testing::make_fake_engine();
  std::unique_ptr<server::KvConnectServer> server_;
  std::string url_;
};

TEST_F(WithoutExtension, QueueCallsAreUnsupported) {
  storage::remote::RemoteBackend::Options o;
  o.url = url_;
  o.access_token = kToken;
  storage::remote::RemoteBackend backend(o);
  try {
    backend.next_queue_ts();
    FAIL() << "expected kUnsupported";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kUnsupported);
    EXPECT_STREQ(e.what(), kUnsupportedText);
  }
  EXPECT_EQ(backend.requeue_overdue(0).requeued, 0);  // the server's job
  backend.close();
}

TEST_F(WithoutExtension, ListenQueueFailsAtOnce) {
  Options options;
  options.access_token = kToken;
  auto db = Database::open(url_, options);
  try {
    db->listen_queue([](const Value&) {});
    FAIL() << "expected kUnsupported";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kUnsupported);
    EXPECT_STREQ(e.what(), kUnsupportedText);
  }
  db->close();
}

}  // namespace
}  // namespace openkv
