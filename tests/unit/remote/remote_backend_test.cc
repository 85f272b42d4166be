// Copyright (c) OpenKV authors.
//
// The remote backend as a KV Connect client: metadata refresh, credentials,
// retries (5xx and network errors retried, 4xx not), HTTP/1.1 fallback, a
// server restarted mid-operation, and watch through the stream including
// reconnect; https:// with certificate and hostname verification and ALPN.
// Servers listen on free 127.0.0.1 ports: the real KV Connect server
// in-process (plain or TLS), or a small HTTP/1.1-only fake (Beast, plain or
// TLS) that scripts its replies.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <openssl/ssl.h>
#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <condition_variable>
#include <future>
#include <list>
#include <map>
#include <mutex>
#include <optional>
#include <thread>

#include "engine/engine.h"
#include "openkv/database.h"
#include "openkv/errors.h"
#include "openkv/remote.h"
#include "server/kv_server.h"
#include "storage/remote/metadata.h"
#include "storage/remote/remote_backend.h"
#include "storage/sqlite/sqlite_backend.h"
#include "support/temp_dir.h"
#include "support/test_pki.h"

namespace openkv::storage::remote {
namespace {

namespace net = boost::asio;
namespace http = boost::beast::http;
using tcp = net::ip::tcp;
using namespace std::chrono_literals;

constexpr const char* kToken = "remote-test-token-123";

// One throwaway CA and server certificate (for 127.0.0.1) for the process.
const test_support::Pki& pki() {
  static const test_support::Pki instance;
  return instance;
}

core::Bytes b(std::string_view s) { return core::Bytes(s.begin(), s.end()); }

int64_t unix_now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string iso8601(int64_t ms) {
  std::time_t seconds = ms / 1000;
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char text[40];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &tm);
  char out[48];
  std::snprintf(out, sizeof out, "%s.%03dZ", text, static_cast<int>(ms % 1000));
  return out;
}

core::AtomicWrite set_write(std::string_view key, std::string_view value) {
  core::AtomicWrite w;
  core::Mutation m;
  m.key = b(key);
  m.value = {b(value), core::Encoding::kBytes};
  w.mutations.push_back(m);
  return w;
}

// ---- an HTTP/1.1-only KV Connect fake ---------------------------------------

struct FakeReply {
  int status = 200;
  std::string content_type = "application/x-protobuf";
  std::string body;
};

// Serves HTTP/1.1 only, the way a server without h2c would: the HTTP/2
// preface gets a 400 status line. `handler` decides every other reply. With
// `tls`, it serves https:// with the test PKI's certificate and picks
// `http/1.1` by ALPN, like a server behind an HTTP/1.1-only proxy.
class FakeServer {
 public:
  using Handler = std::function<FakeReply(const std::string& path, const std::string& body)>;

  explicit FakeServer(Handler handler, bool tls = false)
      : handler_(std::move(handler)), acceptor_(io_) {
    if (tls) {
      tls_.emplace(net::ssl::context::tls_server);
      tls_->use_certificate_chain_file(pki().cert_file());
      tls_->use_private_key_file(pki().key_file(), net::ssl::context::pem);
      SSL_CTX_set_alpn_select_cb(tls_->native_handle(), &select_http1, nullptr);
    }
    acceptor_.open(tcp::v4());
    acceptor_.set_option(net::socket_base::reuse_address(true));
    acceptor_.bind({net::ip::make_address("127.0.0.1"), 0});
    acceptor_.listen();
    port_ = acceptor_.local_endpoint().port();
    accept_thread_ = std::thread([this] { accept_loop(); });
  }

  ~FakeServer() {
    stopping_ = true;
    {
      // Wake the blocking accept with a connection of our own.
      tcp::socket poke(io_);
      boost::system::error_code ec;
      poke.connect({net::ip::make_address("127.0.0.1"), port_}, ec);
    }
    accept_thread_.join();
    {
      std::lock_guard<std::mutex> lock(mu_);
      for (auto* socket : sockets_) {
        boost::system::error_code ec;
        socket->shutdown(tcp::socket::shutdown_both, ec);
      }
    }
    for (auto& t : connection_threads_) t.join();
  }

