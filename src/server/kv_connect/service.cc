// Copyright (c) OpenKV authors.

#include "server/kv_connect/service.h"

#include <spdlog/spdlog.h>

#include <string_view>
#include <vector>

#include "protocol/convert.h"
#include "server/kv_connect/data_path.h"
#include "server/kv_connect/errors.h"
#include "server/kv_connect/permissions.h"
#include "server/kv_connect/validation.h"

namespace openkv::server::kv_connect {

using protocol::to_proto;
using protocol::to_raw;
namespace {

constexpr std::string_view kSnapshotReadPath = "/v2/snapshot_read";
constexpr std::string_view kAtomicWritePath = "/v2/atomic_write";
constexpr std::string_view kWatchPath = "/v2/watch";
// The eventual endpoint (`<endpoint>/eventual`, docs/DISTRIBUTED.md
// §Replicas): the same three calls; only its reads differ.
constexpr std::string_view kEventualPrefix = "/v2/eventual/";

int64_t unix_now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

Service::Service(Options options, engine::Engine& engine, boost::asio::any_io_executor executor)
    : options_(std::move(options)),
      authenticator_(options_.authenticator
                         ? options_.authenticator
                         : std::make_shared<StaticTokenAuthenticator>(options_.access_token,
                                                                      false)),
      identity_{authenticator_.get(), options_.database_id},
      engine_(engine),
      executor_(std::move(executor)),
      queue_(identity_, options_.read_only, engine_) {
  metadata_.authenticator = authenticator_.get();
  metadata_.database_id = options_.database_id;
  metadata_.endpoint = options_.endpoint;
  if (engine_.has_eventual_reads()) {
    eventual_reads_lag_ = true;
    metadata_.eventual_endpoint = options_.endpoint + "/eventual";
  }
}

Service::~Service() { drain(std::chrono::milliseconds(0)); }

void Service::handle(transport::Request request, std::shared_ptr<transport::Exchange> exchange) {
  std::string_view path = request.path;
  const bool post = request.method == "POST";
  if (path == "/") {
    if (!post) return exchange->respond(to_response({405, std::string(text::kMethodNotAllowed)}));
    return exchange->respond(exchange_metadata(request, metadata_, unix_now_ms()));
  }
  const bool queue_path = QueueService::owns(path);
  const bool eventual = path.starts_with(kEventualPrefix);
  // /v2/eventual/x → /v2/x: the call it stands for.
  std::string strong_path =
      eventual ? "/v2/" + std::string(path.substr(kEventualPrefix.size())) : std::string();
  if (eventual) path = strong_path;
  if (path != kSnapshotReadPath && path != kAtomicWritePath && path != kWatchPath && !queue_path) {
    return exchange->respond(to_response({404, std::string(text::kNotFound)}));
  }
  if (!post) return exchange->respond(to_response({405, std::string(text::kMethodNotAllowed)}));
  if (draining_) return exchange->respond(to_response({503, std::string(text::kUnavailable)}));
  if (queue_path) return queue_.handle(request, *exchange);
  if (path == kSnapshotReadPath) {
    return snapshot_read(request, *exchange,
                         eventual ? Consistency::kEventual : Consistency::kStrong);
  }
  if (path == kAtomicWritePath) return atomic_write(request, std::move(exchange));
  watch(request, *exchange);
}

void Service::snapshot_read(const transport::Request& request, transport::Exchange& exchange,
                            Consistency consistency) {
  pb::SnapshotRead message;
  Access access;
  auto error = decode_data_path(request, identity_, message, access);
  if (!error) error = validate(message);
  auto ranges = error ? std::vector<core::ReadRange>{} : to_raw(message);
  if (!error) error = permit_read(access, ranges);
  if (error) return exchange.respond(to_response(*error));
  try {
    auto result = engine_.snapshot_read(ranges, consistency);
    const bool strong = consistency == Consistency::kStrong || !eventual_reads_lag_;
    exchange.respond(protobuf_response(to_proto(result, strong)));
  } catch (...) {
    exchange.respond(to_response(error_from_exception(std::current_exception())));
  }
}

void Service::atomic_write(const transport::Request& request,
                           std::shared_ptr<transport::Exchange> exchange) {
  pb::AtomicWrite message;
  Access access;
  auto error = decode_data_path(request, identity_, message, access);
  if (!error) error = validate(message, unix_now_ms());
  if (!error && options_.read_only) error = bad_request(text::kReadOnly);
  auto write = error ? core::AtomicWrite{} : to_raw(message);
  if (!error) error = permit_write(access, write);
  if (error) return exchange->respond(to_response(*error));
  {
    std::lock_guard<std::mutex> lock(mu_);
    ++commits_in_flight_;
  }
  auto done = [this, exchange](core::CommitResult result, std::exception_ptr failure) {
    if (failure) {
      ++commit_errors_;
      exchange->respond(to_response(error_from_exception(failure)));
    } else {
      ++(result.ok ? commits_ : check_failures_);
      exchange->respond(protobuf_response(to_proto(result)));
    }
    commit_finished();
  };
  try {
    engine_.atomic_write(std::move(write), done);
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
  Access access;
  auto error = decode_data_path(request, identity_, message, access);
  if (!error) error = validate(message);
  auto keys = error ? std::vector<core::Bytes>{} : to_raw(message);
  if (!error) error = permit_watch(access, keys);
  if (error) return exchange.respond(to_response(*error));
  auto stream = start_watch_stream(engine_, std::move(keys), exchange, executor_, options_.watch,
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

Service::Stats Service::stats() {
  Stats s{commits_.load(), check_failures_.load(), commit_errors_.load(), 0, engine_.stats()};
  std::lock_guard<std::mutex> lock(mu_);
  s.watch_streams = watches_.size();
  return s;
}

}  // namespace openkv::server::kv_connect
