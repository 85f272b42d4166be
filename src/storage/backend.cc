// Copyright (c) OpenKV authors.

#include "storage/backend.h"

#include <future>
#include <utility>

#include "openkv/errors.h"

namespace openkv::storage {

void Backend::scan(const core::Bytes&, const core::Bytes&, bool, int64_t,
                   const ScanVisitor&) {
  throw Error(ErrorCode::kUnsupported, "This storage cannot scan from one snapshot.");
}

void Backend::backup_to(const std::string&) {
  throw Error(ErrorCode::kUnsupported, "This storage cannot be backed up to a file.");
}

namespace {

[[noreturn]] void throw_no_queues() {
  throw Error(ErrorCode::kUnsupported, "This storage does not deliver queue messages.");
}

}  // namespace

std::vector<DequeuedMessage> Backend::dequeue_ready(int64_t, int64_t, size_t) {
  throw_no_queues();
}

QueueSettlement Backend::finish_message(const RunningLease&, DeliveryOutcome, int64_t) {
  throw_no_queues();
}

void Backend::extend_deadlines(const std::vector<RunningLease>&, int64_t) { throw_no_queues(); }

QueueSettlement Backend::requeue_overdue(int64_t) { throw_no_queues(); }

std::optional<int64_t> Backend::next_queue_ts() { throw_no_queues(); }

core::CommitResult commit_and_wait(Backend& backend, core::AtomicWrite write,
                                   int64_t now_ms) {
  std::promise<core::CommitResult> promise;
  std::future<core::CommitResult> future = promise.get_future();
  // Capturing the promise by reference is safe: this frame outlives the
  // callback because it blocks on the future until the callback has run.
  backend.atomic_write(std::move(write), now_ms,
                       [&promise](core::CommitResult result,
                                  std::exception_ptr error) {
                         if (error) {
                           promise.set_exception(error);
                         } else {
                           promise.set_value(std::move(result));
                         }
                       });
  return future.get();
}

}  // namespace openkv::storage
