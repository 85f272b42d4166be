// Copyright (c) OpenKV authors.
#include "openkv/atomic.h"

#include "engine/engine.h"
#include "engine/typed_write.h"
#include "openkv/errors.h"

namespace openkv {

struct AtomicOperation::State {
  std::shared_ptr<engine::Engine> engine;
  engine::TypedWrite write;
};

AtomicOperation::AtomicOperation(std::shared_ptr<engine::Engine> engine)
    : state_(std::make_unique<State>()) {
  state_->engine = std::move(engine);
}
AtomicOperation::AtomicOperation(AtomicOperation&&) noexcept = default;
AtomicOperation& AtomicOperation::operator=(AtomicOperation&&) noexcept = default;
AtomicOperation::~AtomicOperation() = default;

AtomicOperation& AtomicOperation::check(const Key& key, std::optional<Versionstamp> versionstamp) {
  state_->write.checks.push_back({key, versionstamp});
  return *this;
}

AtomicOperation& AtomicOperation::check(const EntryMaybe& entry) {
  return check(entry.key, entry.versionstamp);
}

AtomicOperation& AtomicOperation::set(const Key& key, const Value& value,
                                      const SetOptions& options) {
  return mutate({key, Mutation::Type::kSet, value, options.expire_in, {}, {}, false});
}

AtomicOperation& AtomicOperation::set_with_versionstamp_suffix(const Key& key, const Value& value,
                                                               const SetOptions& options) {
  Mutation m{key, Mutation::Type::kSet, value, options.expire_in, {}, {}, false};
  engine::validate_mutation_shape(m);
  state_->write.mutations.push_back({std::move(m), /*versionstamp_suffix=*/true});
  return *this;
}

AtomicOperation& AtomicOperation::remove(const Key& key) {
  return mutate({key, Mutation::Type::kDelete, {}, {}, {}, {}, false});
}

AtomicOperation& AtomicOperation::sum(const Key& key, uint64_t n) {
  return mutate({key, Mutation::Type::kSum, Value(KvU64{n}), {}, {}, {}, false});
}

AtomicOperation& AtomicOperation::min(const Key& key, uint64_t n) {
  return mutate({key, Mutation::Type::kMin, Value(KvU64{n}), {}, {}, {}, false});
}

AtomicOperation& AtomicOperation::max(const Key& key, uint64_t n) {
  return mutate({key, Mutation::Type::kMax, Value(KvU64{n}), {}, {}, {}, false});
}

AtomicOperation& AtomicOperation::mutate(Mutation m) {
  engine::validate_mutation_shape(m);
  state_->write.mutations.push_back({std::move(m), false});
  return *this;
}

AtomicOperation& AtomicOperation::enqueue(const Value& message, const EnqueueOptions& options) {
  engine::validate_enqueue_options(options);
  state_->write.enqueues.push_back({message, options});
  return *this;
}

CommitResult AtomicOperation::commit() {
  if (state_->engine->is_closed()) throw Error(ErrorCode::kClosed, "Database is closed.");
  core::AtomicWrite raw = engine::encode_write(state_->write, engine::now_ms());
  core::CommitResult result = state_->engine->atomic_write_and_wait(std::move(raw));
  return {result.ok, result.versionstamp};
}

}  // namespace openkv
