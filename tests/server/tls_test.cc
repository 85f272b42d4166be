// Copyright (c) OpenKV authors.
//
// The server with TLS: a throwaway CA and a server certificate for 127.0.0.1
// are made with OpenSSL when the suite starts; clients verify the server
// against that CA. HTTP/1.1 (ALPN http/1.1 or none) and HTTP/2 (ALPN h2) each
// complete the metadata exchange and a write and a read; plain text sent to
// the TLS port, and a client that never starts the handshake, are dropped;
// unusable certificate or key files fail at start.
#include <gtest/gtest.h>

#include <unistd.h>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "fake_backend.h"
#include "http_clients.h"
#include "server/kv_server.h"
#include "server/transport/tls.h"
#include "support/test_pki.h"
#include "test_util.h"

namespace openkv::server {
namespace {

namespace fs = std::filesystem;
namespace net = boost::asio;
using openkv::test_support::Pki;
using testing::Connection;
using testing::data_path_headers;
using testing::H1Client;
using testing::H2Client;
using testing::Headers;
using testing::hex;
using testing::kToken;
using testing::Reply;
using testing::unhex;

const std::string kMetadataBody = R"({"supportedVersions":[1,2,3]})";
const std::string kDenoGet =
    unhex("0a230a0e0275736572730002616c69636500120f0275736572730002616c69636500001801");
const std::string kNodeSet = unhex(
    "12320a0e0275736572730002616c6963650012160a12ff0f6f22046e616d652205416c6963657b0110011801"
    "20002a0032003800");
const std::string kAliceEntry =
    "0a340a320a0e0275736572730002616c696365001212ff0f6f22046e616d652205416c6963657b011801"
    "220a0000000000000001000020014001";
const std::string kAlpnH2AndHttp1 = "\x02h2\x08http/1.1";
const std::string kAlpnHttp1 = "\x08http/1.1";

class TlsServerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { pki_ = new Pki(); }
  static void TearDownTestSuite() {
    delete pki_;
    pki_ = nullptr;
  }

  static KvConnectServer::Options options(std::string cert, std::string key) {
    KvConnectServer::Options options;
    options.http.host = "127.0.0.1";
    options.http.port = 0;
    options.http.threads = 2;
    // Short, so the test of a stalled handshake is quick.
    options.http.limits.request_timeout = std::chrono::milliseconds(500);
    options.http.tls = transport::TlsFiles{std::move(cert), std::move(key)};
    options.service.access_token = kToken;
    return options;
  }

  void SetUp() override {
    server_ =
        std::make_unique<KvConnectServer>(options(pki_->cert_file(), pki_->key_file()), *engine_);
    server_->start();
    port_ = server_->port();
  }
  void TearDown() override { server_->shutdown(); }

  std::unique_ptr<Connection> tls(const std::string& alpn) {
    return std::make_unique<Connection>(port_, pki_->ca_file(), alpn);
  }

  // The message start() fails with for these files.
  std::string start_error(const std::string& cert, const std::string& key) {
    auto engine = testing::make_fake_engine();
    KvConnectServer server(options(cert, key), *engine);
    try {
      server.start();
    } catch (const transport::TlsSetupError& e) {
      return e.what();
    }
    return "started";
  }

  static inline Pki* pki_ = nullptr;
  std::unique_ptr<engine::Engine> engine_ = testing::make_fake_engine();
  std::unique_ptr<KvConnectServer> server_;
  uint16_t port_ = 0;
};

// Metadata, then a write and a read of it; the same checks for any client.
template <typename Call>
void expect_metadata_write_read(Call call) {
  Reply r = call("/",
                 Headers{{"authorization", std::string("Bearer ") + kToken},
                         {"content-type", "application/json"}},
                 kMetadataBody);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, "application/json");
  auto json = nlohmann::json::parse(r.body);
  EXPECT_EQ(json["version"], 3);
  // Relative, so the client resolves it against the https:// URL it used.
  EXPECT_EQ(json["endpoints"][0]["url"], "/v2");

  r = call("/v2/atomic_write", data_path_headers(), kNodeSet);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(hex(r.body), "0801120a00000000000000010000");
  r = call("/v2/snapshot_read", data_path_headers(), kDenoGet);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(hex(r.body), kAliceEntry);
}

TEST_F(TlsServerTest, Http1WhenAlpnSaysHttp11) {
  auto connection = tls(kAlpnHttp1);
  EXPECT_EQ(connection->alpn_selected(), "http/1.1");
  H1Client client(std::move(connection));
  expect_metadata_write_read(
      [&](const std::string& path, const Headers& headers, const std::string& body) {
        return client.call("POST", path, headers, body);
      });
}

