// Copyright (c) OpenKV authors.
//
// Mapping between the OpenKV queue extension's messages (proto/openkv_queue.
// proto, docs/kv-connect-queue-extension.md) and the queue shapes of the
// storage layer (storage/queue.h), both directions: the server encodes
// replies, the remote backend decodes them. Pure functions; thread-safe.
#ifndef OPENKV_PROTOCOL_QUEUE_CONVERT_H_
#define OPENKV_PROTOCOL_QUEUE_CONVERT_H_

#include <optional>
#include <vector>

#include "openkv_queue.pb.h"
#include "storage/queue.h"

namespace openkv::protocol {

namespace qpb = ::openkv::queue::v1;

qpb::Lease to_proto(const storage::RunningLease& lease);
storage::RunningLease to_raw(const qpb::Lease& lease);

qpb::Outcome to_proto(storage::DeliveryOutcome outcome);
// nullopt for OUTCOME_UNSPECIFIED and values this version does not know.
std::optional<storage::DeliveryOutcome> to_raw(qpb::Outcome outcome);

qpb::DequeueResponse to_proto(const std::vector<storage::DequeuedMessage>& messages);
std::vector<storage::DequeuedMessage> to_raw(const qpb::DequeueResponse& response);

qpb::FinishResponse to_proto(const storage::QueueSettlement& settlement);
storage::QueueSettlement to_raw(const qpb::FinishResponse& response);

}  // namespace openkv::protocol

#endif  // OPENKV_PROTOCOL_QUEUE_CONVERT_H_
