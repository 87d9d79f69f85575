// Per-syscall latency distribution in bounded memory, for --summary-latency's percentiles.
//
// A log-linear histogram: durations below 32 ns have a bucket each; above that, every power
// of two [2^e, 2^(e+1)) is split into 32 equal buckets. A bucket is at most 1/32 of its lower
// bound wide, and a percentile is reported as the middle of the bucket holding it (clamped to
// the exact minimum and maximum), so it is within 1/64 (about 1.6 %) of the true value. The
// maximum is kept exactly. Memory is one counter per bucket up to the largest duration seen:
// under 2,000 counters however many calls are added.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace cxtrace::stats {

class LatencyHistogram {
 public:
  void add(uint64_t ns);
  void merge(const LatencyHistogram& other);

  uint64_t count() const { return count_; }
  uint64_t max() const { return max_; }
  uint64_t min() const { return count_ == 0 ? 0 : min_; }
  // The q-quantile (0 < q <= 1) by nearest rank: the smallest value with at least q·count
  // values at or below it, within the accuracy above. 0 when empty.
  uint64_t quantile(double q) const;

  // Bucket arithmetic, public for the unit tests.
  static constexpr unsigned kSubBits = 5;
  static constexpr uint64_t kSub = uint64_t{1} << kSubBits;
  static size_t index_of(uint64_t ns);
  static uint64_t lower_bound_of(size_t index);
  static uint64_t width_of(size_t index);

 private:
  std::vector<uint64_t> counts_;
  uint64_t count_ = 0;
  uint64_t min_ = UINT64_MAX;
  uint64_t max_ = 0;
};

}  // namespace cxtrace::stats
