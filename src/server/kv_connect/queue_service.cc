// Copyright (c) OpenKV authors.
#include "server/kv_connect/queue_service.h"

#include <spdlog/spdlog.h>

#include <string>
#include <vector>

#include "engine/engine.h"
#include "openkv/errors.h"
#include "protocol/queue_convert.h"
#include "server/kv_connect/permissions.h"

namespace openkv::server::kv_connect {
namespace {

using protocol::qpb::DequeueRequest;
using protocol::qpb::ExtendRequest;
using protocol::qpb::ExtendResponse;
using protocol::qpb::FinishRequest;
using protocol::qpb::NextTsRequest;
using protocol::qpb::NextTsResponse;

constexpr std::string_view kPrefix = "/v2/openkv/queue/";

// Bounds of the request fields (the extension document lists them).
constexpr uint32_t kMaxDequeue = 100;  // the engine's in-flight cap
constexpr int64_t kMaxLeaseMs = 600000;
constexpr int kMaxExtendLeases = 1000;
// How often at most the queue endpoints trigger crash recovery.
constexpr int64_t kRecoveryThrottleMs = 1000;

constexpr std::string_view kInvalidLimit = "Invalid queue dequeue limit.";
constexpr std::string_view kInvalidLease = "Invalid queue lease duration.";
constexpr std::string_view kInvalidOutcome = "Invalid queue delivery outcome.";
constexpr std::string_view kTooManyLeases = "Too many leases in one queue extend request.";

bool valid_lease_ms(int64_t lease_ms) { return lease_ms >= 1 && lease_ms <= kMaxLeaseMs; }

// decode_data_path, then whether the token may consume the queue at all.
template <typename Message>
std::optional<RequestError> decode_consumer_request(const transport::Request& request,
                                                    const DataPathIdentity& identity,
                                                    Message& message) {
  Access access;
  auto error = decode_data_path(request, identity, message, access);
  if (!error) error = permit_queue(access);
  return error;
}

}  // namespace

QueueService::QueueService(const DataPathIdentity& identity, bool read_only, engine::Engine& engine)
    : identity_(identity), read_only_(read_only), engine_(engine) {}

bool QueueService::owns(std::string_view path) { return path.starts_with(kPrefix); }

void QueueService::handle(const transport::Request& request, transport::Exchange& exchange) {
  const std::string_view method = std::string_view(request.path).substr(kPrefix.size());
  try {
    if (method == "dequeue") return exchange.respond(dequeue(request));
    if (method == "finish") return exchange.respond(finish(request));
    if (method == "extend") return exchange.respond(extend(request));
    if (method == "next_ts") return exchange.respond(next_ts(request));
    exchange.respond(to_response({404, std::string(text::kNotFound)}));
  } catch (const Error& e) {
    // A backend without queues is a server without the extension.
    if (e.code() == ErrorCode::kUnsupported) {
      return exchange.respond(to_response({404, std::string(text::kNotFound)}));
    }
    exchange.respond(to_response(error_from_exception(std::current_exception())));
  } catch (...) {
    exchange.respond(to_response(error_from_exception(std::current_exception())));
  }
}

// Consumers that vanish (killed, cut off) leave their messages running until
// someone requeues them as failures. The engine's dispatcher does that every
// 60 s, but on a server it runs only if `openkv serve` starts it (it does)
// and 60 s is long for consumers that are waiting for work. Remote consumers
// ask next_ts before every dequeue and at least every second while they
// listen, so recovering there — at most once a second across all of them —
// redelivers a lost message about a second after its lease ran out, without
// any timer of the server's own.
void QueueService::maybe_recover() {
  if (read_only_) return;
  const int64_t now = engine::now_ms();
  int64_t due = next_recovery_ms_.load();
  if (now < due || !next_recovery_ms_.compare_exchange_strong(due, now + kRecoveryThrottleMs)) {
    return;  // not due, or another request recovers now
  }
  try {
    engine_.requeue_overdue();
  } catch (const Error& e) {
    if (e.code() == ErrorCode::kUnsupported) throw;
    // A read-only file or a transient fault: the next request tries again.
    spdlog::debug("queue recovery failed: {}", e.what());
  }
}

transport::Response QueueService::dequeue(const transport::Request& request) {
  DequeueRequest message;
  auto error = decode_consumer_request(request, identity_, message);
  if (!error && (message.max_messages() < 1 || message.max_messages() > kMaxDequeue)) {
    error = bad_request(kInvalidLimit);
  }
  if (!error && !valid_lease_ms(message.lease_ms())) error = bad_request(kInvalidLease);
  if (!error && read_only_) error = bad_request(text::kReadOnly);
  if (error) return to_response(*error);
  maybe_recover();
  return protobuf_response(protocol::to_proto(
      engine_.dequeue_ready(engine::now_ms() + message.lease_ms(), message.max_messages())));
}

transport::Response QueueService::finish(const transport::Request& request) {
  FinishRequest message;
  auto error = decode_consumer_request(request, identity_, message);
  const auto outcome = protocol::to_raw(message.outcome());
  if (!error && !outcome) error = bad_request(kInvalidOutcome);
  if (!error && read_only_) error = bad_request(text::kReadOnly);
  if (error) return to_response(*error);
  return protobuf_response(
      protocol::to_proto(engine_.finish_message(protocol::to_raw(message.lease()), *outcome)));
}

transport::Response QueueService::extend(const transport::Request& request) {
  ExtendRequest message;
  auto error = decode_consumer_request(request, identity_, message);
  if (!error && message.leases_size() > kMaxExtendLeases) error = bad_request(kTooManyLeases);
  if (!error && !valid_lease_ms(message.lease_ms())) error = bad_request(kInvalidLease);
  if (!error && read_only_) error = bad_request(text::kReadOnly);
  if (error) return to_response(*error);
  std::vector<storage::RunningLease> leases;
  leases.reserve(static_cast<size_t>(message.leases_size()));
  for (const auto& lease : message.leases()) leases.push_back(protocol::to_raw(lease));
  const int64_t deadline = engine::now_ms() + message.lease_ms();
  engine_.extend_deadlines(leases, deadline);
  ExtendResponse reply;
  for (auto& lease : leases) {
    lease.deadline_ms = deadline;
    *reply.add_leases() = protocol::to_proto(lease);
  }
  return protobuf_response(reply);
}

transport::Response QueueService::next_ts(const transport::Request& request) {
  NextTsRequest message;
  auto error = decode_consumer_request(request, identity_, message);
  if (error) return to_response(*error);
  maybe_recover();
  NextTsResponse reply;
  if (auto ts = engine_.next_queue_ts()) reply.set_ts_ms(*ts);
  return protobuf_response(reply);
}

}  // namespace openkv::server::kv_connect
