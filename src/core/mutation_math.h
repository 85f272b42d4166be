// Copyright (c) OpenKV authors.
//
// The data rules of sum / min / max (spec 02 §6), shared by every backend so
// that SQLite and PostgreSQL compute identical results and error texts.
#ifndef OPENKV_CORE_MUTATION_MATH_H_
#define OPENKV_CORE_MUTATION_MATH_H_

#include <optional>

#include "core/raw.h"

namespace openkv::core {

// Combines `m` (type kSum, kMin or kMax) with the stored value of its key
// (nullopt when absent or expired) and returns the value to store.
// Throws Error(kTypeMismatch, <exact text of spec 02 §6>) when the operation
// does not apply.
RawValue apply_numeric_mutation(const std::optional<RawValue>& stored, const Mutation& m);

}  // namespace openkv::core

#endif  // OPENKV_CORE_MUTATION_MATH_H_
