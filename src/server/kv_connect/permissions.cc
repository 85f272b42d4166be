// Copyright (c) OpenKV authors.

#include "server/kv_connect/permissions.h"

#include <algorithm>
#include <string>

namespace openkv::server::kv_connect {
namespace {

RequestError forbidden(std::string_view text) { return {403, std::string(text)}; }

}  // namespace

std::optional<RequestError> permit_read(const Access& access,
                                        std::vector<core::ReadRange>& ranges) {
  for (auto& range : ranges) {
    if (!access.narrow_range(range)) return forbidden(text::kOutsidePrefix);
  }
  return std::nullopt;
}

std::optional<RequestError> permit_write(const Access& access, const core::AtomicWrite& write) {
  const bool touches_data = !write.mutations.empty() || !write.enqueues.empty();
  if (access.read_only && touches_data) return forbidden(text::kReadOnlyToken);
  if (!access.scoped()) return std::nullopt;
  if (!write.enqueues.empty()) return forbidden(text::kQueueNeedsFullAccess);
  auto outside = [&](const core::Bytes& key) { return !access.covers_key(key); };
  if (std::any_of(write.checks.begin(), write.checks.end(),
                  [&](const core::Check& c) { return outside(c.key); }) ||
      std::any_of(write.mutations.begin(), write.mutations.end(),
                  [&](const core::Mutation& m) { return outside(m.key); })) {
    return forbidden(text::kOutsidePrefix);
  }
  return std::nullopt;
}

std::optional<RequestError> permit_watch(const Access& access,
                                         const std::vector<core::Bytes>& keys) {
  for (const auto& key : keys) {
    if (!access.covers_key(key)) return forbidden(text::kOutsidePrefix);
  }
  return std::nullopt;
}

std::optional<RequestError> permit_queue(const Access& access) {
  if (access.read_only || access.scoped()) return forbidden(text::kQueueNeedsFullAccess);
  return std::nullopt;
}

}  // namespace openkv::server::kv_connect
