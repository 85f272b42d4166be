// Copyright (c) OpenKV authors.
//
// Field-by-field mapping between the KV Connect protobuf messages (spec 04
// §5) and the raw layer (core/raw.h), in both directions: the server decodes
// requests and encodes replies, the remote backend (a KV Connect client)
// encodes requests and decodes replies. Keys and values pass through as
// bytes; nothing is decoded. Pure functions; thread-safe.
#ifndef OPENKV_PROTOCOL_CONVERT_H_
#define OPENKV_PROTOCOL_CONVERT_H_

#include <optional>
#include <vector>

#include "core/raw.h"
#include "datapath.pb.h"

namespace openkv::protocol {

namespace pb = com::deno::kv::datapath;

// The state of watched keys, in request order: nullopt = absent.
using WatchState = std::vector<std::optional<core::RawEntry>>;

// ---- requests (client encodes, server decodes) ----
// Decoding expects inputs that passed the server's validation.
std::vector<core::ReadRange> to_raw(const pb::SnapshotRead& request);
core::AtomicWrite to_raw(const pb::AtomicWrite& request);
std::vector<core::Bytes> to_raw(const pb::Watch& request);

pb::SnapshotRead to_proto(const std::vector<core::ReadRange>& ranges);
pb::AtomicWrite to_proto(const core::AtomicWrite& write);
pb::Watch to_proto(const std::vector<core::Bytes>& keys);

// ---- replies (server encodes, client decodes) ----
// Status SR_SUCCESS; read_is_strongly_consistent as given (false only for
// an eventual read a standby served, spec 04 §4.1).
pb::SnapshotReadOutput to_proto(const core::ReadResult& result, bool strongly_consistent);
pb::AtomicWriteOutput to_proto(const core::CommitResult& result);
pb::WatchOutput to_proto(const WatchState& state);

// Decoding a reply checks what a client must not trust blindly: entries with
// a versionstamp that is not 10 bytes or an unknown value encoding throw
// Error(kCorruption). Status fields are the caller's business.
std::vector<std::vector<core::RawEntry>> to_raw(const pb::SnapshotReadOutput& reply);
// Only for AW_SUCCESS and AW_CHECK_FAILURE replies.
core::CommitResult to_raw(const pb::AtomicWriteOutput& reply);
// Keys that are not `changed` keep their entry from `previous` (same size as
// the reply; empty for a first frame, where every key must be changed).
WatchState to_raw(const pb::WatchOutput& reply, const WatchState& previous);

}  // namespace openkv::protocol

#endif  // OPENKV_PROTOCOL_CONVERT_H_
