// Copyright (c) OpenKV authors.
#include "server/kv_connect/store.h"

#include "openkv/errors.h"

namespace openkv::server::kv_connect {
namespace {

[[noreturn]] void no_queues() {
  throw Error(ErrorCode::kUnsupported, "This store does not deliver queue messages.");
}

}  // namespace

std::vector<storage::DequeuedMessage> Store::dequeue_ready(int64_t, size_t) { no_queues(); }
storage::QueueSettlement Store::finish_message(const storage::RunningLease&,
                                               storage::DeliveryOutcome) {
  no_queues();
}
void Store::extend_deadlines(const std::vector<storage::RunningLease>&, int64_t) { no_queues(); }
std::optional<int64_t> Store::next_queue_ts() { no_queues(); }
void Store::requeue_overdue() { no_queues(); }

}  // namespace openkv::server::kv_connect
