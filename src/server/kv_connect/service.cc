// Copyright (c) OpenKV authors.

#include "server/kv_connect/service.h"

#include <spdlog/spdlog.h>

#include <string_view>
#include <vector>

#include "server/kv_connect/auth.h"
#include "protocol/convert.h"
#include "server/kv_connect/errors.h"
#include "server/kv_connect/validation.h"

namespace openkv::server::kv_connect {

using protocol::to_proto;
using protocol::to_raw;
namespace {

constexpr std::string_view kProtobuf = "application/x-protobuf";
constexpr std::string_view kSnapshotReadPath = "/v2/snapshot_read";
constexpr std::string_view kAtomicWritePath = "/v2/atomic_write";
constexpr std::string_view kWatchPath = "/v2/watch";
constexpr std::string_view kHealthPath = "/healthz";

int64_t unix_now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

transport::Response protobuf_response(const google::protobuf::MessageLite& message) {
  return {200, std::string(kProtobuf), message.SerializeAsString()};
}

// Spec 04 §3.3 steps 1–5: identity headers, then the body as `Message`.
template <typename Message>
std::optional<RequestError> decode(const transport::Request& request,
                                   const Service::Options& options, Message& out) {
  const std::string* version = request.header("x-denokv-version");
  if (version == nullptr || (*version != "2" && *version != "3")) {
    return bad_request(text::kInvalidProtocolVersion);
  }
  if (auto error = check_bearer(request.header("authorization"), options.access_token)) {
    return error;
  }
  const std::string* id = request.header("x-denokv-database-id");
  if (id == nullptr || canonical_uuid(*id) != options.database_id) {
    return bad_request(text::kInvalidDatabaseId);
  }
  if (!out.ParseFromString(request.body)) {
    return bad_request("Request protobuf is invalid: could not decode " + out.GetTypeName() +
                       ".");
  }
  return std::nullopt;
}

}  // namespace

Service::Service(Options options, Store& store, boost::asio::any_io_executor executor)
    : options_(std::move(options)), store_(store), executor_(std::move(executor)) {
  metadata_.access_token = options_.access_token;
  metadata_.database_id = options_.database_id;
}

Service::~Service() { drain(std::chrono::milliseconds(0)); }

void Service::handle(transport::Request request,
                     std::shared_ptr<transport::Exchange> exchange) {
  const std::string_view path = request.path;
  const bool post = request.method == "POST";
  if (path == "/") {
    if (!post) return exchange->respond(to_response({405, std::string(text::kMethodNotAllowed)}));
    return exchange->respond(exchange_metadata(request, metadata_, unix_now_ms()));
  }
  if (path == kHealthPath) {
    if (request.method != "GET" && request.method != "HEAD") {
      return exchange->respond(to_response({405, std::string(text::kMethodNotAllowed)}));
    }
    if (draining_) return exchange->respond(to_response({503, std::string(text::kUnavailable)}));
    return exchange->respond({200, "text/plain; charset=utf-8", "OK"});
  }
  if (path != kSnapshotReadPath && path != kAtomicWritePath && path != kWatchPath) {
    return exchange->respond(to_response({404, std::string(text::kNotFound)}));
  }
  if (!post) return exchange->respond(to_response({405, std::string(text::kMethodNotAllowed)}));
  if (draining_) return exchange->respond(to_response({503, std::string(text::kUnavailable)}));
  if (path == kSnapshotReadPath) return snapshot_read(request, *exchange);
  if (path == kAtomicWritePath) return atomic_write(request, std::move(exchange));
  watch(request, *exchange);
}

void Service::snapshot_read(const transport::Request& request, transport::Exchange& exchange) {
  pb::SnapshotRead message;
  auto error = decode(request, options_, message);
  if (!error) error = validate(message);
  if (error) return exchange.respond(to_response(*error));
  try {
    auto result = store_.snapshot_read(to_raw(message));
    exchange.respond(protobuf_response(to_proto(result)));
  } catch (...) {
    exchange.respond(to_response(error_from_exception(std::current_exception())));
  }
}

void Service::atomic_write(const transport::Request& request,
                           std::shared_ptr<transport::Exchange> exchange) {
  pb::AtomicWrite message;
  auto error = decode(request, options_, message);
  if (!error) error = validate(message, unix_now_ms());
  if (!error && options_.read_only) error = bad_request(text::kReadOnly);
  if (error) return exchange->respond(to_response(*error));
  {
    std::lock_guard<std::mutex> lock(mu_);
    ++commits_in_flight_;
  }
  auto done = [this, exchange](core::CommitResult result, std::exception_ptr failure) {
    if (failure) {
      exchange->respond(to_response(error_from_exception(failure)));
    } else {
      exchange->respond(protobuf_response(to_proto(result)));
    }
    commit_finished();
  };
  try {
    store_.atomic_write(to_raw(message), done);
  } catch (...) {
    done({}, std::current_exception());
  }
}

void Service::commit_finished() {
  std::lock_guard<std::mutex> lock(mu_);
  if (--commits_in_flight_ == 0) idle_cv_.notify_all();
}

void Service::watch(const transport::Request& request, transport::Exchange& exchange) {
  pb::Watch message;
  auto error = decode(request, options_, message);
  if (!error) error = validate(message);
  if (error) return exchange.respond(to_response(*error));
  auto stream = WatchStream::start(store_, to_raw(message), exchange, executor_, options_.watch,
                                   [this](WatchStream* ended) {
                                     std::lock_guard<std::mutex> lock(mu_);
                                     watches_.erase(ended);
                                   });
  std::lock_guard<std::mutex> lock(mu_);
  // A stream that already ended has run on_end; do not register it again.
  if (!stream->stopped()) watches_.emplace(stream.get(), stream);
}

bool Service::drain(std::chrono::milliseconds timeout) {
  draining_ = true;
  std::vector<std::shared_ptr<WatchStream>> streams;
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (auto& [ptr, weak] : watches_) {
      if (auto s = weak.lock()) streams.push_back(std::move(s));
    }
  }
  for (auto& s : streams) s->stop();
  std::unique_lock<std::mutex> lock(mu_);
  return idle_cv_.wait_for(lock, timeout, [this] { return commits_in_flight_ == 0; });
}

}  // namespace openkv::server::kv_connect
