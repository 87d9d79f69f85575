#include <catch2/catch.hpp>

#include <cerrno>
#include <csignal>

#include "filter/inject.h"
#include "table/syscall_table.h"

using namespace cxtrace;
using filter::InjectAction;

namespace {

InjectAction actions(const char* text) {
  std::string error;
  std::optional<InjectAction> a = filter::parse_inject_actions(text, false, error);
  INFO(error);
  REQUIRE(a.has_value());
  return *a;
}

std::string refused(const char* spec, bool fault = false) {
  std::string error;
  CHECK_FALSE(filter::parse_inject(spec, fault, error).has_value());
  return error;
}

std::vector<uint64_t> firing(const InjectAction& a, uint64_t upto) {
  std::vector<uint64_t> out;
  for (uint64_t n = 1; n <= upto; ++n) {
    if (a.fires(n)) {
      out.push_back(n);
    }
  }
  return out;
}

}  // namespace

TEST_CASE("when= selects invocations as strace counts them", "[inject]") {
  using V = std::vector<uint64_t>;
  CHECK(firing(actions("error=EPERM"), 4) == V{1, 2, 3, 4});
  CHECK(firing(actions("error=EPERM:when=3"), 6) == V{3});
  CHECK(firing(actions("error=EPERM:when=3+"), 6) == V{3, 4, 5, 6});
  CHECK(firing(actions("error=EPERM:when=2+3"), 10) == V{2, 5, 8});
  CHECK(firing(actions("error=EPERM:when=2..4"), 6) == V{2, 3, 4});
  CHECK(firing(actions("error=EPERM:when=2..4+"), 6) == V{2, 3, 4});
  CHECK(firing(actions("error=EPERM:when=3..9+3"), 12) == V{3, 6, 9});
  CHECK(firing(actions("error=EPERM:when=1:when=2"), 3) == V{2});  // the last when= counts
  for (const char* bad : {"0", "65536", "1..65535", "5..3", "2..", "..2", "1+0", "1+65536", "x",
                          "2+1..3", ""}) {
    INFO(bad);
    refused((std::string("chdir:error=EPERM:when=") + bad).c_str());
  }
}

TEST_CASE("inject actions and their combinations", "[inject]") {
  InjectAction a = actions("error=enoent");
  CHECK(a.result == InjectAction::Result::error);
  CHECK(a.error == ENOENT);
  CHECK(actions("error=4095").error == 4095);
  a = actions("retval=-1");
  CHECK(a.result == InjectAction::Result::retval);
  CHECK(a.retval == UINT64_MAX);
  CHECK(actions("retval=0x10").retval == 16);
  a = actions("signal=SIGUSR1");
  CHECK(a.result == InjectAction::Result::none);
  CHECK(a.signal == SIGUSR1);
  CHECK(actions("signal=9").signal == 9);
  a = actions("error=EPERM:syscall=getpid");
  CHECK(a.syscall == table::by_name("getpid")->nr);
  CHECK(actions("delay_enter=1.5s").delay_enter_ns == 1'500'000'000);
  CHECK(actions("delay_exit=250").delay_exit_ns == 250'000);
  CHECK(actions("delay_exit=3ms").delay_exit_ns == 3'000'000);
  CHECK(actions("delay_exit=7ns").delay_exit_ns == 7);

  std::string error;
  std::optional<filter::InjectRule> r = filter::parse_inject("open", true, error);
  REQUIRE(r.has_value());
  CHECK(r->action.error == ENOSYS);  // fault's default
  r = filter::parse_inject("open:error=EIO:syscall=gettid", true, error);
  REQUIRE(r.has_value());
  CHECK(r->action.error == EIO);

  CHECK(refused("chdir").find("nothing to inject") != std::string::npos);
  CHECK(refused("chdir:").find("nothing to inject") != std::string::npos);
  CHECK(refused("chdir:error=ENOPE").find("'ENOPE'") != std::string::npos);
  refused("chdir:error=0");
  refused("chdir:error=4096");
  CHECK(refused("chdir:error=EPERM:retval=1").find("only one") != std::string::npos);
  CHECK(refused("chdir:error=EPERM:error=EIO").find("only one") != std::string::npos);
  CHECK(refused("chdir:signal=1:signal=2").find("only one signal") != std::string::npos);
  refused("chdir:retval=x");
  refused("chdir:signal=0");
  CHECK(refused("chdir:syscall=getpid").find("needs error= or retval=") != std::string::npos);
  CHECK(refused("chdir:error=EPERM:syscall=write").find("%pure") != std::string::npos);
  refused("chdir:error=EPERM:syscall=nosuch");
  CHECK(refused("chdir:frob=1").find("unknown key 'frob'") != std::string::npos);
  CHECK(refused("chdir:poke_enter=@arg1=00").find("not supported") != std::string::npos);
  refused("chdir:delay_enter=-1");
  refused("chdir:delay_enter=1x");
  CHECK(refused("chdir:retval=1", true).find("fault") != std::string::npos);
  refused("chdir:signal=SIGUSR1", true);
  refused("chdir:delay_exit=1", true);
  CHECK(refused("nosuchcall:error=EPERM").find("nosuchcall") != std::string::npos);
}
