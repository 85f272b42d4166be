// Copyright (c) OpenKV authors.
//
// The statistics a backend's writer queue keeps (storage/group_commit.h)
// and Backend::writer_stats() hands up for /metrics (docs/OPERATIONS.md).
#ifndef OPENKV_STORAGE_WRITE_STATS_H_
#define OPENKV_STORAGE_WRITE_STATS_H_

#include <cstdint>

#include "core/histogram.h"

namespace openkv::storage {

// What a writer queue has done since it was made.
struct GroupCommitStats {
  static constexpr double kGroupSizeBounds[] = {1, 2, 4, 8, 16, 32, 64, 128, 256};
  static constexpr double kCommitSecondsBounds[] = {
      0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1};

  uint64_t transactions = 0;   // group transactions committed
  uint64_t jobs = 0;           // jobs completed (committed or failed)
  uint64_t largest_group = 0;  // most jobs ever taken into one transaction
  // Of committed transactions: jobs per transaction, and the time of the
  // COMMIT itself. With SQLite's synchronous=FULL or PostgreSQL's
  // synchronous_commit that is the write-ahead-log flush (fsync) that makes
  // the group durable.
  core::Histogram group_sizes{kGroupSizeBounds};
  core::Histogram commit_seconds{kCommitSecondsBounds};
};

}  // namespace openkv::storage

#endif  // OPENKV_STORAGE_WRITE_STATS_H_
