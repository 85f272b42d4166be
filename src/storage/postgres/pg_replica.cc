// Copyright (c) OpenKV authors.

#include "storage/postgres/pg_replica.h"

#include <algorithm>
#include <string>
#include <thread>

#include "openkv/errors.h"

namespace openkv::storage::postgres {

uint64_t primary_flush_lsn(Connection& primary) {
  // pg_lsn travels in binary as an unsigned 64-bit integer.
  return static_cast<uint64_t>(primary.exec("SELECT pg_current_wal_flush_lsn()").int64(0, 0));
}

void wait_for_replay(Connection& standby, uint64_t lsn, std::chrono::milliseconds timeout) {
  // NULL when the server is not in recovery: nothing to wait for.
  constexpr const char* kReplayed =
      "SELECT CASE WHEN pg_is_in_recovery() THEN coalesce(pg_last_wal_replay_lsn(), '0/0') END";
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  auto pause = std::chrono::microseconds(100);
  for (;;) {
    Result r = standby.exec(kReplayed);
    if (r.is_null(0, 0) || static_cast<uint64_t>(r.int64(0, 0)) >= lsn) return;
    if (std::chrono::steady_clock::now() >= deadline) {
      throw Error(ErrorCode::kUnavailable,
                  "The standby has not replayed the primary's commits within " +
                      std::to_string(timeout.count()) +
                      " ms; strong reads are unavailable through it.");
    }
    std::this_thread::sleep_for(pause);
    pause = std::min<std::chrono::microseconds>(pause * 2, std::chrono::milliseconds(5));
  }
}

}  // namespace openkv::storage::postgres