  uint16_t port() const { return port_; }
  std::string url() const {
    return (tls_ ? "https" : "http") + std::string("://127.0.0.1:") + std::to_string(port_);
  }
  int count(const std::string& path) {
    std::lock_guard<std::mutex> lock(mu_);
    return counts_[path];
  }

 private:
  void accept_loop() {
    for (;;) {
      tcp::socket socket(io_);
      boost::system::error_code ec;
      acceptor_.accept(socket, ec);
      if (stopping_ || ec) return;
      connection_threads_.emplace_back(
          [this, s = std::make_shared<tcp::socket>(std::move(socket))] { serve(*s); });
    }
  }

  static int select_http1(SSL*, const unsigned char** out, unsigned char* outlen,
                          const unsigned char* in, unsigned int inlen, void*) {
    static constexpr unsigned char kHttp1[] = {8, 'h', 't', 't', 'p', '/', '1', '.', '1'};
    unsigned char* selected = nullptr;
    if (SSL_select_next_proto(&selected, outlen, kHttp1, sizeof kHttp1, in, inlen) !=
        OPENSSL_NPN_NEGOTIATED) {
      return SSL_TLSEXT_ERR_NOACK;
    }
    *out = selected;
    return SSL_TLSEXT_ERR_OK;
  }

  void serve(tcp::socket& socket) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      sockets_.push_back(&socket);
    }
    if (tls_) {
      net::ssl::stream<tcp::socket&> stream(socket, *tls_);
      boost::system::error_code ec;
      stream.handshake(net::ssl::stream_base::server, ec);
      if (!ec) exchange(stream);
    } else {
      exchange(socket);
    }
    std::lock_guard<std::mutex> lock(mu_);
    sockets_.remove(&socket);
  }

  template <typename Stream>
  void exchange(Stream& socket) {
    boost::beast::flat_buffer buffer;
    for (;;) {
      http::request<http::string_body> req;
      boost::system::error_code ec;
      http::read(socket, buffer, req, ec);
      if (ec) {
        if (ec == http::error::bad_method || ec == http::error::bad_version ||
            ec == http::error::bad_target) {
          http::response<http::string_body> bad{http::status::bad_request, 11};
          bad.body() = "not HTTP/1.1";
          bad.prepare_payload();
          http::write(socket, bad, ec);
        }
        break;
      }
      std::string path(req.target());
      FakeReply reply;
      {
        std::lock_guard<std::mutex> lock(mu_);
        ++counts_[path];
      }
      reply = handler_(path, req.body());
      http::response<http::string_body> res{static_cast<http::status>(reply.status), 11};
      res.set(http::field::content_type, reply.content_type);
      res.body() = reply.body;
      res.keep_alive(true);
      res.prepare_payload();
      http::write(socket, res, ec);
      if (ec) break;
    }
  }

  Handler handler_;
  std::optional<net::ssl::context> tls_;
  net::io_context io_;
  tcp::acceptor acceptor_;
  uint16_t port_ = 0;
  std::atomic<bool> stopping_{false};
  std::thread accept_thread_;
  std::vector<std::thread> connection_threads_;  // touched by the accept thread, then joined
  std::mutex mu_;
  std::list<tcp::socket*> sockets_;    // guarded by mu_
  std::map<std::string, int> counts_;  // guarded by mu_
};

FakeReply metadata_reply(int64_t expires_at_ms) {
  return {200, "application/json",
          R"({"version":3,"databaseId":"00000000-0000-0000-0000-000000000000",)"
          R"("endpoints":[{"url":"/v2","consistency":"strong"}],"token":"data-token",)"
          R"("expiresAt":")" +
              iso8601(expires_at_ms) + R"("})"};
}

