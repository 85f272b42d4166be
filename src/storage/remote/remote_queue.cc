// Copyright (c) OpenKV authors.
#include "storage/remote/remote_queue.h"

#include <algorithm>
#include <chrono>

#include "openkv/errors.h"
#include "protocol/queue_convert.h"

namespace openkv::storage::remote {
namespace {

namespace qpb = protocol::qpb;

// Bounds the extension sets (docs/kv-connect-queue-extension.md).
constexpr size_t kMaxDequeue = 100;
constexpr int64_t kMaxLeaseMs = 600000;

int64_t lease_ms(int64_t deadline_ms, int64_t now_ms) {
  return std::clamp<int64_t>(deadline_ms - now_ms, 1, kMaxLeaseMs);
}

int64_t unix_now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

template <typename Message>
Message parse(const std::string& body, std::string_view method) {
  Message message;
  if (!message.ParseFromString(body)) {
    throw Error(ErrorCode::kCorruption, "KV Connect failed to decode the openkv/queue/" +
                                            std::string(method) + " response");
  }
  return message;
}

}  // namespace

std::string RemoteQueue::call(std::string_view method, const std::string& request) {
  auto reply = client_.call_if_offered("openkv/queue/" + std::string(method), request);
  if (!reply) {
    throw Error(ErrorCode::kUnsupported,
                "This KV Connect server does not offer OpenKV queue delivery.");
  }
  return std::move(*reply);
}

std::vector<DequeuedMessage> RemoteQueue::dequeue_ready(int64_t now_ms, int64_t deadline_ms,
                                                        size_t max_messages) {
  if (max_messages == 0) return {};
  qpb::DequeueRequest request;
  request.set_max_messages(static_cast<uint32_t>(std::min(max_messages, kMaxDequeue)));
  request.set_lease_ms(lease_ms(deadline_ms, now_ms));
  std::vector<DequeuedMessage> messages = protocol::to_raw(
      parse<qpb::DequeueResponse>(call("dequeue", request.SerializeAsString()), "dequeue"));
  std::lock_guard lock(mu_);
  for (DequeuedMessage& m : messages) {
    server_deadlines_[{m.lease.id, deadline_ms}] = m.lease.deadline_ms;
    m.lease.deadline_ms = deadline_ms;
  }
  return messages;
}

QueueSettlement RemoteQueue::finish_message(const RunningLease& lease, DeliveryOutcome outcome) {
  qpb::FinishRequest request;
  {
    std::lock_guard lock(mu_);
    // Taken out whatever happens next: the caller never names it again.
    auto node = server_deadlines_.extract({lease.id, lease.deadline_ms});
    if (node.empty()) return {};
    *request.mutable_lease() = protocol::to_proto(RunningLease{lease.id, node.mapped()});
  }
  request.set_outcome(protocol::to_proto(outcome));
  return protocol::to_raw(
      parse<qpb::FinishResponse>(call("finish", request.SerializeAsString()), "finish"));
}

void RemoteQueue::extend_deadlines(const std::vector<RunningLease>& leases, int64_t deadline_ms) {
  qpb::ExtendRequest request;
  std::vector<LeaseKey> sent;  // in request order
  {
    std::lock_guard lock(mu_);
    for (const RunningLease& lease : leases) {
      auto it = server_deadlines_.find({lease.id, lease.deadline_ms});
      if (it == server_deadlines_.end()) continue;
      *request.add_leases() = protocol::to_proto(RunningLease{lease.id, it->second});
      sent.push_back(it->first);
    }
  }
  if (sent.empty()) return;
  request.set_lease_ms(lease_ms(deadline_ms, unix_now_ms()));
  auto reply = parse<qpb::ExtendResponse>(call("extend", request.SerializeAsString()), "extend");
  if (reply.leases_size() != static_cast<int>(sent.size())) {
    throw Error(ErrorCode::kCorruption, "KV Connect openkv/queue/extend returned " +
                                            std::to_string(reply.leases_size()) + " leases for " +
                                            std::to_string(sent.size()));
  }
  std::lock_guard lock(mu_);
  for (size_t i = 0; i < sent.size(); ++i) {
    server_deadlines_.erase(sent[i]);
    server_deadlines_[{sent[i].first, deadline_ms}] =
        reply.leases(static_cast<int>(i)).deadline_ms();
  }
}

std::optional<int64_t> RemoteQueue::next_queue_ts() {
  auto reply = parse<qpb::NextTsResponse>(call("next_ts", qpb::NextTsRequest().SerializeAsString()),
                                          "next_ts");
  if (!reply.has_ts_ms()) return std::nullopt;
  return reply.ts_ms();
}

}  // namespace openkv::storage::remote
