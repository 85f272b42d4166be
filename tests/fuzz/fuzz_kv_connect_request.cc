// Copyright (c) OpenKV authors.
//
// KV Connect request bodies as the server handles them: the first input byte
// picks an endpoint, the rest is the protobuf body of a request with valid
// headers, handed to the real Service on an engine over an in-memory SQLite
// database. Whatever the body, the server must answer, and must answer bad
// input with a 4xx: a 5xx (or a crash) means input reached a layer that does
// not expect it. Watch requests stop after decoding, validation and mapping
// (a stream would outlive the input).
#include <boost/asio/io_context.hpp>

#include <array>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "engine/engine.h"
#include "fuzz_check.h"
#include "protocol/convert.h"
#include "server/kv_connect/access.h"
#include "server/kv_connect/data_path.h"
#include "server/kv_connect/permissions.h"
#include "server/kv_connect/service.h"
#include "server/kv_connect/validation.h"
#include "storage/sqlite/sqlite_backend.h"

namespace {

using namespace openkv;
using server::transport::Request;
using server::transport::Response;

constexpr const char* kToken = "fuzz-token-0123456789";

// Records the one answer; the atomic write path answers on an engine thread.
class RecordingExchange : public server::transport::Exchange {
 public:
  void respond(Response response) override {
    std::lock_guard<std::mutex> lock(mu_);
    response_ = std::move(response);
    answered_ = true;
    cv_.notify_all();
  }
  std::shared_ptr<server::transport::StreamSink> open_stream(int, std::string,
                                                             std::function<void()>) override {
    FUZZ_CHECK(false, "only watch opens a stream, and it is not served here");
    return nullptr;
  }
  Response wait() {
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait(lock, [this] { return answered_; });
    return response_;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool answered_ = false;
  Response response_;
};

struct Fixture {
  boost::asio::io_context io;
  engine::Engine engine{std::make_unique<storage::sqlite::SqliteBackend>(
                            storage::sqlite::SqliteBackend::Options{.path = ":memory:"}),
                        engine::Engine::Options{}};
  server::kv_connect::Service service{{.access_token = kToken}, engine, io.get_executor()};
  server::kv_connect::StaticTokenAuthenticator authenticator{kToken, /*read_only=*/false};
  server::kv_connect::DataPathIdentity identity{&authenticator,
                                                "00000000-0000-0000-0000-000000000000"};
};

Fixture& fixture() {
  static Fixture* f = new Fixture();  // lives for the whole run; engine threads keep running
  return *f;
}

Request make_request(std::string path, std::string body) {
  Request request;
  request.method = "POST";
  request.path = std::move(path);
  request.headers = {{"authorization", std::string("Bearer ") + kToken},
                     {"x-denokv-version", "3"},
                     {"x-denokv-database-id", "00000000-0000-0000-0000-000000000000"},
                     {"content-type", "application/x-protobuf"}};
  request.body = std::move(body);
  return request;
}

void watch_request(const Request& request) {
  namespace kv = server::kv_connect;
  kv::pb::Watch message;
  kv::Access access;
  auto error = kv::decode_data_path(request, fixture().identity, message, access);
  if (!error) error = kv::validate(message);
  if (!error) error = kv::permit_watch(access, protocol::to_raw(message));
  if (error) FUZZ_CHECK(error->status >= 400 && error->status < 500, error->body.c_str());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static constexpr std::array<std::string_view, 7> kPaths = {
      "/v2/snapshot_read",         "/v2/atomic_write",         "/v2/watch",
      "/v2/openkv/queue/dequeue",  "/v2/openkv/queue/finish",  "/v2/openkv/queue/extend",
      "/v2/openkv/queue/next_ts"};
  if (size == 0) return 0;
  std::string path(kPaths[data[0] % kPaths.size()]);
  Request request =
      make_request(path, std::string(reinterpret_cast<const char*>(data) + 1, size - 1));
  if (path == "/v2/watch") {
    watch_request(request);
    return 0;
  }
  auto exchange = std::make_shared<RecordingExchange>();
  fixture().service.handle(std::move(request), exchange);
  Response response = exchange->wait();
  FUZZ_CHECK(response.status == 200 || (response.status >= 400 && response.status < 500),
             response.body.c_str());
  return 0;
}