// A one-range snapshot_read reply with nothing in it; an atomic_write success
// at version 1 (spec 04 §9.2).
const std::string kEmptyRead("\x0a\x00\x20\x01\x40\x01", 6);
const std::string kWriteOk("\x08\x01\x12\x0a\x00\x00\x00\x00\x00\x00\x00\x01\x00\x00", 14);

RemoteBackend::Options options_for(const std::string& url) {
  RemoteBackend::Options o;
  o.url = url;
  o.access_token = kToken;
  o.retry.initial_backoff = 20ms;
  o.retry.max_backoff = 200ms;
  return o;
}

std::vector<core::ReadRange> point(std::string_view key) {
  core::Bytes end = b(key);
  end.push_back(0);
  return {core::ReadRange{b(key), end, 1, false}};
}

TEST(RemoteBackend, FallsBackToHttp1AndRefreshesMetadataBeforeExpiry) {
  std::atomic<int64_t> lifetime_ms{3'600'000};
  FakeServer fake([&](const std::string& path, const std::string&) {
    if (path == "/") return metadata_reply(unix_now_ms() + lifetime_ms.load());
    if (path == "/v2/snapshot_read") return FakeReply{200, "application/x-protobuf", kEmptyRead};
    return FakeReply{404, "text/plain", "Resource not found."};
  });
  auto o = options_for(fake.url());
  o.metadata_refresh_margin = 1000ms;
  RemoteBackend backend(o);
  EXPECT_TRUE(backend.http().uses_http1(parse_url(fake.url())));
  EXPECT_EQ(backend.metadata().version, 3);
  EXPECT_EQ(backend.snapshot_read(point("k"), 0).ranges.size(), 1u);
  EXPECT_EQ(fake.count("/"), 1);

  // Metadata that expires 1.2 s after it is issued: with a 1 s margin it is
  // refreshed once 200 ms have passed, well before it expires.
  lifetime_ms = 1200;
  RemoteBackend short_lived(o);
  const int before = fake.count("/");
  short_lived.snapshot_read(point("k"), 0);
  EXPECT_EQ(fake.count("/"), before);  // still fresh
  std::this_thread::sleep_for(300ms);
  short_lived.snapshot_read(point("k"), 0);
  EXPECT_EQ(fake.count("/"), before + 1);
  short_lived.snapshot_read(point("k"), 0);
  EXPECT_EQ(fake.count("/"), before + 1);  // the new one is fresh again
}

TEST(RemoteBackend, RetriesServerErrorsButNotClientErrors) {
  std::atomic<int> failures_left{3};
  FakeServer fake([&](const std::string& path, const std::string&) {
    if (path == "/") return metadata_reply(unix_now_ms() + 3'600'000);
    if (path == "/v2/snapshot_read") {
      if (failures_left.fetch_sub(1) > 0) return FakeReply{503, "text/plain", "busy"};
      return FakeReply{200, "application/x-protobuf", kEmptyRead};
    }
    if (path == "/v2/atomic_write") {
      return FakeReply{400, "text/plain",
                       "Failed to perform 'sum' mutation on a non-U64 value in the database"};
    }
    return FakeReply{404, "text/plain", "Resource not found."};
  });
  RemoteBackend backend(options_for(fake.url()));
  EXPECT_EQ(backend.snapshot_read(point("k"), 0).ranges.size(), 1u);
  EXPECT_EQ(fake.count("/v2/snapshot_read"), 4);

  try {
    commit_and_wait(backend, set_write("k", "v"), 0);
    FAIL() << "a 400 must fail the write";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kTypeMismatch);
    EXPECT_STREQ(e.what(), "Failed to perform 'sum' mutation on a non-U64 value in the database");
  }
  EXPECT_EQ(fake.count("/v2/atomic_write"), 1);  // never retried

  // A server that keeps failing makes the call give up within its budget.
  auto o = options_for(fake.url());
  o.retry.max_elapsed = 300ms;
  RemoteBackend impatient(o);
  failures_left = 1000;
  auto start = std::chrono::steady_clock::now();
  try {
    impatient.snapshot_read(point("k"), 0);
    FAIL() << "expected kUnavailable";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kUnavailable);
    EXPECT_NE(std::string(e.what()).find("status=503"), std::string::npos) << e.what();
  }
  EXPECT_LT(std::chrono::steady_clock::now() - start, 2s);
}

