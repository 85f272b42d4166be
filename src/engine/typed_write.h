// Copyright (c) OpenKV authors.
//
// TypedWrite is an atomic write as the C++ caller built it (typed keys and
// values). encode_write turns it into the raw layer, validating in the order
// Deno's client does (spec 01 §6): counts (L8, L9), then encoding of keys and
// values, then per-key limits (L17, L1), value sizes (L3), payload sizes (L4),
// total size (L10) and total key size (L11). The first failure is thrown.
#ifndef OPENKV_ENGINE_TYPED_WRITE_H_
#define OPENKV_ENGINE_TYPED_WRITE_H_

#include <cstdint>
#include <optional>
#include <vector>

#include "core/raw.h"
#include "openkv/atomic.h"
#include "openkv/options.h"

namespace openkv::engine {

struct TypedWrite {
  struct CheckOp {
    Key key;
    std::optional<Versionstamp> versionstamp;
  };
  struct MutationOp {
    Mutation mutation;
    bool versionstamp_suffix = false;  // only for kSet
  };
  struct EnqueueOp {
    Value message;
    EnqueueOptions options;
  };
  std::vector<CheckOp> checks;
  std::vector<MutationOp> mutations;
  std::vector<EnqueueOp> enqueues;
};

// The checks Deno makes when a mutation or enqueue is added (its synchronous
// TypeErrors), so a bad call fails where it is made.
void validate_mutation_shape(const Mutation& m);
void validate_enqueue_options(const EnqueueOptions& options);

core::AtomicWrite encode_write(const TypedWrite& write, int64_t now_ms);

}  // namespace openkv::engine

#endif  // OPENKV_ENGINE_TYPED_WRITE_H_
