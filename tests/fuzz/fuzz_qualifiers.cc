// Fuzz target: the filter chain built from option values (filter::Filter::build), the way
// main() builds it: -e trace=, -e status=, -e signal=, -e raw=, -e verbose= sets, -P paths,
// --filter patterns, --filename and --socketcall, and the summary's -S and -U values. The
// input is a list of NUL-separated items; each item's first byte says which option it is a
// value of. A chain that builds must answer its questions for any syscall number and signal.
#include <cstdint>
#include <string>

#include "cli/options.h"
#include "filter/filter.h"
#include "fuzz_input.h"
#include "stats/summary_options.h"

using namespace cxtrace;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 4096) {
    return 0;
  }
  fuzz::Input in(data, size);
  auto flags = in.take<uint8_t>();
  cli::Options o;
  o.filename_only = flags & 1;
  o.socketcall_only = flags & 2;
  std::string error;
  for (std::string& item : fuzz::split(in.rest(), '\0')) {
    if (item.empty()) {
      continue;
    }
    char which = item[0];
    std::string v = item.substr(1);
    switch (which % 9) {
      case 0: o.trace_expr.push_back(v); break;
      case 1: o.status_expr.push_back(v); break;
      case 2: o.signal_expr.push_back(v); break;
      case 3: o.raw_expr.push_back(v); break;
      case 4: o.verbose_expr.push_back(v); break;
      case 5: o.trace_paths.push_back(v); break;
      case 6: o.filters.push_back(v); break;
      case 7: (void)stats::parse_sort_key(v, error); break;
      case 8: (void)stats::parse_columns(v, error); break;
    }
  }
  std::optional<filter::Filter> f = filter::Filter::build(o, error);
  if (!f) {
    return 0;
  }
  for (uint64_t nr : {0ul, 2ul, 59ul, 257ul, 511ul, 100000ul}) {
    (void)f->traced(nr);
  }
  for (int sig = -1; sig <= 70; ++sig) {
    (void)f->signal_shown(sig);
  }
  (void)f->entry_set().numbers();
  return 0;
}
