// Copyright (c) OpenKV authors.
//
// The server over real sockets: HTTP/1.1 (Beast client) and h2c (nghttp2
// client) on the same port, status codes and texts, golden replies, watch
// streaming on both protocols and release of a watch when its client leaves.
// Each test starts a server on a free 127.0.0.1 port (port 0) in-process.
#include <gtest/gtest.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <thread>

#include "fake_backend.h"
#include "http_clients.h"
#include "server/kv_server.h"
#include "test_util.h"

namespace openkv::server {
namespace {

using testing::data_path_headers;
using testing::H1Client;
using testing::H2Client;
using testing::Headers;
using testing::hex;
using testing::kDbId;
using testing::kToken;
using testing::Reply;
using testing::unhex;

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    KvConnectServer::Options options;
    options.http.host = "127.0.0.1";
    options.http.port = 0;  // a free port chosen by the kernel
    options.http.threads = 2;
    options.service.access_token = kToken;
    options.service.watch.keepalive_interval = std::chrono::milliseconds(200);
    server_ = std::make_unique<KvConnectServer>(options, *engine_);
    server_->start();
    port_ = server_->port();
  }
  void TearDown() override { server_->shutdown(); }

  template <typename Pred>
  bool eventually(Pred pred) {
    for (int i = 0; i < 200 && !pred(); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return pred();
  }

  std::unique_ptr<engine::Engine> engine_ = testing::make_fake_engine();
  std::unique_ptr<KvConnectServer> server_;
  uint16_t port_ = 0;
};

const std::string kMetadataBody = R"({"supportedVersions":[1,2,3]})";
const std::string kDenoGet =
    unhex("0a230a0e0275736572730002616c69636500120f0275736572730002616c69636500001801");
const std::string kNodeSet = unhex(
    "12320a0e0275736572730002616c6963650012160a12ff0f6f22046e616d652205416c6963657b0110011801"
    "20002a0032003800");
const std::string kWatchW = unhex("0a050a03027700");

TEST_F(ServerTest, MetadataOnBothProtocolsOfOnePort) {
  H1Client h1(port_);
  Reply a =
      h1.call("POST", "/", {{"authorization", std::string("Bearer ") + kToken}}, kMetadataBody);
  EXPECT_EQ(a.status, 200);
  EXPECT_EQ(a.content_type, "application/json");
  auto json = nlohmann::json::parse(a.body);
  EXPECT_EQ(json["version"], 3);
  EXPECT_EQ(json["databaseId"], kDbId);
  EXPECT_EQ(json.size(), 5u);

  H2Client h2(port_);
  Reply b = h2.call(
      "/",
      {{"authorization", std::string("Bearer ") + kToken}, {"content-type", "application/json"}},
      kMetadataBody);
  EXPECT_EQ(b.status, 200);
  EXPECT_EQ(b.content_type, "application/json");
  EXPECT_EQ(nlohmann::json::parse(b.body)["token"], kToken);
}

TEST_F(ServerTest, KeepAliveServesSeveralRequestsPerConnection) {
  H1Client h1(port_);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(h1.call("POST", "/v2/snapshot_read", data_path_headers(), kDenoGet).status, 200);
  }
}

TEST_F(ServerTest, DataPathHeaderErrorsInOrder) {
  H1Client h1(port_);
  Headers h = data_path_headers();
  Headers no_version(h.begin(), h.end());
  no_version.erase(no_version.begin() + 1);
  Reply r = h1.call("POST", "/v2/snapshot_read", no_version, kDenoGet);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.body, "Expected protocol version 2.");
  EXPECT_EQ(r.content_type, "text/plain; charset=utf-8");

  Headers no_auth(h.begin() + 1, h.end());
  r = h1.call("POST", "/v2/snapshot_read", no_auth, kDenoGet);
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.body, "Malformed authorization header.");

  Headers bad_token = h;
  bad_token[0].second = "Bearer wrong-token-xyz";
  r = h1.call("POST", "/v2/atomic_write", bad_token, kNodeSet);
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.body, "Invalid access token.");

  Headers bad_db = h;
  bad_db[2].second = "11111111-2222-3333-4444-555555555555";
  r = h1.call("POST", "/v2/snapshot_read", bad_db, kDenoGet);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.body, "Invalid database id.");

  r = h1.call("POST", "/v2/snapshot_read", h, "\xff\xff\xff");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.body.rfind("Request protobuf is invalid: ", 0), 0u) << r.body;
  EXPECT_EQ(r.body.back(), '.');
}

TEST_F(ServerTest, NotFoundAndMethodNotAllowed) {
  H1Client h1(port_);
  Reply r = h1.call("POST", "/v1/snapshot_read", data_path_headers(), kDenoGet);
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.body, "Resource not found.");
  r = h1.call("GET", "/v2/snapshot_read", {}, "");
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(r.body, "Method not allowed.");
  r = h1.call("GET", "/", {}, "");
  EXPECT_EQ(r.status, 405);
  r = h1.call("GET", "/healthz", {}, "");
  EXPECT_EQ(r.status, 200);
  H2Client h2(port_);
  EXPECT_EQ(h2.call("/nope", {}, "").status, 404);
}

