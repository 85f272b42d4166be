// Copyright (c) OpenKV authors.
#include "protocol/queue_convert.h"

namespace openkv::protocol {

qpb::Lease to_proto(const storage::RunningLease& lease) {
  qpb::Lease out;
  out.set_id(lease.id);
  out.set_deadline_ms(lease.deadline_ms);
  return out;
}

storage::RunningLease to_raw(const qpb::Lease& lease) {
  return storage::RunningLease{lease.id(), lease.deadline_ms()};
}

qpb::Outcome to_proto(storage::DeliveryOutcome outcome) {
  return outcome == storage::DeliveryOutcome::kSuccess ? qpb::OUTCOME_SUCCESS
                                                       : qpb::OUTCOME_FAILURE;
}

std::optional<storage::DeliveryOutcome> to_raw(qpb::Outcome outcome) {
  switch (outcome) {
    case qpb::OUTCOME_SUCCESS:
      return storage::DeliveryOutcome::kSuccess;
    case qpb::OUTCOME_FAILURE:
      return storage::DeliveryOutcome::kFailure;
    default:
      return std::nullopt;
  }
}

qpb::DequeueResponse to_proto(const std::vector<storage::DequeuedMessage>& messages) {
  qpb::DequeueResponse out;
  for (const auto& m : messages) {
    qpb::DequeuedMessage* message = out.add_messages();
    *message->mutable_lease() = to_proto(m.lease);
    message->set_payload(m.payload.data(), m.payload.size());
  }
  return out;
}

std::vector<storage::DequeuedMessage> to_raw(const qpb::DequeueResponse& response) {
  std::vector<storage::DequeuedMessage> out;
  out.reserve(static_cast<size_t>(response.messages_size()));
  for (const auto& m : response.messages()) {
    out.push_back({to_raw(m.lease()), core::Bytes(m.payload().begin(), m.payload().end())});
  }
  return out;
}

qpb::FinishResponse to_proto(const storage::QueueSettlement& settlement) {
  qpb::FinishResponse out;
  out.set_requeued(static_cast<uint32_t>(settlement.requeued));
  out.set_given_up(static_cast<uint32_t>(settlement.given_up));
  for (const auto& key : settlement.dead_letter_keys)
    out.add_dead_letter_keys(key.data(), key.size());
  return out;
}

storage::QueueSettlement to_raw(const qpb::FinishResponse& response) {
  storage::QueueSettlement out;
  out.requeued = static_cast<int>(response.requeued());
  out.given_up = static_cast<int>(response.given_up());
  for (const auto& key : response.dead_letter_keys()) {
    out.dead_letter_keys.emplace_back(key.begin(), key.end());
  }
  return out;
}

}  // namespace openkv::protocol
