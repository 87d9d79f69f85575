#include <catch2/catch.hpp>

#include "filter/pattern.h"
#include "filter/syscall_set.h"
#include "table/syscall_table.h"

using namespace cxtrace;
using filter::Condition;

namespace {

uint64_t nr(const char* name) {
  const table::SyscallDesc* d = table::by_name(name);
  REQUIRE(d != nullptr);
  return static_cast<uint64_t>(d->nr);
}

// A finished call with every argument raw and the given result.
decode::Record call(const char* name, std::initializer_list<uint64_t> args, int64_t rv) {
  decode::Record r;
  arch::RawSyscall raw;
  raw.nr = nr(name);
  int i = 0;
  for (uint64_t a : args) {
    raw.args[i++] = a;
  }
  r.reset(raw, table::by_number(raw.nr));
  for (int k = 0; k < i; ++k) {
    r.begin_arg();
    r.vals.hex(raw.args[k]);
    r.end_arg();
  }
  r.rval = rv;
  r.is_error = rv < 0 && rv > -4096;
  r.has_exit = true;
  return r;
}

bool holds(const char* pattern, const decode::Record& r) {
  std::string err;
  auto p = filter::parse_pattern(pattern, err);
  INFO(err);
  REQUIRE(p.has_value());
  std::string scratch;
  return p->names.contains(r.raw.nr) && filter::conditions_hold(*p, r, {}, scratch);
}

}  // namespace

TEST_CASE("syscall lists: names, negation, classes, regex, optional names") {
  std::string err;
  auto s = filter::parse_syscall_list("open,close", err);
  REQUIRE(s);
  CHECK(s->contains(nr("close")));
  CHECK_FALSE(s->contains(nr("read")));
  auto neg = filter::parse_syscall_list("!close", err);
  REQUIRE(neg);
  CHECK_FALSE(neg->contains(nr("close")));
  CHECK(neg->contains(nr("read")));
  auto net = filter::parse_syscall_list("%net", err);
  REQUIRE(net);
  CHECK(net->contains(nr("connect")));
  CHECK_FALSE(net->contains(nr("read")));
  auto re = filter::parse_syscall_list("/^getu?id$", err);
  REQUIRE(re);
  CHECK(re->contains(nr("getuid")));
  CHECK(re->contains(nr("getpid")) == false);
  CHECK(filter::parse_syscall_list("?nosuchcall,close", err).has_value());
  CHECK_FALSE(filter::parse_syscall_list("opne", err).has_value());
  CHECK(err == "invalid system call 'opne' (did you mean 'open'?)");
  CHECK_FALSE(filter::parse_syscall_list("%bogus", err).has_value());
}

TEST_CASE("a pattern's plain name covers its family") {
  std::string err;
  auto p = filter::parse_pattern("open", err);
  REQUIRE(p);
  CHECK(p->names.contains(nr("openat")));
  CHECK(p->names.contains(nr("open")));
  CHECK_FALSE(p->names.contains(nr("close")));
}

TEST_CASE("conditions on numbers, flags, results and errors") {
  auto r = call("read", {0, 0x1000, 10}, 3);
  CHECK(holds("read:fd=0", r));
  CHECK(holds("read:arg1=0", r));
  CHECK_FALSE(holds("read:fd=1", r));
  CHECK(holds("read:fd<1,count>=10", r));
  CHECK(holds("read:ret=3", r));
  auto o = call("openat", {static_cast<uint64_t>(-100), 0x1000, 0101, 0644}, -2);
  CHECK(holds("openat:flags&O_CREAT", o));
  CHECK(holds("openat:dirfd=AT_FDCWD", o));
  CHECK(holds("openat:errno=ENOENT,ret=-1", o));
  CHECK_FALSE(holds("openat:ret>=0", o));
  CHECK(holds("%file:errno=ENOENT", o));
}

TEST_CASE("bad patterns are errors that say where") {
  std::string err;
  CHECK_FALSE(filter::parse_pattern("openat:flagz&O_CREAT", err));
  CHECK(err.find("unknown key 'flagz' at position 8") != std::string::npos);
  CHECK_FALSE(filter::parse_pattern("read:fd=NOT_A_SYMBOL", err));
  CHECK_FALSE(filter::parse_pattern("read:(", err));
  CHECK(err.find("invalid regular expression") != std::string::npos);
  CHECK_FALSE(filter::parse_pattern("opn:/tmp", err));
  CHECK(err.find("did you mean 'open'") != std::string::npos);
}
