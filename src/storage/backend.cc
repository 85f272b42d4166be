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
