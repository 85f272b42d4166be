// Copyright (c) OpenKV authors.

#include "server/kv_connect/validation.h"

#include "core/limits.h"
#include "openkv/versionstamp.h"

namespace openkv::server::kv_connect {
namespace limits = core::limits;

std::optional<RequestError> validate(const pb::SnapshotRead& request) {
  if (static_cast<size_t>(request.ranges_size()) > limits::kMaxReadRanges) {
    return bad_request(text::kTooManyReadRanges);
  }
  size_t total = 0;
  for (const auto& range : request.ranges()) {
    if (range.limit() <= 0) return bad_request(text::kInvalidReadRangeLimit);
    if (range.start().size() > limits::kMaxReadKeyBytes ||
        range.end().size() > limits::kMaxReadKeyBytes) {
      return bad_request(text::kKeyTooLong);
    }
    total += static_cast<size_t>(range.limit());
  }
  if (total > limits::kMaxReadEntries) return bad_request(text::kReadRangeTooLarge);
  return std::nullopt;
}

namespace {

bool needs_value(int type) {
  switch (type) {
    case pb::M_SET:
    case pb::M_SUM:
    case pb::M_MIN:
    case pb::M_MAX:
    case pb::M_SET_SUFFIX_VERSIONSTAMPED_KEY:
      return true;
    default:
      return false;
  }
}

std::optional<RequestError> validate_mutation(const pb::Mutation& m) {
  if (m.key().size() > limits::kMaxWriteKeyBytes) return bad_request(text::kKeyTooLong);
  int type = m.mutation_type();
  if (type != pb::M_DELETE && m.value().data().size() > limits::kMaxValueBytes) {
    return bad_request(text::kValueTooLong);
  }
  if (type != pb::M_DELETE) {
    if (!needs_value(type) || !m.has_value()) return bad_request(text::kInvalidMutationKind);
    int encoding = m.value().encoding();
    if (encoding != pb::VE_V8 && encoding != pb::VE_LE64 && encoding != pb::VE_BYTES) {
      return bad_request(unknown_encoding_text(encoding));
    }
    // An LE64 operand is a u64; any other length cannot be stored or summed.
    if (encoding == pb::VE_LE64 && m.value().data().size() != 8) {
      return bad_request(text::kInvalidMutationKind);
    }
  }
  if (m.expire_at_ms() < -1) return bad_request(text::kInvalidMutationExpireAt);
  return std::nullopt;
}

std::optional<RequestError> validate_enqueue(const pb::Enqueue& e, int64_t now_ms) {
  if (e.payload().size() > limits::kMaxEnqueuePayloadBytes) {
    return bad_request(text::kValueTooLong);
  }
  if (static_cast<size_t>(e.keys_if_undelivered_size()) > limits::kMaxUndeliveredKeys) {
    return bad_request(text::kTooManyQueueUndeliveredKeys);
  }
  for (const auto& key : e.keys_if_undelivered()) {
    if (key.size() > limits::kMaxWriteKeyBytes) return bad_request(text::kKeyTooLong);
  }
  if (static_cast<size_t>(e.backoff_schedule_size()) > limits::kMaxBackoffIntervalsServer) {
    return bad_request(text::kTooManyQueueBackoffIntervals);
  }
  for (uint32_t interval : e.backoff_schedule()) {
    if (interval > limits::kMaxBackoffIntervalMs) {
      return bad_request(text::kQueueBackoffIntervalTooLarge);
    }
  }
  // OpenKV's corrected rule (02 §9.6): no negative deadline and none further
  // ahead than the longest allowed delay plus clock skew.
  if (e.deadline_ms() < 0 ||
      e.deadline_ms() > now_ms + limits::kMaxEnqueueDelayMs + limits::kEnqueueDeadlineSkewMs) {
    return bad_request(text::kInvalidMutationEnqueueDeadline);
  }
  return std::nullopt;
}

}  // namespace

std::optional<RequestError> validate(const pb::AtomicWrite& request, int64_t now_ms) {
  if (static_cast<size_t>(request.checks_size()) > limits::kMaxChecks) {
    return bad_request(text::kTooManyChecks);
  }
  if (static_cast<size_t>(request.mutations_size()) + static_cast<size_t>(request.enqueues_size()) >
      limits::kMaxMutations) {
    return bad_request(text::kTooManyMutations);
  }
  size_t total = 0;
  for (const auto& check : request.checks()) {
    if (check.key().size() > limits::kMaxReadKeyBytes) return bad_request(text::kKeyTooLong);
    if (!check.versionstamp().empty() && check.versionstamp().size() != Versionstamp::kSize) {
      return bad_request(text::kInvalidVersionstamp);
    }
    total += check.key().size();
  }
  for (const auto& mutation : request.mutations()) {
    if (auto error = validate_mutation(mutation)) return error;
    total += mutation.key().size() + mutation.value().data().size();
  }
  for (const auto& enqueue : request.enqueues()) {
    if (auto error = validate_enqueue(enqueue, now_ms)) return error;
    total += enqueue.payload().size() + 4 * static_cast<size_t>(enqueue.backoff_schedule_size());
    for (const auto& key : enqueue.keys_if_undelivered()) total += key.size();
  }
  if (total > limits::kMaxTotalMutationBytes) return bad_request(text::kAtomicWriteTooLarge);
  return std::nullopt;
}

std::optional<RequestError> validate(const pb::Watch& request) {
  if (static_cast<size_t>(request.keys_size()) > limits::kMaxWatchedKeys) {
    return bad_request(text::kTooManyWatchedKeys);
  }
  for (const auto& key : request.keys()) {
    if (key.key().size() > limits::kMaxReadKeyBytes) return bad_request(text::kKeyTooLong);
  }
  return std::nullopt;
}

}  // namespace openkv::server::kv_connect