// ---- against the real server ----------------------------------------------------

// A KV Connect server over a SQLite file that can be stopped and started
// again on the same port and file.
class ServedDatabase {
 public:
  // `tls`: serve https:// with the test PKI's certificate.
  explicit ServedDatabase(std::string path, bool tls = false) : path_(std::move(path)), tls_(tls) {
    register_remote_backend();  // so Database::open(url()) works
    start(0);
  }
  ~ServedDatabase() { stop(); }

  void start(uint16_t port) {
    sqlite::SqliteBackend::Options o;
    o.path = path_;
    engine_ = std::make_unique<engine::Engine>(std::make_unique<sqlite::SqliteBackend>(o),
                                               engine::Engine::Options{});
    server::KvConnectServer::Options options;
    options.http.host = "127.0.0.1";
    options.http.port = port;
    options.service.access_token = kToken;
    if (tls_) options.http.tls = server::transport::TlsFiles{pki().cert_file(), pki().key_file()};
    server_ = std::make_unique<server::KvConnectServer>(options, *engine_);
    server_->start();
    port_ = server_->port();
  }

  void stop() {
    if (!server_) return;
    server_->shutdown();
    engine_->close();
    server_.reset();
    engine_.reset();
  }

  std::string url() const {
    return (tls_ ? "https" : "http") + std::string("://127.0.0.1:") + std::to_string(port_);
  }
  uint16_t port() const { return port_; }
  engine::Engine& engine() { return *engine_; }

 private:
  std::string path_;
  bool tls_ = false;
  uint16_t port_ = 0;
  std::unique_ptr<engine::Engine> engine_;
  std::unique_ptr<server::KvConnectServer> server_;
};

// A SQLite backend whose eventual reads come from another file: a stand-in
// for a lagging hot standby, so a read's value shows which endpoint served it.
class LaggingBackend : public sqlite::SqliteBackend {
 public:
  LaggingBackend(const std::string& path, const std::string& standby_path)
      : SqliteBackend(options(path)), standby_(options(standby_path)) {}
  ~LaggingBackend() override { standby_.close(); }
  core::ReadResult eventual_read(const std::vector<core::ReadRange>& ranges,
                                 int64_t now_ms) override {
    return standby_.snapshot_read(ranges, now_ms);
  }
  bool has_eventual_reads() const override { return true; }

 private:
  static Options options(const std::string& path) {
    Options o;
    o.path = path;
    return o;
  }
  sqlite::SqliteBackend standby_;
};

std::string value_at(Database& db, Consistency consistency) {
  EntryMaybe e = db.get({"k"}, ReadOptions{consistency});
  return e.exists() ? e.value->as_string() : "<absent>";
}

TEST(RemoteBackend, EventualReadsGoToTheEventualEndpointWhenOneIsListed) {
  openkv::testing::TempDir dir;
  const std::string standby = (dir.path() / "standby.sqlite3").string();
  Database::open(standby)->set({"k"}, "old");
  engine::Engine engine(
      std::make_unique<LaggingBackend>((dir.path() / "primary.sqlite3").string(), standby),
      engine::Engine::Options{});
  server::KvConnectServer::Options options;
  options.http.host = "127.0.0.1";
  options.http.port = 0;
  options.service.access_token = kToken;
  server::KvConnectServer server(options, engine);
  server.start();
  const std::string url = "http://127.0.0.1:" + std::to_string(server.port());

  RemoteBackend backend(options_for(url));
  EXPECT_TRUE(backend.has_eventual_reads());
  register_remote_backend();
  Options o;
  o.access_token = kToken;
  auto db = Database::open(url, o);
  db->set({"k"}, "new");
  EXPECT_EQ(value_at(*db, Consistency::kStrong), "new");
  // Served by the "standby" through /v2/eventual, which answers
  // read_is_strongly_consistent = false: accepted for an eventual read.
  EXPECT_EQ(value_at(*db, Consistency::kEventual), "old");
  db->close();
  server.shutdown();
  engine.close();
}

