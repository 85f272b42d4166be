// Copyright (c) OpenKV authors.

#include "storage/backend.h"

#include <future>
#include <string>
#include <utility>

#include "core/limits.h"
#include "openkv/errors.h"

namespace openkv::storage {

void Backend::scan(const core::Bytes& start, const core::Bytes& end, bool reverse, int64_t now_ms,
                   const ScanVisitor& visit) {
  constexpr int32_t kBatch = static_cast<int32_t>(core::limits::kMaxReadEntries);
  core::ReadRange range{start, end, kBatch, reverse};
  for (;;) {
    std::vector<core::RawEntry> batch = std::move(snapshot_read({range}, now_ms).ranges.at(0));
    if (batch.empty()) return;
    // The next batch continues strictly after (before, when reversed) the
    // last key of this one.
    core::Bytes last = batch.back().key;
    for (auto& entry : batch) {
      if (!visit(std::move(entry))) return;
    }
    if (batch.size() < static_cast<size_t>(kBatch)) return;
    if (reverse) {
      range.end = std::move(last);
    } else {
      last.push_back(0);
      range.start = std::move(last);
    }
  }
}

namespace {

[[noreturn]] void throw_too_large() {
  throw Error(ErrorCode::kUnsupported,
              "This storage cannot commit a write this large atomically (at most " +
                  std::to_string(core::limits::kMaxMutations) + " mutations and " +
                  std::to_string(core::limits::kMaxTotalMutationBytes) + " bytes).");
}

}  // namespace

core::CommitResult Backend::streamed_write(StreamedWrite write, int64_t now_ms) {
  namespace limits = core::limits;
  core::AtomicWrite atomic;
  atomic.checks = std::move(write.checks);
  size_t bytes = 0;
  auto add = [&](core::Mutation&& m) {
    bytes += m.key.size() + m.value.data.size();
    atomic.mutations.push_back(std::move(m));
    if (atomic.mutations.size() > limits::kMaxMutations || bytes > limits::kMaxTotalMutationBytes) {
      throw_too_large();
    }
  };
  for (const auto& [start, end] : write.clear_ranges) {
    const int32_t limit = static_cast<int32_t>(limits::kMaxReadEntries);
    auto rows = std::move(snapshot_read({{start, end, limit, false}}, now_ms).ranges.at(0));
    if (rows.size() == static_cast<size_t>(limit)) throw_too_large();
    for (auto& row : rows) {
      core::Mutation m;
      m.key = std::move(row.key);
      m.type = core::MutationType::kDelete;
      add(std::move(m));
    }
  }
  core::Mutation m;
  while (write.next(m)) add(std::exchange(m, core::Mutation{}));
  return commit_and_wait(*this, std::move(atomic), now_ms);
}

void Backend::backup_to(const std::string&) {
  throw Error(ErrorCode::kUnsupported, "This storage cannot be backed up to a file.");
}

namespace {

[[noreturn]] void throw_no_queues() {
  throw Error(ErrorCode::kUnsupported, "This storage does not deliver queue messages.");
}

}  // namespace

std::vector<DequeuedMessage> Backend::dequeue_ready(int64_t, int64_t, size_t) { throw_no_queues(); }

QueueSettlement Backend::finish_message(const RunningLease&, DeliveryOutcome, int64_t) {
  throw_no_queues();
}

void Backend::extend_deadlines(const std::vector<RunningLease>&, int64_t) { throw_no_queues(); }

QueueSettlement Backend::requeue_overdue(int64_t) { throw_no_queues(); }

std::optional<int64_t> Backend::next_queue_ts() { throw_no_queues(); }

core::CommitResult wait_for_commit(const std::function<void(CommitCallback)>& submit) {
  std::promise<core::CommitResult> promise;
  std::future<core::CommitResult> future = promise.get_future();
  // Capturing the promise by reference is safe: this frame outlives the
  // callback because it blocks on the future until the callback has run.
  submit([&promise](core::CommitResult result, std::exception_ptr error) {
    if (error) {
      promise.set_exception(error);
    } else {
      promise.set_value(std::move(result));
    }
  });
  return future.get();
}

core::CommitResult Backend::commit(core::AtomicWrite write, int64_t now_ms) {
  return wait_for_commit(
      [&](CommitCallback done) { atomic_write(std::move(write), now_ms, std::move(done)); });
}

core::CommitResult commit_and_wait(Backend& backend, core::AtomicWrite write, int64_t now_ms) {
  return backend.commit(std::move(write), now_ms);
}

}  // namespace openkv::storage
