// Copyright (c) OpenKV authors.
//
// Connections that stall are closed: one that never sends a request, one
// that stops in the middle of its headers (HTTP/1.1) or body, and a
// keep-alive connection left idle after its last request. A server that
// waited for such clients forever would run out of descriptors.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <string>

#include "fake_backend.h"
#include "http_clients.h"
#include "server/kv_server.h"
#include "test_util.h"

namespace openkv::server {
namespace {

using Clock = std::chrono::steady_clock;

class TimeoutTest : public ::testing::Test {
 protected:
  void SetUp() override {
    KvConnectServer::Options options;
    options.http.host = "127.0.0.1";
    options.http.port = 0;
    options.http.threads = 2;
    options.http.limits.request_timeout = std::chrono::milliseconds(300);
    options.http.limits.idle_timeout = std::chrono::milliseconds(600);
    options.service.access_token = testing::kToken;
    server_ = std::make_unique<KvConnectServer>(options, *engine_);
    server_->start();
  }
  void TearDown() override { server_->shutdown(); }

  // A raw TCP connection to the server.
  int connect_raw() {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(server_->port());
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    EXPECT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    return fd;
  }

  static void send_all(int fd, const std::string& bytes) {
    ASSERT_EQ(::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL),
              static_cast<ssize_t>(bytes.size()));
  }

  // Reads until the server closes the connection (returns the time it took)
  // or `limit` passes (returns nullopt). What was received is appended to *got.
  static std::optional<std::chrono::milliseconds> wait_for_close(int fd,
                                                                 std::chrono::milliseconds limit,
                                                                 std::string* got = nullptr) {
    auto start = Clock::now();
    char buf[4096];
    while (Clock::now() - start < limit) {
      pollfd p{fd, POLLIN, 0};
      if (::poll(&p, 1, 50) <= 0) continue;
      ssize_t n = ::recv(fd, buf, sizeof buf, 0);
      if (n <= 0) {
        return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
      }
      if (got) got->append(buf, static_cast<size_t>(n));
    }
    return std::nullopt;
  }

  std::unique_ptr<engine::Engine> engine_ = testing::make_fake_engine();
  std::unique_ptr<KvConnectServer> server_;
};

TEST_F(TimeoutTest, ConnectionThatNeverSpeaksIsClosed) {
  int fd = connect_raw();
  auto closed_after = wait_for_close(fd, std::chrono::milliseconds(5000));
  ::close(fd);
  ASSERT_TRUE(closed_after.has_value());
  EXPECT_GE(closed_after->count(), 200);
}

TEST_F(TimeoutTest, Http1RequestStalledInItsHeadersIsClosed) {
  int fd = connect_raw();
  send_all(fd, "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Ty");
  auto closed_after = wait_for_close(fd, std::chrono::milliseconds(5000));
  ::close(fd);
  ASSERT_TRUE(closed_after.has_value());
}

TEST_F(TimeoutTest, Http1RequestStalledInItsBodyIsClosed) {
  int fd = connect_raw();
  send_all(fd,
           "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
           "Content-Length: 100\r\n\r\n{\"supported");
  auto closed_after = wait_for_close(fd, std::chrono::milliseconds(5000));
  ::close(fd);
  ASSERT_TRUE(closed_after.has_value());
}

TEST_F(TimeoutTest, IdleKeepAliveConnectionIsClosedAfterTheIdleTimeout) {
  int fd = connect_raw();
  const std::string body = R"({"supportedVersions":[1,2,3]})";
  send_all(fd,
           "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
           "Authorization: Bearer " +
               std::string(testing::kToken) +
               "\r\n"
               "Content-Length: " +
               std::to_string(body.size()) + "\r\n\r\n" + body);
  std::string reply;
  auto closed_after = wait_for_close(fd, std::chrono::milliseconds(5000), &reply);
  ::close(fd);
  // The request was answered, and only then, after a quiet idle period, was
  // the connection closed.
  EXPECT_EQ(reply.rfind("HTTP/1.1 200", 0), 0u) << reply.substr(0, 80);
  ASSERT_TRUE(closed_after.has_value());
  EXPECT_GE(closed_after->count(), 500);
}

TEST_F(TimeoutTest, StalledHttp2PrefaceIsClosed) {
  int fd = connect_raw();
  send_all(fd, "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");  // preface, then nothing
  auto closed_after = wait_for_close(fd, std::chrono::milliseconds(5000));
  ::close(fd);
  ASSERT_TRUE(closed_after.has_value());
}

}  // namespace
}  // namespace openkv::server
