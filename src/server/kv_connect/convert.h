// Copyright (c) OpenKV authors.
//
// Field-by-field mapping between the KV Connect protobuf messages (spec 04
// §5) and the raw layer (core/raw.h). Keys and values pass through as bytes;
// nothing is decoded. Inputs must have passed validation.h. Pure functions;
// thread-safe.
#ifndef OPENKV_SERVER_KV_CONNECT_CONVERT_H_
#define OPENKV_SERVER_KV_CONNECT_CONVERT_H_

#include <optional>
#include <vector>

#include "core/raw.h"
#include "datapath.pb.h"

namespace openkv::server::kv_connect {

namespace pb = com::deno::kv::datapath;

std::vector<core::ReadRange> to_raw(const pb::SnapshotRead& request);
core::AtomicWrite to_raw(const pb::AtomicWrite& request);
std::vector<core::Bytes> to_raw(const pb::Watch& request);

// Always status SR_SUCCESS and strongly consistent: this server is the
// primary (spec 04 §4.1).
pb::SnapshotReadOutput to_proto(const core::ReadResult& result);
pb::AtomicWriteOutput to_proto(const core::CommitResult& result);
pb::WatchOutput to_proto(const std::vector<std::optional<core::RawEntry>>& state);

}  // namespace openkv::server::kv_connect

#endif  // OPENKV_SERVER_KV_CONNECT_CONVERT_H_