TEST_F(TlsServerTest, Http1WithoutAlpn) {
  auto connection = tls("");
  EXPECT_EQ(connection->alpn_selected(), "");
  H1Client client(std::move(connection));
  expect_metadata_write_read(
      [&](const std::string& path, const Headers& headers, const std::string& body) {
        return client.call("POST", path, headers, body);
      });
}

TEST_F(TlsServerTest, Http2WhenAlpnOffersH2) {
  auto connection = tls(kAlpnH2AndHttp1);
  EXPECT_EQ(connection->alpn_selected(), "h2");
  H2Client client(std::move(connection));
  expect_metadata_write_read(
      [&](const std::string& path, const Headers& headers, const std::string& body) {
        return client.call(path, headers, body);
      });
}

TEST_F(TlsServerTest, WatchStreamsOverHttp2AndTls) {
  H2Client deno(tls(kAlpnH2AndHttp1));
  int32_t id = deno.start("/v2/watch", data_path_headers(), unhex("0a050a03027700"));
  std::string first =
      "00000000"
      "06000000080112020801";
  deno.pump_until([&] { return hex(deno.reply(id).body).size() >= first.size(); });
  EXPECT_EQ(hex(deno.reply(id).body).substr(0, first.size()), first);

  // A write over another TLS connection wakes the watch.
  H1Client node(tls(kAlpnHttp1));
  std::string set_w = unhex("120e0a0302770012050a017810031801");
  ASSERT_EQ(node.call("POST", "/v2/atomic_write", data_path_headers(), set_w).status, 200);
  deno.pump_until([&] { return deno.reply(id).body.find("\x01x", 0) != std::string::npos; });
  EXPECT_NE(deno.reply(id).body.find(std::string("\x0a\x03\x02w\x00\x12\x01x", 8)),
            std::string::npos);
}

// Everything the server sends until it closes the connection (a TLS alert at
// most, never an HTTP response).
std::string read_until_closed(Connection& connection) {
  std::string received;
  std::array<char, 1024> buf;
  boost::system::error_code ec;
  while (!ec) {
    size_t n = connection.read_some(net::buffer(buf), ec);
    received.append(buf.data(), n);
  }
  return received;
}

TEST_F(TlsServerTest, PlainTextToTheTlsPortIsDropped) {
  Connection http1(port_);
  std::string request =
      "POST / HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-length: 29\r\n\r\n" + kMetadataBody;
  net::write(http1, net::buffer(request));
  EXPECT_EQ(read_until_closed(http1).find("HTTP/"), std::string::npos);

  Connection h2c(port_);
  net::write(h2c, net::buffer(std::string_view("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n")));
  std::string reply = read_until_closed(h2c);
  // Not even an HTTP/2 SETTINGS frame (type 4 in the frame header's 4th byte).
  EXPECT_TRUE(reply.size() < 4 || reply[3] != 4) << hex(reply);

  // The server still serves TLS.
  H1Client client(tls(kAlpnHttp1));
  EXPECT_EQ(client.call("POST", "/v2/snapshot_read", data_path_headers(), kDenoGet).status, 200);
}

TEST_F(TlsServerTest, StalledHandshakeTimesOut) {
  Connection silent(port_);
  auto started = std::chrono::steady_clock::now();
  EXPECT_EQ(read_until_closed(silent), "");
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(5));
}

TEST_F(TlsServerTest, ClientsReallyVerifyTheServer) {
  // Trusting the server certificate itself (not a CA) fails, so the other
  // tests pass because the chain to the test CA verifies.
  EXPECT_THROW(Connection(port_, pki_->cert_file(), kAlpnHttp1), boost::system::system_error);
}

TEST_F(TlsServerTest, UnusableFilesFailAtStart) {
  std::string missing = pki_->ca_file() + ".missing";
  std::string error = start_error(missing, pki_->key_file());
  EXPECT_NE(error.find("cannot read the TLS certificate '" + missing + "'"), std::string::npos)
      << error;
  EXPECT_NE(error.find("No such file or directory"), std::string::npos) << error;

  error = start_error(pki_->cert_file(), missing);
  EXPECT_NE(error.find("cannot read the TLS private key '" + missing + "'"), std::string::npos)
      << error;

  error = start_error(pki_->not_pem_file(), pki_->key_file());
  EXPECT_NE(error.find("'" + pki_->not_pem_file() + "' is not a usable PEM certificate chain"),
            std::string::npos)
      << error;

  error = start_error(pki_->cert_file(), pki_->not_pem_file());
  EXPECT_NE(error.find("'" + pki_->not_pem_file() + "' is not a usable unencrypted PEM"),
            std::string::npos)
      << error;

  error = start_error(pki_->cert_file(), pki_->other_key_file());
  EXPECT_EQ(error, "the TLS private key '" + pki_->other_key_file() +
                       "' does not match the certificate '" + pki_->cert_file() + "'");
}

}  // namespace
}  // namespace openkv::server
