// core::Histogram: Prometheus "less than or equal" buckets, count and sum.
#include <gtest/gtest.h>

#include "core/histogram.h"

namespace openkv::core {
namespace {

constexpr double kBounds[] = {1, 2, 4};

TEST(HistogramTest, ValuesFallIntoTheFirstBucketTheyDoNotExceed) {
  Histogram h(kBounds);
  for (double v : {0.5, 1.0, 1.5, 2.0, 4.0, 4.5, 100.0}) h.observe(v);
  EXPECT_EQ(h.counts(), (std::vector<uint64_t>{2, 2, 1, 2}));  // last: +Inf
  EXPECT_EQ(h.count(), 7u);
  EXPECT_DOUBLE_EQ(h.sum(), 113.5);
  EXPECT_EQ(h.bounds(), (std::vector<double>{1, 2, 4}));
}

TEST(HistogramTest, StartsEmpty) {
  Histogram h(kBounds);
  EXPECT_EQ(h.counts(), (std::vector<uint64_t>{0, 0, 0, 0}));
  EXPECT_EQ(h.count(), 0u);
  EXPECT_EQ(h.sum(), 0);
}

}  // namespace
}  // namespace openkv::core
