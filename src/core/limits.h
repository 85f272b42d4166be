// Copyright (c) OpenKV authors.
//
// The limits of spec 01 §6, in one place for the front end (engine) and the
// KV Connect server. Each side raises its own error text.
#ifndef OPENKV_CORE_LIMITS_H_
#define OPENKV_CORE_LIMITS_H_

#include <cstddef>
#include <cstdint>

namespace openkv::core::limits {

inline constexpr size_t kMaxWriteKeyBytes = 2048;          // L1
inline constexpr size_t kMaxReadKeyBytes = 2049;           // L2
inline constexpr size_t kMaxValueBytes = 65536;            // L3
inline constexpr size_t kMaxEnqueuePayloadBytes = 65536;   // L4
inline constexpr size_t kMaxReadRanges = 10;               // L5
inline constexpr size_t kMaxReadEntries = 1000;            // L6
inline constexpr size_t kMaxChecks = 100;                  // L8
inline constexpr size_t kMaxMutations = 1000;              // L9 (mutations + enqueues)
inline constexpr size_t kMaxTotalMutationBytes = 819200;   // L10
inline constexpr size_t kMaxTotalKeyBytes = 81920;         // L11
inline constexpr size_t kMaxWatchedKeys = 10;              // L12
inline constexpr size_t kMaxUndeliveredKeys = 10;          // L13 (server)
inline constexpr size_t kMaxBackoffIntervalsFrontEnd = 5;  // L14
inline constexpr size_t kMaxBackoffIntervalsServer = 10;   // L14
inline constexpr int64_t kMaxBackoffIntervalMs = 3600000;  // L15
inline constexpr int64_t kMaxEnqueueDelayMs = 2592000000;  // L16 (30 days)
inline constexpr int64_t kEnqueueDeadlineSkewMs = 60000;   // server allowance, 02 §9.6

}  // namespace openkv::core::limits

#endif  // OPENKV_CORE_LIMITS_H_
