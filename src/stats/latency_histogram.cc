#include "stats/latency_histogram.h"

#include <algorithm>
#include <bit>
#include <cmath>

namespace cxtrace::stats {

size_t LatencyHistogram::index_of(uint64_t ns) {
  if (ns < kSub) {
    return static_cast<size_t>(ns);
  }
  unsigned e = static_cast<unsigned>(std::bit_width(ns)) - 1;  // 2^e <= ns, e >= kSubBits
  unsigned shift = e - kSubBits;
  uint64_t sub = (ns >> shift) - kSub;  // the kSubBits bits after the leading one
  return static_cast<size_t>(kSub + shift * kSub + sub);
}

uint64_t LatencyHistogram::lower_bound_of(size_t index) {
  if (index < kSub) {
    return index;
  }
  uint64_t shift = (index - kSub) / kSub;
  uint64_t sub = (index - kSub) % kSub;
  return (kSub + sub) << shift;
}

uint64_t LatencyHistogram::width_of(size_t index) {
  return index < kSub ? 1 : uint64_t{1} << ((index - kSub) / kSub);
}

void LatencyHistogram::add(uint64_t ns) {
  size_t i = index_of(ns);
  if (i >= counts_.size()) {
    counts_.resize(i + 1);
  }
  ++counts_[i];
  ++count_;
  min_ = std::min(min_, ns);
  max_ = std::max(max_, ns);
}

void LatencyHistogram::merge(const LatencyHistogram& other) {
  if (other.counts_.size() > counts_.size()) {
    counts_.resize(other.counts_.size());
  }
  for (size_t i = 0; i < other.counts_.size(); ++i) {
    counts_[i] += other.counts_[i];
  }
  count_ += other.count_;
  min_ = std::min(min_, other.min_);
  max_ = std::max(max_, other.max_);
}

uint64_t LatencyHistogram::quantile(double q) const {
  if (count_ == 0) {
    return 0;
  }
  auto rank = static_cast<uint64_t>(std::ceil(q * static_cast<double>(count_)));
  rank = std::clamp<uint64_t>(rank, 1, count_);
  uint64_t seen = 0;
  for (size_t i = 0; i < counts_.size(); ++i) {
    seen += counts_[i];
    if (seen >= rank) {
      uint64_t mid = lower_bound_of(i) + width_of(i) / 2;
      return std::clamp(mid, min_, max_);
    }
  }
  return max_;
}

}  // namespace cxtrace::stats
