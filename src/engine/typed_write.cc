// Copyright (c) OpenKV authors.
#include "engine/typed_write.h"

#include <string>

#include "codec/key_codec.h"
#include "codec/v8_serializer.h"
#include "core/limits.h"
#include "core/value_encoding.h"
#include "engine/front_end_limits.h"
#include "openkv/errors.h"

namespace openkv::engine {
namespace {

namespace limits = core::limits;

[[noreturn]] void fail(const std::string& text) { throw Error(ErrorCode::kInvalidArgument, text); }

const char* mutation_name(Mutation::Type type) {
  switch (type) {
    case Mutation::Type::kSet:
      return "set";
    case Mutation::Type::kDelete:
      return "delete";
    case Mutation::Type::kSum:
      return "sum";
    case Mutation::Type::kMin:
      return "min";
    case Mutation::Type::kMax:
      return "max";
  }
  return "unknown";
}

core::MutationType raw_type(const TypedWrite::MutationOp& op) {
  switch (op.mutation.type) {
    case Mutation::Type::kSet:
      return op.versionstamp_suffix ? core::MutationType::kSetSuffixVersionstampedKey
                                    : core::MutationType::kSet;
    case Mutation::Type::kDelete:
      return core::MutationType::kDelete;
    case Mutation::Type::kSum:
      return core::MutationType::kSum;
    case Mutation::Type::kMin:
      return core::MutationType::kMin;
    case Mutation::Type::kMax:
      return core::MutationType::kMax;
  }
  fail("Invalid mutation type");
}

// Queue payloads are always V8 (spec 01 §3.2), so the two top-level-only
// storage types become the JS values they stand for.
Value as_v8_message(const Value& message) {
  switch (message.type()) {
    case Value::Type::kBytes:
      return Value::make_uint8_array(message.as_bytes());
    case Value::Type::kU64:
      return Value::make_object({{"value", Value(BigInt::from_uint64(message.as_u64().value))}});
    default:
      return message;
  }
}

core::Bytes encode_bounds_value(const std::optional<Value>& bound) {
  if (!bound) return {};
  return codec::serialize_v8(*bound);
}

const std::vector<int64_t>& default_backoff_schedule() {
  static const std::vector<int64_t> schedule = {100, 1000, 5000, 30000, 60000};
  return schedule;
}

}  // namespace

void validate_mutation_shape(const Mutation& m) {
  if (m.type == Mutation::Type::kDelete) {
    if (m.value) fail("Invalid mutation 'delete' with value");
    return;
  }
  if (!m.value) fail(std::string("Invalid mutation '") + mutation_name(m.type) + "' without value");
  if (m.expire_in && m.expire_in->count() < 0) {
    fail("expireIn must not be negative: received " + std::to_string(m.expire_in->count()));
  }
}

void validate_enqueue_options(const EnqueueOptions& options) {
  int64_t delay = options.delay.count();
  if (delay < 0) fail("Delay must be >= 0: received " + std::to_string(delay));
  if (delay > limits::kMaxEnqueueDelayMs) {
    fail("Delay cannot be greater than 30 days: received " + std::to_string(delay));
  }
  if (options.backoff_schedule) {
    const auto& schedule = *options.backoff_schedule;
    if (schedule.size() > limits::kMaxBackoffIntervalsFrontEnd) {
      fail("Invalid backoffSchedule, max " + std::to_string(limits::kMaxBackoffIntervalsFrontEnd) +
           " intervals allowed");
    }
    for (size_t i = 0; i < schedule.size(); ++i) {
      if (schedule[i] < 0 || schedule[i] > limits::kMaxBackoffIntervalMs) {
        fail("Invalid backoffSchedule, interval at index " + std::to_string(i) + " is invalid");
      }
    }
  }
}

core::AtomicWrite encode_write(const TypedWrite& write, int64_t now_ms) {
  if (write.checks.size() > limits::kMaxChecks) {
    fail("Too many checks (max " + std::to_string(limits::kMaxChecks) + ")");
  }
  if (write.mutations.size() + write.enqueues.size() > limits::kMaxMutations) {
    fail("Too many mutations (max " + std::to_string(limits::kMaxMutations) + ")");
  }

  // Decoding: every key and value is encoded before any size is judged.
  core::AtomicWrite raw;
  raw.checks.reserve(write.checks.size());
  for (const auto& c : write.checks) {
    raw.checks.push_back({codec::encode_key(c.key), c.versionstamp});
  }
  raw.mutations.reserve(write.mutations.size());
  for (const auto& op : write.mutations) {
    const Mutation& m = op.mutation;
    core::Mutation out;
    out.key = codec::encode_key(m.key);
    out.type = raw_type(op);
    if (m.type != Mutation::Type::kDelete) out.value = core::encode_value(*m.value);
    if (m.type == Mutation::Type::kSet && m.expire_in)
      out.expire_at_ms = now_ms + m.expire_in->count();
    if (m.type == Mutation::Type::kSum) {
      out.sum_min = encode_bounds_value(m.sum_min);
      out.sum_max = encode_bounds_value(m.sum_max);
      out.sum_clamp = m.sum_clamp;
    }
    raw.mutations.push_back(std::move(out));
  }
  raw.enqueues.reserve(write.enqueues.size());
  for (const auto& e : write.enqueues) {
    core::Enqueue out;
    out.payload = codec::serialize_v8(as_v8_message(e.message));
    out.deadline_ms = now_ms + e.options.delay.count();
    for (const auto& key : e.options.keys_if_undelivered) {
      out.keys_if_undelivered.push_back(codec::encode_key(key));
    }
    const auto& schedule = e.options.backoff_schedule.value_or(default_backoff_schedule());
    out.backoff_schedule.assign(schedule.begin(), schedule.end());
    raw.enqueues.push_back(std::move(out));
  }

  for (const auto& c : raw.checks) check_write_key(c.key);
  for (const auto& m : raw.mutations) check_write_key(m.key);
  for (const auto& m : raw.mutations) {
    if (m.type != core::MutationType::kDelete) check_value_size(m.value);
  }
  for (const auto& e : raw.enqueues) {
    if (e.payload.size() > limits::kMaxEnqueuePayloadBytes) {
      fail("enqueue payload too large (max " + std::to_string(limits::kMaxEnqueuePayloadBytes) +
           " bytes)");
    }
  }

  // Deno's total (lib.rs) counts the key of every valued mutation twice:
  // once as a mutation key and once with its value.
  size_t total = 0;
  size_t total_keys = 0;
  for (const auto& c : raw.checks) total += c.key.size();
  for (const auto& m : raw.mutations) {
    total += m.key.size();
    if (m.type != core::MutationType::kDelete) {
      total += m.key.size() + m.value.data.size();
      total_keys += m.key.size();
    }
  }
  for (const auto& e : raw.enqueues) total += e.payload.size() + 4 * e.backoff_schedule.size();
  if (total > limits::kMaxTotalMutationBytes) {
    fail("Total mutation size too large (max " + std::to_string(limits::kMaxTotalMutationBytes) +
         " bytes)");
  }
  if (total_keys > limits::kMaxTotalKeyBytes) {
    fail("Total key size too large (max " + std::to_string(limits::kMaxTotalKeyBytes) + " bytes)");
  }
  return raw;
}

}  // namespace openkv::engine