TEST(RemoteBackend, WithoutAnEventualEndpointEventualReadsAreStrong) {
  openkv::testing::TempDir dir;
  ServedDatabase served((dir.path() / "kv.sqlite3").string());
  RemoteBackend backend(options_for(served.url()));
  EXPECT_FALSE(backend.has_eventual_reads());
  ASSERT_TRUE(commit_and_wait(backend, set_write("k", "v"), 0).ok);
  std::vector<core::ReadRange> all{{{}, {0xff}, 10, false}};
  EXPECT_EQ(backend.eventual_read(all, 0).ranges.at(0).size(), 1u);
}

TEST(RemoteBackend, WrongTokenIsAClearPermissionError) {
  openkv::testing::TempDir dir;
  ServedDatabase db((dir.path() / "kv.sqlite3").string());
  auto o = options_for(db.url());
  o.access_token = "not-the-right-token";
  try {
    RemoteBackend backend(o);
    FAIL() << "expected kPermissionDenied";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kPermissionDenied);
    EXPECT_STREQ(e.what(),
                 "KV Connect server rejected the access token (401): Invalid access token.");
  }
}

TEST(RemoteBackend, TokenComesFromTheEnvironment) {
  openkv::testing::TempDir dir;
  ServedDatabase db((dir.path() / "kv.sqlite3").string());
  auto o = options_for(db.url());
  o.access_token.reset();
  ::setenv("DENO_KV_ACCESS_TOKEN", kToken, 1);
  RemoteBackend backend(o);
  ::unsetenv("DENO_KV_ACCESS_TOKEN");
  EXPECT_TRUE(commit_and_wait(backend, set_write("k", "v"), 0).ok);
  EXPECT_FALSE(backend.http().uses_http1(parse_url(db.url())));  // h2c
}

TEST(RemoteBackend, ServerRestartMidOperationIsRetriedTransparently) {
  openkv::testing::TempDir dir;
  ServedDatabase db((dir.path() / "kv.sqlite3").string());
  RemoteBackend backend(options_for(db.url()));
  ASSERT_TRUE(commit_and_wait(backend, set_write("a", "1"), 0).ok);

  const uint16_t port = db.port();
  db.stop();
  std::atomic<bool> done{false};
  core::CommitResult result;
  std::exception_ptr error;
  std::thread writer([&] {
    try {
      result = commit_and_wait(backend, set_write("b", "2"), 0);
    } catch (...) {
      error = std::current_exception();
    }
    done = true;
  });
  std::this_thread::sleep_for(800ms);  // the write is retrying meanwhile
  EXPECT_FALSE(done.load());
  db.start(port);
  writer.join();
  ASSERT_FALSE(error);
  EXPECT_TRUE(result.ok);
  auto read = backend.snapshot_read(point("a"), 0);
  ASSERT_EQ(read.ranges[0].size(), 1u);
  read = backend.snapshot_read(point("b"), 0);
  ASSERT_EQ(read.ranges[0].size(), 1u);
}

