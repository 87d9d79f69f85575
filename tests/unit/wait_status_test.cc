#include <catch2/catch.hpp>

#include <signal.h>
#include <sys/ptrace.h>

#include "trace/wait_status.h"

using cxtrace::trace::WaitStatus;
using Kind = WaitStatus::Kind;

namespace {
// The status words the kernel builds (see wait(2) and ptrace(2)).
int stopped(int sig, int event = 0) { return 0x7f | (sig << 8) | (event << 16); }
}  // namespace

TEST_CASE("exits and deaths") {
  CHECK(WaitStatus(3 << 8).kind() == Kind::exited);
  CHECK(WaitStatus(3 << 8).exit_code() == 3);
  WaitStatus killed(SIGKILL);
  CHECK(killed.kind() == Kind::killed);
  CHECK(killed.fatal_signal() == SIGKILL);
  CHECK_FALSE(killed.core_dumped());
  CHECK(WaitStatus(SIGSEGV | 0x80).core_dumped());
}

TEST_CASE("the five kinds of ptrace stop") {
  CHECK(WaitStatus(stopped(SIGTRAP | 0x80)).kind() == Kind::syscall_stop);
  CHECK(WaitStatus(stopped(SIGUSR1)).kind() == Kind::signal_stop);
  CHECK(WaitStatus(stopped(SIGUSR1)).stop_signal() == SIGUSR1);
  CHECK(WaitStatus(stopped(SIGSTOP)).kind() == Kind::signal_stop);
  CHECK(WaitStatus(stopped(SIGSTOP, PTRACE_EVENT_STOP)).kind() == Kind::group_stop);
  CHECK(WaitStatus(stopped(SIGTSTP, PTRACE_EVENT_STOP)).kind() == Kind::group_stop);
  CHECK(WaitStatus(stopped(SIGTRAP, PTRACE_EVENT_STOP)).kind() == Kind::event_stop);
  WaitStatus fork_event(stopped(SIGTRAP, PTRACE_EVENT_FORK));
  CHECK(fork_event.kind() == Kind::event_stop);
  CHECK(fork_event.ptrace_event() == PTRACE_EVENT_FORK);
}
