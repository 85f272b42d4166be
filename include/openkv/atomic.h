// Copyright (c) OpenKV authors.
//
// AtomicOperation builds one atomic write: checks, then mutations applied in
// order, then enqueues — all-or-nothing with one new versionstamp. Nothing is
// sent until commit(). Methods return *this for chaining:
//
//   auto r = db->atomic()
//                .check(alice)                        // unchanged since read
//                .set({"users", "alice"}, new_value)
//                .sum({"stats", "updates"}, 1)
//                .commit();
//   if (!r.ok) { /* a check failed: re-read and retry */ }
//
// Validation happens in two places, as in Deno: the shape of a mutation or of
// enqueue options (a sum whose operand is not a KvU64 or number, a negative
// delay, …) throws Error(kInvalidArgument) from the call that adds it, like
// Deno's synchronous TypeErrors; the rest — key and value encoding, the
// size and count limits, versionstamped-key rules — throws from commit(), in
// Deno's order and with Deno's texts. A failed check is not an error
// (commit() returns ok == false); every other problem throws openkv::Error.
//
// Thread-safety: a builder is used by one thread; commit() may run
// concurrently with other commits on the same Database.
#ifndef OPENKV_ATOMIC_H_
#define OPENKV_ATOMIC_H_

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "openkv/entry.h"
#include "openkv/key.h"
#include "openkv/options.h"
#include "openkv/value.h"
#include "openkv/versionstamp.h"

namespace openkv {

struct CommitResult {
  bool ok = false;            // false only when a check failed
  Versionstamp versionstamp;  // the commit's versionstamp when ok
};

// A raw mutation, as Deno's atomic().mutate(): the value goes through the
// usual encoding choice, so a KvU64 operand makes a u64 sum/min/max and any
// other value a V8 sum (numbers or bigints, with optional bounds).
struct Mutation {
  enum class Type { kSet, kDelete, kSum, kMin, kMax };
  Key key;
  Type type = Type::kSet;
  std::optional<Value> value;                          // required except for kDelete
  std::optional<std::chrono::milliseconds> expire_in;  // kSet only
  std::optional<Value> sum_min;                        // V8 sum only
  std::optional<Value> sum_max;
  bool sum_clamp = false;
};

class Database;
namespace engine {
class Engine;
}

class AtomicOperation {
 public:
  AtomicOperation(AtomicOperation&&) noexcept;
  AtomicOperation& operator=(AtomicOperation&&) noexcept;
  ~AtomicOperation();

  // The key must be absent (versionstamp nullopt) or hold exactly that
  // versionstamp.
  AtomicOperation& check(const Key& key, std::optional<Versionstamp> versionstamp);
  AtomicOperation& check(const EntryMaybe& entry);

  AtomicOperation& set(const Key& key, const Value& value, const SetOptions& options = {});
  // Stores the value under key + [<commit versionstamp as 20 hex chars>]
  // (Deno: a set whose last key part is kv.commitVersionstamp()).
  AtomicOperation& set_with_versionstamp_suffix(const Key& key, const Value& value,
                                                const SetOptions& options = {});
  AtomicOperation& remove(const Key& key);
  // KvU64 arithmetic: sum wraps modulo 2^64; min/max are unsigned.
  AtomicOperation& sum(const Key& key, uint64_t n);
  AtomicOperation& min(const Key& key, uint64_t n);
  AtomicOperation& max(const Key& key, uint64_t n);
  AtomicOperation& mutate(Mutation m);
  AtomicOperation& enqueue(const Value& message, const EnqueueOptions& options = {});

  CommitResult commit();

 private:
  friend class Database;
  struct State;
  explicit AtomicOperation(std::shared_ptr<engine::Engine> engine);
  std::unique_ptr<State> state_;
};

}  // namespace openkv

#endif  // OPENKV_ATOMIC_H_