// Engine over the remote backend, as Database::open("http://…") builds it.
TEST(RemoteBackend, WatchSeesOtherClientsAndSurvivesReconnect) {
  openkv::testing::TempDir dir;
  ServedDatabase db((dir.path() / "kv.sqlite3").string());
  auto o = options_for(db.url());
  o.watch.initial_backoff = 50ms;
  o.watch.max_backoff = 200ms;
  engine::Engine engine(std::make_unique<RemoteBackend>(o), engine::Engine::Options{});

  std::mutex mu;
  std::condition_variable cv;
  std::vector<engine::WatchSnapshot> seen;
  auto handle = engine.watch({b("w")}, [&](const engine::WatchSnapshot& s) {
    std::lock_guard<std::mutex> lock(mu);
    seen.push_back(s);
    cv.notify_all();
  });
  auto wait_for = [&](size_t n) {
    std::unique_lock<std::mutex> lock(mu);
    return cv.wait_for(lock, 10s, [&] { return seen.size() >= n; });
  };
  ASSERT_TRUE(wait_for(1));
  {
    // Under the lock: the watch thread may append (and reallocate) meanwhile.
    std::lock_guard<std::mutex> lock(mu);
    EXPECT_FALSE(seen[0][0].has_value());
  }

  // Another client (the server's own engine) writes: no polling could see it.
  db.engine().atomic_write_and_wait(set_write("w", "1"));
  ASSERT_TRUE(wait_for(2));
  {
    std::lock_guard<std::mutex> lock(mu);
    ASSERT_TRUE(seen[1][0].has_value());
    EXPECT_EQ(seen[1][0]->value.data, b("1"));
  }

  // The server goes away and comes back; the fresh full state after the
  // reconnect is not re-delivered, the next change is.
  const uint16_t port = db.port();
  db.stop();
  std::this_thread::sleep_for(300ms);
  db.start(port);
  db.engine().atomic_write_and_wait(set_write("w", "2"));
  ASSERT_TRUE(wait_for(3));
  std::this_thread::sleep_for(300ms);
  std::lock_guard<std::mutex> lock(mu);
  ASSERT_EQ(seen.size(), 3u);
  ASSERT_TRUE(seen[2][0].has_value());
  EXPECT_EQ(seen[2][0]->value.data, b("2"));
}

TEST(RemoteBackend, EngineCloseEndsRemoteWatches) {
  openkv::testing::TempDir dir;
  ServedDatabase db((dir.path() / "kv.sqlite3").string());
  engine::Engine engine(std::make_unique<RemoteBackend>(options_for(db.url())),
                        engine::Engine::Options{});
  std::promise<std::exception_ptr> ended;
  auto handle = engine.watch(
      {b("w")}, [](const engine::WatchSnapshot&) {},
      [&](std::exception_ptr e) { ended.set_value(e); });
  engine.close();
  auto future = ended.get_future();
  ASSERT_EQ(future.wait_for(5s), std::future_status::ready);
  EXPECT_EQ(future.get(), nullptr);
}

// ---- https:// ------------------------------------------------------------

openkv::Options https_options() {
  openkv::Options o;
  o.access_token = kToken;
  o.tls_ca_file = pki().ca_file();
  return o;
}

// How a TLS failure is reported; it must come at once (no retry loop).
Error open_error(const std::string& url, const openkv::Options& options) {
  const auto started = std::chrono::steady_clock::now();
  try {
    Database::open(url, options);
  } catch (const Error& e) {
    EXPECT_LT(std::chrono::steady_clock::now() - started, 5s);
    return e;
  }
  ADD_FAILURE() << "expected an error opening " << url;
  return Error(ErrorCode::kInvalidArgument, "");
}

TEST(RemoteHttps, DatabaseOverHttp2WithAPrivateCa) {
  openkv::testing::TempDir dir;
  ServedDatabase served((dir.path() / "kv.sqlite3").string(), /*tls=*/true);
  auto db = Database::open(served.url(), https_options());
  db->set({"tls", "a"}, Value("one"));
  db->set({"tls", "b"}, Value("two"));
  auto got = db->get({"tls", "a"});
  ASSERT_TRUE(got.exists());
  EXPECT_EQ(got.value->as_string(), "one");
  auto list = db->list(ListSelector::with_prefix({"tls"}));
  std::vector<std::string> values;
  while (auto entry = list.next()) values.push_back(entry->value.as_string());
  EXPECT_EQ(values, (std::vector<std::string>{"one", "two"}));

  auto watch = db->watch({{"tls", "a"}});
  auto first = watch.next_for(5s);
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ((*first)[0].value->as_string(), "one");
  db->set({"tls", "a"}, Value("three"));
  auto second = watch.next_for(5s);
  ASSERT_TRUE(second.has_value());
  EXPECT_EQ((*second)[0].value->as_string(), "three");

  // The server offers h2 first, so ALPN chose HTTP/2.
  auto o = options_for(served.url());
  o.tls_ca_file = pki().ca_file();
  RemoteBackend backend(o);
  EXPECT_FALSE(backend.http().uses_http1(parse_url(served.url())));
}

