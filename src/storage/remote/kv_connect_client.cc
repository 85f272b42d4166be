// Copyright (c) OpenKV authors.
#include "storage/remote/kv_connect_client.h"

#include <algorithm>
#include <array>
#include <random>

#include "storage/remote/transport_error.h"

namespace openkv::storage::remote {
namespace {

using Clock = std::chrono::steady_clock;

int64_t unix_now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

// Replies of the server's request validation (spec 04 §7): the caller's
// request was wrong. Every other 400 is the engine refusing the data
// (sum/min/max on the wrong type, unknown stored encoding).
constexpr std::array<std::string_view, 21> kValidationTexts = {
    "The server requires at least protocol version",
    "The server could not negotiate a protocol version",
    "Expected protocol version",
    "Invalid database id.",
    "Request protobuf is invalid",
    "A key exceeds the key size limit.",
    "A value exceeds the value size limit.",
    "The total number of entries requested",
    "The total size of the atomic write is too large.",
    "Too many ",
    "A backoff interval exceeds",
    "The read range limit of the snapshot read request is invalid.",
    "Invalid versionstamp.",
    "Invalid mutation ",
    "Invalid queue ",  // the OpenKV queue extension
    "Resource not found.",
    "Method not allowed.",
    "Request body too large.",
    "Malformed authorization header.",
    "Invalid access token.",
    "Bad Request",
};

}  // namespace

std::chrono::milliseconds backoff_delay(const RetryOptions& options, int attempt) {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  int64_t base = options.initial_backoff.count() << std::min(attempt, 20);
  base = std::min<int64_t>(base, options.max_backoff.count());
  std::uniform_int_distribution<int64_t> jitter(base / 2, std::max<int64_t>(base, 1));
  return std::chrono::milliseconds(jitter(rng));
}

Error KvConnectClient::status_error(int status, const std::string& body) {
  if (status == 401 || status == 403) {
    return Error(ErrorCode::kPermissionDenied, "KV Connect server rejected the access token (" +
                                                   std::to_string(status) + "): " + body);
  }
  if (body == "This database is read only.") return Error(ErrorCode::kReadOnly, body);
  if (status != 400) {
    return Error(ErrorCode::kInvalidArgument,
                 "KV Connect server refused the request (" + std::to_string(status) + "): " + body);
  }
  for (std::string_view text : kValidationTexts) {
    if (std::string_view(body).substr(0, text.size()) == text) {
      return Error(ErrorCode::kInvalidArgument, body);
    }
  }
  return Error(ErrorCode::kTypeMismatch, body);
}

KvConnectClient::KvConnectClient(Options options)
    : options_(std::move(options)), base_(parse_url(options_.url)), http_(options_.http) {
  try {
    metadata_ = fetch_metadata();
  } catch (const NetworkError& e) {
    throw Error(ErrorCode::kUnavailable, "Could not open Deno KV database: failed to connect to '" +
                                             options_.url + "': " + e.what());
  }
  refresh_at_ = Clock::now() + std::min(options_.metadata_max_age,
                                        std::chrono::milliseconds(std::max<int64_t>(
                                            0, metadata_.expires_at_ms - unix_now_ms() -
                                                   options_.metadata_refresh_margin.count())));
}

DatabaseMetadata KvConnectClient::fetch_metadata() {
  HttpRequest request;
  request.headers = {{"authorization", "Bearer " + options_.access_token},
                     {"content-type", "application/json"},
                     {"accept", "*/*"}};
  request.body = metadata_request_body();
  HttpResponse response = http_.post(base_, std::move(request));
  if (response.status >= 500) {
    throw NetworkError("the metadata endpoint at '" + options_.url + "' responded with status " +
                       std::to_string(response.status) + ": " + response.body);
  }
  if (response.status != 200) {
    if (response.status == 401 || response.status == 403) {
      throw status_error(response.status, response.body);
    }
    throw Error(ErrorCode::kInvalidArgument, "Failed to fetch metadata: " + response.body);
  }
  return parse_metadata(response.body, base_);
}

DatabaseMetadata KvConnectClient::metadata() {
  std::lock_guard<std::mutex> lock(metadata_mu_);
  if (Clock::now() < refresh_at_) return metadata_;
  try {
    metadata_ = fetch_metadata();
  } catch (const NetworkError&) {
    // Metadata that has not expired yet is still good; try again soon.
    if (unix_now_ms() >= metadata_.expires_at_ms) throw;
    refresh_at_ = Clock::now() + std::chrono::seconds(1);
    return metadata_;
  }
  int64_t until_margin =
      metadata_.expires_at_ms - unix_now_ms() - options_.metadata_refresh_margin.count();
  refresh_at_ =
      Clock::now() + std::min(options_.metadata_max_age,
                              std::chrono::milliseconds(std::max<int64_t>(0, until_margin)));
  return metadata_;
}

namespace {

const Endpoint* first_endpoint(const DatabaseMetadata& md, bool strong) {
  for (const auto& e : md.endpoints) {
    if (e.strong == strong) return &e;
  }
  return nullptr;
}

}  // namespace

bool KvConnectClient::has_eventual_endpoint() {
  return first_endpoint(metadata(), /*strong=*/false) != nullptr;
}

std::pair<Url, HttpRequest> KvConnectClient::prepare(std::string_view method,
                                                     const std::string& body, Route route) {
  DatabaseMetadata md = metadata();
  const Endpoint* endpoint = route == Route::kEventual ? first_endpoint(md, false) : nullptr;
  // parse_metadata refuses metadata without a strong endpoint.
  if (endpoint == nullptr) endpoint = first_endpoint(md, true);
  Url url = endpoint->url;
  url.path += "/";
  url.path += method;
  HttpRequest request;
  request.path = url.path;
  request.headers = {{"authorization", "Bearer " + md.token},
                     {"content-type", "application/x-protobuf"}};
  if (md.version == 1) {
    request.headers.emplace_back("x-transaction-domain-id", md.database_id);
  } else {
    request.headers.emplace_back("x-denokv-database-id", md.database_id);
    request.headers.emplace_back("x-denokv-version", std::to_string(md.version));
  }
  request.body = body;
  return {std::move(url), std::move(request)};
}

std::string KvConnectClient::call(std::string_view method, const std::string& body, Route route) {
  return *call_with_retries(method, body, route, false);
}

std::optional<std::string> KvConnectClient::call_if_offered(std::string_view method,
                                                            const std::string& body) {
  return call_with_retries(method, body, Route::kStrong, true);
}

std::optional<std::string> KvConnectClient::call_with_retries(std::string_view method,
                                                              const std::string& body,
                                                              Route route, bool absent_ok) {
  const auto start = Clock::now();
  for (int attempt = 0;; ++attempt) {
    std::string failure;
    try {
      auto [url, request] = prepare(method, body, route);
      HttpResponse response = http_.post(url, std::move(request));
      if (response.status == 200) return std::move(response.body);
      if (response.status == 404 && absent_ok) return std::nullopt;
      if (response.status < 500) throw status_error(response.status, response.body);
      failure = "KV Connect failed to call '" + url.to_string() +
                "' (status=" + std::to_string(response.status) + "): " + response.body;
    } catch (const NetworkError& e) {
      failure = "KV Connect failed to call '" + std::string(method) + "': " + e.what();
    }
    auto delay = backoff_delay(options_.retry, attempt);
    if (Clock::now() + delay - start > options_.retry.max_elapsed || !sleep_unless_stopped(delay)) {
      throw Error(ErrorCode::kUnavailable,
                  failure + " (gave up after " + std::to_string(attempt + 1) + " attempts)");
    }
  }
}

void KvConnectClient::stop_retrying() {
  {
    std::lock_guard<std::mutex> lock(stop_mu_);
    stopping_.store(true);
  }
  stop_cv_.notify_all();
}

bool KvConnectClient::sleep_unless_stopped(std::chrono::milliseconds delay) {
  std::unique_lock<std::mutex> lock(stop_mu_);
  return !stop_cv_.wait_for(lock, delay, [this] { return stopping_.load(); });
}

}  // namespace openkv::storage::remote
