// Copyright (c) OpenKV authors.
//
// A histogram with fixed bucket bounds, in the shape the Prometheus text
// format exposes (docs/OPERATIONS.md, "Metrics"): per-bucket counts, the
// number of observations and their sum. The storage layer records commit
// group sizes and COMMIT times in it; the server renders it at /metrics.
//
// Thread-safety: none; the owner serialises observe() and copies.
#ifndef OPENKV_CORE_HISTOGRAM_H_
#define OPENKV_CORE_HISTOGRAM_H_

#include <chrono>
#include <cstdint>
#include <span>
#include <vector>

namespace openkv::core {

class Histogram {
 public:
  // `bounds`: the buckets' inclusive upper bounds, ascending; a last
  // bucket (+Inf) is implied.
  explicit Histogram(std::span<const double> bounds);

  void observe(double value);

  const std::vector<double>& bounds() const { return bounds_; }
  // Per bucket, NOT cumulative; one more entry than bounds() (+Inf last).
  const std::vector<uint64_t>& counts() const { return counts_; }
  uint64_t count() const { return count_; }
  double sum() const { return sum_; }

 private:
  std::vector<double> bounds_;
  std::vector<uint64_t> counts_;
  uint64_t count_ = 0;
  double sum_ = 0;
};

// Seconds on the steady clock since `start`: what the histograms of times hold.
inline double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace openkv::core

#endif  // OPENKV_CORE_HISTOGRAM_H_
