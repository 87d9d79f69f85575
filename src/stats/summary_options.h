// What the -c / -C summary table shows and how: the time it measures, the row order, the
// columns, and cxtrace's own additions (latency percentiles, a table every N seconds). The
// command line fills this from strace's spellings; the names accepted are listed here so the
// manual, the completions and the error messages can agree with one place.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cxtrace::stats {

// A column of the table. The first eight are strace's; the latency columns are cxtrace's.
enum class Column {
  time_percent,  // % time
  total_time,    // seconds
  min_time,      // shortest
  max_time,      // longest
  avg_time,      // usecs/call
  calls,
  errors,
  name,          // syscall
  p50,           // --summary-latency: median wall-clock latency, microseconds
  p99,           // --summary-latency: 99th percentile
  max_latency,   // --summary-latency: the longest call, exactly
};

// Row order (-S). Times sort longest first, counts largest first, names alphabetically;
// ties keep syscall-number order. `none` is syscall-number order.
enum class SortKey { time, min_time, max_time, avg_time, calls, errors, name, none };

struct SummaryOptions {
  bool wall_clock = false;  // -w: time between entry and exit, not system CPU time
  bool latency = false;     // --summary-latency
  double interval_s = 0;    // --summary-interval: a table every so many seconds; 0: none
  SortKey sort = SortKey::time;
  std::vector<Column> columns{Column::time_percent, Column::total_time, Column::avg_time,
                              Column::calls,        Column::errors,     Column::name};
};

// -S NAME. nullopt and a one-line reason for a name strace does not accept.
std::optional<SortKey> parse_sort_key(std::string_view name, std::string& error);

// -U LIST, comma-separated. The name column is added at the end when the list lacks it (a
// table without names means nothing). nullopt and a one-line reason on an unknown or repeated
// name.
std::optional<std::vector<Column>> parse_columns(std::string_view list, std::string& error);

// The canonical spellings, for help texts: "time-percent, total-time, …".
std::string column_names();
std::string sort_key_names();

}  // namespace cxtrace::stats
