// Copyright (c) OpenKV authors.
//
// The request validation rules of spec 04 §6, applied to decoded messages in
// the order the spec gives; the first failure decides the reply. Pure
// functions; thread-safe.
#ifndef OPENKV_SERVER_KV_CONNECT_VALIDATION_H_
#define OPENKV_SERVER_KV_CONNECT_VALIDATION_H_

#include <cstdint>
#include <optional>

#include "datapath.pb.h"
#include "server/kv_connect/errors.h"

namespace openkv::server::kv_connect {

namespace pb = com::deno::kv::datapath;

std::optional<RequestError> validate(const pb::SnapshotRead& request);
// `now_ms` bounds enqueue deadlines (30 days ahead plus clock skew).
std::optional<RequestError> validate(const pb::AtomicWrite& request, int64_t now_ms);
std::optional<RequestError> validate(const pb::Watch& request);

}  // namespace openkv::server::kv_connect

#endif  // OPENKV_SERVER_KV_CONNECT_VALIDATION_H_
