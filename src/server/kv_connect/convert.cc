// Copyright (c) OpenKV authors.

#include "server/kv_connect/convert.h"

#include <algorithm>
#include <string>

namespace openkv::server::kv_connect {
namespace {

core::Bytes bytes(const std::string& s) { return core::Bytes(s.begin(), s.end()); }

template <typename Container>
std::string str(const Container& b) {
  return std::string(b.begin(), b.end());
}

void fill_entry(const core::RawEntry& entry, pb::KvEntry* out) {
  out->set_key(str(entry.key));
  out->set_value(str(entry.value.data));
  out->set_encoding(static_cast<pb::ValueEncoding>(entry.value.encoding));
  out->set_versionstamp(str(entry.versionstamp.bytes()));
}

}  // namespace

std::vector<core::ReadRange> to_raw(const pb::SnapshotRead& request) {
  std::vector<core::ReadRange> ranges;
  ranges.reserve(request.ranges_size());
  for (const auto& r : request.ranges()) {
    ranges.push_back({bytes(r.start()), bytes(r.end()), r.limit(), r.reverse()});
  }
  return ranges;
}

core::AtomicWrite to_raw(const pb::AtomicWrite& request) {
  core::AtomicWrite write;
  for (const auto& c : request.checks()) {
    core::Check check{bytes(c.key()), std::nullopt};
    if (!c.versionstamp().empty()) {
      Versionstamp::Bytes vs{};
      std::copy(c.versionstamp().begin(), c.versionstamp().end(), vs.begin());
      check.versionstamp = Versionstamp(vs);
    }
    write.checks.push_back(std::move(check));
  }
  for (const auto& m : request.mutations()) {
    core::Mutation mutation;
    mutation.key = bytes(m.key());
    mutation.type = static_cast<core::MutationType>(m.mutation_type());
    if (mutation.type != core::MutationType::kDelete) {
      mutation.value = {bytes(m.value().data()),
                        static_cast<core::Encoding>(m.value().encoding())};
    }
    // Expiry applies to sets only; 0 and -1 both mean "never" on the wire.
    bool is_set = mutation.type == core::MutationType::kSet ||
                  mutation.type == core::MutationType::kSetSuffixVersionstampedKey;
    if (is_set && m.expire_at_ms() > 0) mutation.expire_at_ms = m.expire_at_ms();
    mutation.sum_min = bytes(m.sum_min());
    mutation.sum_max = bytes(m.sum_max());
    mutation.sum_clamp = m.sum_clamp();
    write.mutations.push_back(std::move(mutation));
  }
  for (const auto& e : request.enqueues()) {
    core::Enqueue enqueue;
    enqueue.payload = bytes(e.payload());
    enqueue.deadline_ms = e.deadline_ms();
    for (const auto& key : e.keys_if_undelivered()) {
      enqueue.keys_if_undelivered.push_back(bytes(key));
    }
    enqueue.backoff_schedule.assign(e.backoff_schedule().begin(), e.backoff_schedule().end());
    write.enqueues.push_back(std::move(enqueue));
  }
  return write;
}

std::vector<core::Bytes> to_raw(const pb::Watch& request) {
  std::vector<core::Bytes> keys;
  keys.reserve(request.keys_size());
  for (const auto& k : request.keys()) keys.push_back(bytes(k.key()));
  return keys;
}

pb::SnapshotReadOutput to_proto(const core::ReadResult& result) {
  pb::SnapshotReadOutput out;
  for (const auto& range : result.ranges) {
    auto* range_out = out.add_ranges();
    for (const auto& entry : range) fill_entry(entry, range_out->add_values());
  }
  out.set_read_is_strongly_consistent(true);
  out.set_status(pb::SR_SUCCESS);
  return out;
}

pb::AtomicWriteOutput to_proto(const core::CommitResult& result) {
  pb::AtomicWriteOutput out;
  if (result.ok) {
    out.set_status(pb::AW_SUCCESS);
    out.set_versionstamp(str(result.versionstamp.bytes()));
  } else {
    out.set_status(pb::AW_CHECK_FAILURE);
    for (uint32_t index : result.failed_checks) out.add_failed_checks(index);
  }
  return out;
}

pb::WatchOutput to_proto(const std::vector<std::optional<core::RawEntry>>& state) {
  pb::WatchOutput out;
  out.set_status(pb::SR_SUCCESS);
  for (const auto& entry : state) {
    auto* key_out = out.add_keys();
    key_out->set_changed(true);
    if (entry) fill_entry(*entry, key_out->mutable_entry_if_changed());
  }
  return out;
}

}  // namespace openkv::server::kv_connect
