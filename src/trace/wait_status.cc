#include "trace/wait_status.h"

#include <signal.h>
#include <sys/ptrace.h>
#include <sys/wait.h>

namespace cxtrace::trace {

WaitStatus::Kind WaitStatus::kind() const {
  if (WIFEXITED(raw_)) {
    return Kind::exited;
  }
  if (WIFSIGNALED(raw_)) {
    return Kind::killed;
  }
  int event = ptrace_event();
  if (event == PTRACE_EVENT_STOP) {
    switch (stop_signal()) {
      case SIGSTOP:
      case SIGTSTP:
      case SIGTTIN:
      case SIGTTOU:
        return Kind::group_stop;
      default:
        return Kind::event_stop;
    }
  }
  if (event != 0) {
    return Kind::event_stop;
  }
  if (WSTOPSIG(raw_) == (SIGTRAP | 0x80)) {
    return Kind::syscall_stop;
  }
  return Kind::signal_stop;
}

int WaitStatus::exit_code() const { return WEXITSTATUS(raw_); }
int WaitStatus::fatal_signal() const { return WTERMSIG(raw_); }
bool WaitStatus::core_dumped() const { return WCOREDUMP(raw_); }
int WaitStatus::stop_signal() const { return WSTOPSIG(raw_) & 0x7f; }
int WaitStatus::ptrace_event() const { return WIFSTOPPED(raw_) ? (raw_ >> 16) & 0xff : 0; }

}  // namespace cxtrace::trace
