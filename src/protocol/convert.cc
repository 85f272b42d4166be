// Copyright (c) OpenKV authors.

#include "protocol/convert.h"

#include <algorithm>
#include <string>

#include "openkv/errors.h"

namespace openkv::protocol {
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

Versionstamp versionstamp_of(const std::string& s) {
  if (s.size() != Versionstamp::kSize) {
    throw Error(ErrorCode::kCorruption, "KV Connect reply carries a versionstamp of " +
                                            std::to_string(s.size()) + " bytes.");
  }
  Versionstamp::Bytes vs{};
  std::copy(s.begin(), s.end(), vs.begin());
  return Versionstamp(vs);
}

core::RawEntry entry_of(const pb::KvEntry& e) {
  switch (e.encoding()) {
    case pb::VE_V8:
    case pb::VE_LE64:
    case pb::VE_BYTES:
      break;
    default:
      throw Error(ErrorCode::kCorruption, "Unknown encoding " + std::to_string(e.encoding()));
  }
  return {bytes(e.key()),
          {bytes(e.value()), static_cast<core::Encoding>(e.encoding())},
          versionstamp_of(e.versionstamp())};
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
      check.versionstamp = versionstamp_of(c.versionstamp());
    }
    write.checks.push_back(std::move(check));
  }
  for (const auto& m : request.mutations()) {
    core::Mutation mutation;
    mutation.key = bytes(m.key());
    mutation.type = static_cast<core::MutationType>(m.mutation_type());
    if (mutation.type != core::MutationType::kDelete) {
      mutation.value = {bytes(m.value().data()), static_cast<core::Encoding>(m.value().encoding())};
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

pb::SnapshotReadOutput to_proto(const core::ReadResult& result, bool strongly_consistent) {
  pb::SnapshotReadOutput out;
  for (const auto& range : result.ranges) {
    auto* range_out = out.add_ranges();
    for (const auto& entry : range) fill_entry(entry, range_out->add_values());
  }
  out.set_read_is_strongly_consistent(strongly_consistent);
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

pb::WatchOutput to_proto(const WatchState& state) {
  pb::WatchOutput out;
  out.set_status(pb::SR_SUCCESS);
  for (const auto& entry : state) {
    auto* key_out = out.add_keys();
    key_out->set_changed(true);
    if (entry) fill_entry(*entry, key_out->mutable_entry_if_changed());
  }
  return out;
}

pb::SnapshotRead to_proto(const std::vector<core::ReadRange>& ranges) {
  pb::SnapshotRead out;
  for (const auto& r : ranges) {
    auto* range = out.add_ranges();
    range->set_start(str(r.start));
    range->set_end(str(r.end));
    range->set_limit(r.limit);
    range->set_reverse(r.reverse);
  }
  return out;
}

pb::AtomicWrite to_proto(const core::AtomicWrite& write) {
  pb::AtomicWrite out;
  for (const auto& c : write.checks) {
    auto* check = out.add_checks();
    check->set_key(str(c.key));
    if (c.versionstamp) check->set_versionstamp(str(c.versionstamp->bytes()));
  }
  for (const auto& m : write.mutations) {
    auto* mutation = out.add_mutations();
    mutation->set_key(str(m.key));
    mutation->set_mutation_type(static_cast<pb::MutationType>(m.type));
    // A delete carries no value (the server ignores it), like @deno/kv.
    if (m.type != core::MutationType::kDelete) {
      mutation->mutable_value()->set_data(str(m.value.data));
      mutation->mutable_value()->set_encoding(static_cast<pb::ValueEncoding>(m.value.encoding));
    }
    if (m.expire_at_ms) mutation->set_expire_at_ms(*m.expire_at_ms);
    mutation->set_sum_min(str(m.sum_min));
    mutation->set_sum_max(str(m.sum_max));
    mutation->set_sum_clamp(m.sum_clamp);
  }
  for (const auto& e : write.enqueues) {
    auto* enqueue = out.add_enqueues();
    enqueue->set_payload(str(e.payload));
    enqueue->set_deadline_ms(e.deadline_ms);
    for (const auto& key : e.keys_if_undelivered) enqueue->add_keys_if_undelivered(str(key));
    for (uint32_t ms : e.backoff_schedule) enqueue->add_backoff_schedule(ms);
  }
  return out;
}

pb::Watch to_proto(const std::vector<core::Bytes>& keys) {
  pb::Watch out;
  for (const auto& key : keys) out.add_keys()->set_key(str(key));
  return out;
}

std::vector<std::vector<core::RawEntry>> to_raw(const pb::SnapshotReadOutput& reply) {
  std::vector<std::vector<core::RawEntry>> ranges;
  ranges.reserve(reply.ranges_size());
  for (const auto& r : reply.ranges()) {
    auto& entries = ranges.emplace_back();
    entries.reserve(r.values_size());
    for (const auto& e : r.values()) entries.push_back(entry_of(e));
  }
  return ranges;
}

core::CommitResult to_raw(const pb::AtomicWriteOutput& reply) {
  core::CommitResult result;
  result.ok = reply.status() == pb::AW_SUCCESS;
  if (result.ok) {
    result.versionstamp = versionstamp_of(reply.versionstamp());
  } else {
    result.failed_checks.assign(reply.failed_checks().begin(), reply.failed_checks().end());
    std::sort(result.failed_checks.begin(), result.failed_checks.end());
  }
  return result;
}

WatchState to_raw(const pb::WatchOutput& reply, const WatchState& previous) {
  WatchState state;
  state.reserve(reply.keys_size());
  for (int i = 0; i < reply.keys_size(); ++i) {
    const auto& k = reply.keys(i);
    if (!k.changed()) {
      if (static_cast<size_t>(i) >= previous.size()) {
        throw Error(ErrorCode::kCorruption, "KV Connect watch reply: invalid unchanged update.");
      }
      state.push_back(previous[i]);
    } else if (k.has_entry_if_changed()) {
      state.push_back(entry_of(k.entry_if_changed()));
    } else {
      state.push_back(std::nullopt);
    }
  }
  return state;
}

}  // namespace openkv::protocol
