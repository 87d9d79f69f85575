#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "stats/latency_histogram.h"
#include "stats/summary.h"
#include "table/syscall_table.h"

using namespace cxtrace;
using stats::Column;

namespace {

uint64_t nr(const char* name) {
  const table::SyscallDesc* d = table::by_name(name);
  REQUIRE(d != nullptr);
  return static_cast<uint64_t>(d->nr);
}

// 10 getppid of 1.5 us, 5 openat of which 3 failed: 19 us in all.
stats::Summary sample(stats::SummaryOptions opts) {
  stats::Summary s(std::move(opts));
  for (int i = 0; i < 10; ++i) {
    s.add(nr("getppid"), false, 1500, 1500);
  }
  for (int i = 0; i < 3; ++i) {
    s.add(nr("openat"), true, 5000, 5000);
  }
  s.add(nr("openat"), false, 2000, 2000);
  s.add(nr("openat"), false, 2000, 2000);
  return s;
}

}  // namespace

TEST_CASE("summary: strace's default table") {
  stats::SummaryOptions o;
  CHECK(sample(o).table() ==
        "% time     seconds  usecs/call     calls    errors syscall\n"
        "------ ----------- ----------- --------- --------- ----------------\n"
        " 55.88    0.000019           3         5         3 openat\n"
        " 44.12    0.000015           1        10           getppid\n"
        "------ ----------- ----------- --------- --------- ----------------\n"
        "100.00    0.000034           2        15         3 total\n");
}

TEST_CASE("summary: nothing counted prints nothing") {
  stats::Summary s{stats::SummaryOptions{}};
  CHECK(s.empty());
  CHECK(s.table().empty());
}

TEST_CASE("summary: sort orders, ties in syscall-number order") {
  stats::SummaryOptions o;
  o.columns = {Column::calls, Column::name};
  o.sort = stats::SortKey::name;
  std::string t = sample(o).table();
  CHECK(t.find("getppid") < t.find("openat"));
  o.sort = stats::SortKey::errors;
  t = sample(o).table();
  CHECK(t.find("openat") < t.find("getppid"));
  o.sort = stats::SortKey::none;  // getppid (110) before openat (257)
  t = sample(o).table();
  CHECK(t.find("getppid") < t.find("openat"));
}

TEST_CASE("summary: -U columns, the name not last, min and max") {
  stats::SummaryOptions o;
  std::string err;
  auto cols = stats::parse_columns("name,min-time,longest,errors", err);
  REQUIRE(cols);
  o.columns = *cols;
  CHECK(sample(o).table() ==
        "syscall          shortest  longest    errors\n"
        "---------------- -------- -------- ---------\n"
        "openat           0.000002 0.000005         3\n"
        "getppid          0.000002 0.000002          \n"
        "---------------- -------- -------- ---------\n"
        "total            0.000002 0.000005         3\n");
}

TEST_CASE("summary: column and sort names as strace spells them") {
  std::string err;
  auto cols = stats::parse_columns("calls", err);
  REQUIRE(cols);
  CHECK(*cols == std::vector<Column>{Column::calls, Column::name});
  CHECK_FALSE(stats::parse_columns("calls,count", err));
  CHECK(err.find("more than once") != std::string::npos);
  CHECK_FALSE(stats::parse_columns("min", err));
  CHECK(err.find("'min'") != std::string::npos);
  CHECK_FALSE(stats::parse_columns("calls,", err));
  CHECK(stats::parse_sort_key("nothing", err) == stats::SortKey::none);
  CHECK(stats::parse_sort_key("count", err) == stats::SortKey::calls);
  CHECK(stats::parse_sort_key("shortest", err) == stats::SortKey::min_time);
  CHECK_FALSE(stats::parse_sort_key("bogus", err));
}

TEST_CASE("summary: latency columns before the name") {
  stats::SummaryOptions o;
  o.latency = true;
  o.columns = {Column::calls, Column::name};
  CHECK(sample(o).table() ==
        "    calls   p50-usecs   p99-usecs   max-usecs syscall\n"
        "--------- ----------- ----------- ----------- ----------------\n"
        "        5           5           5           5 openat\n"
        "       10           1           1           1 getppid\n"
        "--------- ----------- ----------- ----------- ----------------\n"
        "       15           1           5           5 total\n");
}

TEST_CASE("latency histogram: buckets tile the line") {
  using H = stats::LatencyHistogram;
  const std::vector<uint64_t> values{0,    1,         31, 32, 63, 64, 65, 1000, 123456789,
                                     (uint64_t{1} << 40) + 12345, UINT64_MAX};
  for (uint64_t v : values) {
    size_t i = H::index_of(v);
    CHECK(H::lower_bound_of(i) <= v);
    CHECK(v - H::lower_bound_of(i) < H::width_of(i));
  }
  for (size_t i = 0; i + 1 < H::index_of(UINT64_MAX); ++i) {
    CHECK(H::lower_bound_of(i) + H::width_of(i) == H::lower_bound_of(i + 1));
  }
}

TEST_CASE("latency histogram: percentiles within 1/64 of exact") {
  std::mt19937_64 rng(42);
  std::lognormal_distribution<double> dist(10.0, 2.0);  // ns: tens of ns to seconds
  std::vector<uint64_t> xs;
  stats::LatencyHistogram h;
  for (int i = 0; i < 100000; ++i) {
    auto v = static_cast<uint64_t>(dist(rng));
    xs.push_back(v);
    h.add(v);
  }
  std::sort(xs.begin(), xs.end());
  for (double q : {0.01, 0.5, 0.9, 0.99, 0.999, 1.0}) {
    auto rank = static_cast<size_t>(std::ceil(q * static_cast<double>(xs.size())));
    double exact = static_cast<double>(xs[rank - 1]);
    double got = static_cast<double>(h.quantile(q));
    CHECK(std::abs(got - exact) <= exact / 64 + 1);
  }
  CHECK(h.max() == xs.back());
  CHECK(h.count() == xs.size());
}