TEST(RemoteHttps, Http1WhenAlpnChoosesIt) {
  FakeServer fake(
      [&](const std::string& path, const std::string&) {
        if (path == "/") return metadata_reply(unix_now_ms() + 3'600'000);
        if (path == "/v2/snapshot_read")
          return FakeReply{200, "application/x-protobuf", kEmptyRead};
        return FakeReply{404, "text/plain", "Resource not found."};
      },
      /*tls=*/true);
  auto o = options_for(fake.url());
  o.tls_ca_file = pki().ca_file();
  RemoteBackend backend(o);
  EXPECT_TRUE(backend.http().uses_http1(parse_url(fake.url())));
  EXPECT_EQ(backend.snapshot_read(point("k"), 0).ranges.size(), 1u);
  EXPECT_EQ(fake.count("/v2/snapshot_read"), 1);
}

TEST(RemoteHttps, UntrustedCertificateIsAClearError) {
  openkv::testing::TempDir dir;
  ServedDatabase served((dir.path() / "kv.sqlite3").string(), /*tls=*/true);
  ::unsetenv("DENO_CERT");
  openkv::Options o = https_options();
  o.tls_ca_file.clear();
  Error e = open_error(served.url(), o);
  EXPECT_EQ(e.code(), ErrorCode::kPermissionDenied);
  EXPECT_THAT(e.what(), ::testing::HasSubstr("could not be verified: unable to get local issuer"));
}

TEST(RemoteHttps, WrongHostnameIsAClearError) {
  openkv::testing::TempDir dir;
  ServedDatabase served((dir.path() / "kv.sqlite3").string(), /*tls=*/true);
  // The certificate names 127.0.0.1 only.
  Error e = open_error("https://localhost:" + std::to_string(served.port()), https_options());
  EXPECT_EQ(e.code(), ErrorCode::kPermissionDenied);
  EXPECT_THAT(e.what(), ::testing::HasSubstr("could not be verified: hostname mismatch"));
}

TEST(RemoteHttps, UnreadableCaFileIsAnInvalidArgument) {
  openkv::testing::TempDir dir;
  ServedDatabase served((dir.path() / "kv.sqlite3").string(), /*tls=*/true);
  openkv::Options o = https_options();
  o.tls_ca_file = pki().key_file();  // PEM, but no certificate in it
  EXPECT_EQ(open_error(served.url(), o).code(), ErrorCode::kInvalidArgument);
}

TEST(Metadata, ParsesAndChecksTheReply) {
  Url base = parse_url("http://127.0.0.1:4512/");
  auto md = parse_metadata(R"({"version":3,"databaseId":"11111111-2222-3333-4444-555555555555",)"
                           R"("endpoints":[{"url":"/db","consistency":"strong"}],"token":"t",)"
                           R"("expiresAt":"2026-11-28T04:40:56.398Z"})",
                           base);
  EXPECT_EQ(md.version, 3);
  EXPECT_EQ(md.endpoints[0].url.to_string(), "http://127.0.0.1:4512/db");
  EXPECT_EQ(md.expires_at_ms, 1795840856398);
  EXPECT_THROW(parse_metadata(R"({"version":1000})", base), Error);
  EXPECT_THROW(parse_metadata(R"({"version":3,"databaseId":"x","token":"t",)"
                              R"("expiresAt":"2026-11-28T04:40:56Z",)"
                              R"("endpoints":[{"url":"/v2/","consistency":"strong"}]})",
                              base),
               Error);
}

}  // namespace
}  // namespace openkv::storage::remote