TEST_F(ServerTest, OversizedBodiesAre413OnBothProtocols) {
  H1Client h1(port_);
  h1.send("POST", "/v2/atomic_write", data_path_headers(), "", 3 * 1024 * 1024);
  Reply r = h1.read();
  EXPECT_EQ(r.status, 413);
  EXPECT_EQ(r.body, "Request body too large.");

  H2Client h2(port_);
  r = h2.call("/v2/atomic_write", data_path_headers(), std::string(2 * 1024 * 1024 + 1, 'x'));
  EXPECT_EQ(r.status, 413);
  EXPECT_EQ(r.body, "Request body too large.");
  // The connection keeps working.
  EXPECT_EQ(h2.call("/v2/snapshot_read", data_path_headers(), kDenoGet).status, 200);
}

TEST_F(ServerTest, GoldenRepliesAndWriteThenRead) {
  H2Client deno(port_);
  H1Client node(port_);
  Reply r = deno.call("/v2/snapshot_read", data_path_headers(), kDenoGet);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, "application/x-protobuf");
  EXPECT_EQ(hex(r.body), "0a0020014001");

  r = node.call("POST", "/v2/atomic_write", data_path_headers(), kNodeSet);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(hex(r.body), "0801120a00000000000000010000");

  r = deno.call("/v2/snapshot_read", data_path_headers(), kDenoGet);
  EXPECT_EQ(hex(r.body),
            "0a340a320a0e0275736572730002616c696365001212ff0f6f22046e616d652205416c6963657b011801"
            "220a0000000000000001000020014001");

  // check(["users","alice"] absent) fails at position 0.
  std::string check_absent = unhex("0a100a0e0275736572730002616c69636500");
  r = node.call("POST", "/v2/atomic_write", data_path_headers(), check_absent);
  EXPECT_EQ(hex(r.body), "0802220100");
}

TEST_F(ServerTest, EngineErrorsAre400WithTheirText) {
  H1Client node(port_);
  ASSERT_EQ(node.call("POST", "/v2/atomic_write", data_path_headers(), kNodeSet).status, 200);
  // sum(["users","alice"], 1n) on a V8 value.
  std::string sum = unhex(
      "12200a0e0275736572730002616c69636500120c0a0801000000000000001002"
      "1803");
  Reply r = node.call("POST", "/v2/atomic_write", data_path_headers(), sum);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.body, "Failed to perform 'sum' mutation on a non-U64 value in the database");
}

TEST_F(ServerTest, ValidationErrorsReachTheClient) {
  H2Client deno(port_);
  // limit 0
  Reply r = deno.call("/v2/snapshot_read", data_path_headers(), unhex("0a060a0161120162"));
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.body, "The read range limit of the snapshot read request is invalid.");
}

TEST_F(ServerTest, WatchOverHttp2StreamsFramesAndIsReleasedOnReset) {
  H2Client deno(port_);
  int32_t id = deno.start("/v2/watch", data_path_headers(), kWatchW);
  std::string first =
      "00000000"
      "06000000080112020801";
  deno.pump_until([&] { return hex(deno.reply(id).body).size() >= first.size(); });
  EXPECT_EQ(deno.reply(id).status, 200);
  EXPECT_EQ(deno.reply(id).content_type, "application/octet-stream");
  EXPECT_EQ(hex(deno.reply(id).body).substr(0, first.size()), first);

  // A write to ["w"] from another client produces a frame with the entry.
  H1Client node(port_);
  std::string set_w = unhex("120e0a0302770012050a017810031801");
  ASSERT_EQ(node.call("POST", "/v2/atomic_write", data_path_headers(), set_w).status, 200);
  deno.pump_until([&] { return deno.reply(id).body.find("\x01x", 0) != std::string::npos; });
  EXPECT_NE(deno.reply(id).body.find(std::string("\x0a\x03\x02w\x00\x12\x01x", 8)),
            std::string::npos);

  // Keep-alive frames keep coming (interval 200 ms in this test).
  size_t before = deno.reply(id).body.size();
  deno.pump_until([&] { return deno.reply(id).body.size() >= before + 4; });
  EXPECT_EQ(hex(deno.reply(id).body.substr(before, 4)), "00000000");

  EXPECT_EQ(engine_->watch_count(), 1u);
  deno.reset(id);
  EXPECT_TRUE(eventually([&] { return engine_->watch_count() == 0; }));
}

TEST_F(ServerTest, WatchOverHttp1IsChunkedAndReleasedOnDisconnect) {
  H1Client node(port_);
  node.send("POST", "/v2/watch", data_path_headers(), kWatchW);
  EXPECT_EQ(hex(node.read_stream_bytes(4)), "00000000");
  EXPECT_EQ(hex(node.read_stream_bytes(10)), "06000000080112020801");
  EXPECT_EQ(engine_->watch_count(), 1u);
  node.close();
  EXPECT_TRUE(eventually([&] { return engine_->watch_count() == 0; }));
}

TEST_F(ServerTest, ShutdownEndsWatchStreams) {
  H2Client deno(port_);
  int32_t id = deno.start("/v2/watch", data_path_headers(), kWatchW);
  deno.pump_until([&] { return deno.reply(id).body.size() >= 14; });
  server_->shutdown();
  EXPECT_EQ(engine_->watch_count(), 0u);
}

}  // namespace
}  // namespace openkv::server
