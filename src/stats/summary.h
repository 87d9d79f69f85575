// The -c / -C summary: per syscall, how many calls, how many failed, and the time they took;
// printed at the end as strace 6.1's table (and, with --summary-interval, every so often while
// the program runs). The tracer feeds it one finished call at a time, with nothing decoded:
// a number, whether it failed, and two durations.
//
// The time measured is strace's: by default the system CPU time the tracee's process used
// between the call's entry and exit stops (the kernel's accounting, which on most kernels
// advances in whole scheduler ticks, so short calls often count 0), or with -w the wall-clock
// time between the two stops. The latency columns always use wall-clock time.
#pragma once

#include <cstdint>
#include <ctime>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "stats/latency_histogram.h"
#include "stats/summary_options.h"

namespace cxtrace::stats {

class Summary {
 public:
  explicit Summary(SummaryOptions opts) : opts_(std::move(opts)) {}

  const SummaryOptions& options() const { return opts_; }
  // Whether add() needs the tracee's CPU time (the tracer then asks wait4 for it).
  bool measures_cpu() const { return !opts_.wall_clock; }

  // One finished call. `time_ns`: the measured time (CPU or wall clock, see above);
  // `wall_ns`: wall-clock time, for the latency columns. Negative times count as 0.
  void add(uint64_t nr, bool failed, int64_t time_ns, int64_t wall_ns);

  bool empty() const;

  // The clock of --summary-interval starts with the trace.
  void start(const timespec& now);
  // Whether a periodic table is due at `now`; if so, the next one is scheduled.
  bool due(const timespec& now);
  // What to print at `now`: the table, and with --summary-interval a line before it with the
  // time since start() (`final`: the table at the end).
  std::string report(const timespec& now, bool final) const;

  // The table in strace's layout, ending in a newline; empty when no call was counted (strace
  // prints nothing then).
  std::string table() const;

 private:
  struct Row {
    uint64_t calls = 0;
    uint64_t errors = 0;
    int64_t time_ns = 0;
    int64_t min_ns = INT64_MAX;
    int64_t max_ns = 0;
    std::unique_ptr<LatencyHistogram> latency;
  };
  // Syscall numbers below this index an array (the hot path); others, unknown numbers from
  // far outside the table, a map. Both iterate in number order.
  static constexpr uint64_t kDense = 1024;

  Row& row(uint64_t nr);

  SummaryOptions opts_;
  timespec start_{};
  timespec next_due_{};
  std::vector<Row> dense_;
  std::map<uint64_t, Row> sparse_;
};

}  // namespace cxtrace::stats
