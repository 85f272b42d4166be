// Copyright (c) OpenKV authors.
#include "core/mutation_math.h"

#include <algorithm>
#include <string>
#include <variant>

#include "codec/v8_numeric.h"
#include "core/value_encoding.h"
#include "openkv/errors.h"

namespace openkv::core {
namespace {

using codec::V8Numeric;

[[noreturn]] void mismatch(const std::string& text) { throw Error(ErrorCode::kTypeMismatch, text); }

const char* operation_name(MutationType type) {
  switch (type) {
    case MutationType::kSum:
      return "sum";
    case MutationType::kMin:
      return "min";
    case MutationType::kMax:
      return "max";
    default:
      break;
  }
  throw Error(ErrorCode::kInvalidArgument, "not a sum, min or max mutation");
}

RawValue le64(uint64_t value) { return {encode_le64(value), Encoding::kLe64}; }

// Spec 02 §6.1: KvU64 operand for sum, min and max.
RawValue apply_u64(const std::optional<RawValue>& stored, const Mutation& m) {
  const uint64_t operand = decode_le64(m.value.data);
  if (!stored) return le64(operand);
  if (!is_known_encoding(stored->encoding)) mismatch(unknown_encoding_text(stored->encoding));
  if (stored->encoding != Encoding::kLe64) {
    mismatch(std::string("Failed to perform '") + operation_name(m.type) +
             "' mutation on a non-U64 value in the database");
  }
  const uint64_t current = decode_le64(stored->data);
  switch (m.type) {
    case MutationType::kMin:
      return le64(std::min(current, operand));
    case MutationType::kMax:
      return le64(std::max(current, operand));
    default:
      return le64(current + operand);  // wraps modulo 2^64
  }
}

// The kinds a V8 sum combines; the index order names them in errors.
using SumValue = std::variant<double, BigInt, KvU64>;
constexpr const char* kKindNames[] = {"Number", "BigInt", "KvU64"};

SumValue to_sum_value(V8Numeric n) {
  if (double* d = std::get_if<double>(&n)) return *d;
  return std::get<BigInt>(std::move(n));
}

// A parameter of step 1: nullopt when it does not parse.
std::optional<V8Numeric> try_parse(const Bytes& bytes) {
  try {
    return codec::parse_v8_numeric(bytes);
  } catch (const Error&) {
    return std::nullopt;
  }
}

// Step 6 for one kind: clamp to or reject a result outside [lo, hi].
template <class T>
T apply_bounds(T result, const std::optional<V8Numeric>& lo, const std::optional<V8Numeric>& hi,
               bool clamp) {
  constexpr const char* kExceeded = "The result of a Sum operation would exceed its range limit";
  if (lo && result < std::get<T>(*lo)) {
    if (!clamp) mismatch(kExceeded);
    return std::get<T>(*lo);
  }
  if (hi && result > std::get<T>(*hi)) {
    if (!clamp) mismatch(kExceeded);
    return std::get<T>(*hi);
  }
  return result;
}

// Spec 02 §6.2: V8 (or raw) operand, sum only. Steps are numbered as there.
RawValue apply_v8_sum(const std::optional<RawValue>& stored, const Mutation& m) {
  // 1. Operand and bounds; an empty bound means "no bound".
  std::optional<V8Numeric> operand;
  if (m.value.encoding == Encoding::kV8) operand = try_parse(m.value.data);
  std::optional<V8Numeric> lo = m.sum_min.empty() ? std::nullopt : try_parse(m.sum_min);
  std::optional<V8Numeric> hi = m.sum_max.empty() ? std::nullopt : try_parse(m.sum_max);
  if (!operand || (!m.sum_min.empty() && !lo) || (!m.sum_max.empty() && !hi)) {
    mismatch("Some of the parameters are not valid V8 values");
  }
  // 2.
  if ((lo && lo->index() != operand->index()) || (hi && hi->index() != operand->index())) {
    mismatch("Min/max parameters have different types than the operand");
  }
  SumValue addend = to_sum_value(*operand);
  SumValue result;
  if (!stored) {
    // 3. First write. OpenKV applies the bounds here too (reference defect).
    result = std::move(addend);
  } else {
    SumValue current;
    switch (stored->encoding) {
      case Encoding::kLe64:
        current = KvU64{decode_le64(stored->data)};
        break;
      case Encoding::kV8:
        current = to_sum_value(codec::parse_v8_numeric(stored->data));
        break;
      case Encoding::kBytes:
        mismatch("unsupported value type");
      default:
        mismatch("Invalid sum operand");
    }
    // 4. A bigint added to a stored KvU64 without bounds acts as a KvU64.
    if (std::holds_alternative<KvU64>(current) && std::holds_alternative<BigInt>(addend) && !lo &&
        !hi && !m.sum_clamp) {
      if (std::optional<uint64_t> u = std::get<BigInt>(addend).to_uint64()) addend = KvU64{*u};
    }
    // 5.
    if (current.index() != addend.index()) {
      mismatch(std::string("Cannot sum ") + kKindNames[current.index()] + " with " +
               kKindNames[addend.index()]);
    }
    if (auto* u = std::get_if<KvU64>(&current)) {
      return le64(u->value + std::get<KvU64>(addend).value);  // wraps; no bounds (step 4)
    }
    if (auto* d = std::get_if<double>(&current)) {
      result = *d + std::get<double>(addend);
    } else {
      result = std::get<BigInt>(current) + std::get<BigInt>(addend);
    }
  }
  // 6. and 7.
  if (auto* d = std::get_if<double>(&result)) {
    return {codec::serialize_v8_numeric(apply_bounds(*d, lo, hi, m.sum_clamp)), Encoding::kV8};
  }
  return {codec::serialize_v8_numeric(apply_bounds(std::get<BigInt>(result), lo, hi, m.sum_clamp)),
          Encoding::kV8};
}

}  // namespace

RawValue apply_numeric_mutation(const std::optional<RawValue>& stored, const Mutation& m) {
  const char* name = operation_name(m.type);
  if (m.value.encoding == Encoding::kLe64) return apply_u64(stored, m);
  if (m.type != MutationType::kSum) {
    mismatch(std::string("Failed to perform '") + name + "' mutation on a non-U64 operand");
  }
  return apply_v8_sum(stored, m);
}

}  // namespace openkv::core
