#include "stats/summary.h"

#include <algorithm>
#include <iterator>
#include <string_view>

#include <fmt/core.h>

#include "table/syscall_table.h"

namespace cxtrace::stats {

namespace {

constexpr int64_t kNsPerSec = 1'000'000'000;

// Seconds as a double the way strace converts its timespecs: whole seconds plus the
// nanoseconds divided separately (so rounding matches its table to the last digit).
double seconds(int64_t ns) {
  return static_cast<double>(ns / kNsPerSec) + static_cast<double>(ns % kNsPerSec) / 1e9;
}

// Whole microseconds of a duration, truncated as strace truncates usecs/call.
uint64_t usecs(int64_t ns) { return static_cast<uint64_t>(seconds(ns) * 1e6); }

size_t digits(uint64_t v) { return fmt::formatted_size("{}", v); }

std::string_view header_of(Column c) {
  switch (c) {
    case Column::time_percent: return "% time";
    case Column::total_time: return "seconds";
    case Column::min_time: return "shortest";
    case Column::max_time: return "longest";
    case Column::avg_time: return "usecs/call";
    case Column::calls: return "calls";
    case Column::errors: return "errors";
    case Column::name: return "syscall";
    case Column::p50: return "p50-usecs";
    case Column::p99: return "p99-usecs";
    case Column::max_latency: return "max-usecs";
  }
  return "";
}

// What one line of the table shows, the total line included.
struct Line {
  std::string name;
  uint64_t calls = 0;
  uint64_t errors = 0;
  int64_t time_ns = 0;
  int64_t min_ns = 0;
  int64_t max_ns = 0;
  int64_t avg_ns = 0;        // time_ns / calls, in whole nanoseconds (the sort key)
  uint64_t avg_usecs = 0;    // as printed
  double percent = 0;
  const LatencyHistogram* latency = nullptr;
};

}  // namespace

Summary::Row& Summary::row(uint64_t nr) {
  if (nr < kDense) {
    if (nr >= dense_.size()) {
      dense_.resize(nr + 1);
    }
    return dense_[nr];
  }
  return sparse_[nr];
}

void Summary::add(uint64_t nr, bool failed, int64_t time_ns, int64_t wall_ns) {
  Row& r = row(nr);
  time_ns = std::max<int64_t>(time_ns, 0);
  ++r.calls;
  r.errors += failed ? 1 : 0;
  r.time_ns += time_ns;
  r.min_ns = std::min(r.min_ns, time_ns);
  r.max_ns = std::max(r.max_ns, time_ns);
  if (opts_.latency) {
    if (!r.latency) {
      r.latency = std::make_unique<LatencyHistogram>();
    }
    r.latency->add(static_cast<uint64_t>(std::max<int64_t>(wall_ns, 0)));
  }
}

namespace {

int64_t ns_of(const timespec& t) { return t.tv_sec * kNsPerSec + t.tv_nsec; }

timespec timespec_of(int64_t ns) { return timespec{ns / kNsPerSec, ns % kNsPerSec}; }

}  // namespace

void Summary::start(const timespec& now) {
  start_ = now;
  next_due_ = timespec_of(ns_of(now) + static_cast<int64_t>(opts_.interval_s * 1e9));
}

bool Summary::due(const timespec& now) {
  if (opts_.interval_s <= 0 || ns_of(now) < ns_of(next_due_)) {
    return false;
  }
  // The next table one interval after this one's schedule; tables missed while cxtrace was
  // busy are not made up.
  auto step = static_cast<int64_t>(opts_.interval_s * 1e9);
  int64_t next = ns_of(next_due_) + step;
  if (next <= ns_of(now)) {
    next = ns_of(now) + step;
  }
  next_due_ = timespec_of(next);
  return true;
}

std::string Summary::report(const timespec& now, bool final) const {
  if (opts_.interval_s <= 0) {
    return table();
  }
  double elapsed = seconds(ns_of(now) - ns_of(start_));
  return fmt::format("--- {}summary after {:.3f} s ---\n", final ? "final " : "", elapsed) + table();
}

bool Summary::empty() const {
  for (const Row& r : dense_) {
    if (r.calls != 0) {
      return false;
    }
  }
  return sparse_.empty();
}

std::string Summary::table() const {
  // The rows, in syscall-number order, and the total.
  std::vector<Line> lines;
  Line total;
  total.name = "total";
  total.min_ns = INT64_MAX;
  int64_t min_max_ns = 0;  // the largest per-syscall minimum (it sizes the shortest column)
  int64_t avg_max_ns = 0;
  size_t name_max = 0;
  LatencyHistogram all_latency;
  auto collect = [&](uint64_t nr, const Row& r) {
    if (r.calls == 0) {
      return;
    }
    Line l;
    const table::SyscallDesc* d = table::by_number(nr);
    l.name = d != nullptr && !d->name.empty() ? std::string(d->name) : fmt::format("syscall_{:#x}", nr);
    l.calls = r.calls;
    l.errors = r.errors;
    l.time_ns = r.time_ns;
    l.min_ns = r.min_ns;
    l.max_ns = r.max_ns;
    l.avg_ns = r.time_ns / static_cast<int64_t>(r.calls);
    l.avg_usecs = usecs(l.avg_ns);
    l.latency = r.latency.get();
    total.calls += r.calls;
    total.errors += r.errors;
    total.time_ns += r.time_ns;
    total.min_ns = std::min(total.min_ns, r.min_ns);
    total.max_ns = std::max(total.max_ns, r.max_ns);
    min_max_ns = std::max(min_max_ns, r.min_ns);
    avg_max_ns = std::max(avg_max_ns, l.avg_ns);
    name_max = std::max(name_max, l.name.size());
    if (r.latency) {
      all_latency.merge(*r.latency);
    }
    lines.push_back(std::move(l));
  };
  for (size_t nr = 0; nr < dense_.size(); ++nr) {
    collect(nr, dense_[nr]);
  }
  for (const auto& [nr, r] : sparse_) {
    collect(nr, r);
  }
  if (lines.empty()) {
    return {};
  }
  double total_s = seconds(total.time_ns);
  for (Line& l : lines) {
    // A share of nothing is 0, not 0/0.
    l.percent = 100.0 * seconds(l.time_ns);
    if (l.percent != 0.0) {
      l.percent /= total_s;
    }
  }
  total.percent = 100.0;
  total.avg_usecs = static_cast<uint64_t>(total_s / static_cast<double>(total.calls) * 1e6);
  total.latency = &all_latency;

  // Row order. Equal keys keep syscall-number order.
  auto by = [&](auto key, bool descending) {
    std::stable_sort(lines.begin(), lines.end(), [&](const Line& a, const Line& b) {
      return descending ? key(b) < key(a) : key(a) < key(b);
    });
  };
  switch (opts_.sort) {
    case SortKey::time: by([](const Line& l) { return l.time_ns; }, true); break;
    case SortKey::min_time: by([](const Line& l) { return l.min_ns; }, true); break;
    case SortKey::max_time: by([](const Line& l) { return l.max_ns; }, true); break;
    case SortKey::avg_time: by([](const Line& l) { return l.avg_ns; }, true); break;
    case SortKey::calls: by([](const Line& l) { return l.calls; }, true); break;
    case SortKey::errors: by([](const Line& l) { return l.errors; }, true); break;
    case SortKey::name: by([](const Line& l) { return std::string_view(l.name); }, false); break;
    case SortKey::none: break;
  }

  // The columns: strace's (or -U's), and the latency ones last, but before the name when the
  // name ends the line.
  std::vector<Column> cols = opts_.columns;
  if (opts_.latency) {
    auto at = cols.back() == Column::name ? cols.end() - 1 : cols.end();
    cols.insert(at, {Column::p50, Column::p99, Column::max_latency});
  }
  auto latency_usecs = [](const Line& l, Column c) -> uint64_t {
    if (l.latency == nullptr) {
      return 0;
    }
    uint64_t ns = c == Column::p50 ? l.latency->quantile(0.50)
                  : c == Column::p99 ? l.latency->quantile(0.99)
                                     : l.latency->max();
    return ns / 1000;
  };

  // Widths: each header's, widened to fit the largest value it will hold.
  auto width_of = [&](Column c) -> size_t {
    size_t w = header_of(c).size();
    switch (c) {
      case Column::time_percent: return std::max<size_t>(w, 6);
      case Column::total_time: return std::max<size_t>(11, fmt::formatted_size("{:.6f}", total_s));
      case Column::min_time: return std::max(w, digits(static_cast<uint64_t>(min_max_ns / kNsPerSec)) + 7);
      case Column::max_time: return std::max(w, digits(static_cast<uint64_t>(total.max_ns / kNsPerSec)) + 7);
      case Column::avg_time: return std::max<size_t>(11, digits(usecs(avg_max_ns)));
      case Column::calls: return std::max<size_t>(9, digits(total.calls));
      case Column::errors: return std::max<size_t>(9, digits(total.errors));
      case Column::name: return std::max<size_t>(16, name_max + 1);
      case Column::p50:
      case Column::p99:
      case Column::max_latency: {
        size_t v = 0;
        for (const Line& l : lines) {
          v = std::max(v, digits(latency_usecs(l, c)));
        }
        return std::max<size_t>(11, v);
      }
    }
    return w;
  };
  std::vector<size_t> widths;
  for (Column c : cols) {
    widths.push_back(width_of(c));
  }

  std::string out;
  auto it = std::back_inserter(out);
  size_t last = cols.size() - 1;
  auto dashes = [&] {
    for (size_t i = 0; i < cols.size(); ++i) {
      out.append(i == 0 ? 0 : 1, ' ');
      out.append(widths[i], '-');
    }
    out += '\n';
  };
  // The name column is left-aligned and, last on the line, not padded at all.
  for (size_t i = 0; i < cols.size(); ++i) {
    out.append(i == 0 ? 0 : 1, ' ');
    std::string_view h = header_of(cols[i]);
    if (cols[i] != Column::name) {
      fmt::format_to(it, "{:>{}}", h, widths[i]);
    } else if (i != last) {
      fmt::format_to(it, "{:<{}}", h, widths[i]);
    } else {
      out += h;
    }
  }
  out += '\n';
  dashes();
  auto print_line = [&](const Line& l) {
    for (size_t i = 0; i < cols.size(); ++i) {
      out.append(i == 0 ? 0 : 1, ' ');
      size_t w = widths[i];
      switch (cols[i]) {
        case Column::time_percent: fmt::format_to(it, "{:>{}.2f}", l.percent, w); break;
        case Column::total_time: fmt::format_to(it, "{:>{}.6f}", seconds(l.time_ns), w); break;
        case Column::min_time: fmt::format_to(it, "{:>{}.6f}", seconds(l.min_ns), w); break;
        case Column::max_time: fmt::format_to(it, "{:>{}.6f}", seconds(l.max_ns), w); break;
        case Column::avg_time: fmt::format_to(it, "{:>{}}", l.avg_usecs, w); break;
        case Column::calls: fmt::format_to(it, "{:>{}}", l.calls, w); break;
        // No errors print as blanks, as strace's "%.0u" does.
        case Column::errors:
          fmt::format_to(it, "{:>{}}", l.errors == 0 ? std::string() : fmt::format("{}", l.errors), w);
          break;
        case Column::name:
          if (i != last) {
            fmt::format_to(it, "{:<{}}", l.name, w);
          } else {
            out += l.name;
          }
          break;
        case Column::p50:
        case Column::p99:
        case Column::max_latency: fmt::format_to(it, "{:>{}}", latency_usecs(l, cols[i]), w); break;
      }
    }
    out += '\n';
  };
  for (const Line& l : lines) {
    print_line(l);
  }
  dashes();
  print_line(total);
  return out;
}

}  // namespace cxtrace::stats
