#include "trace/ptrace.h"

#include <cerrno>

namespace cxtrace::trace {

namespace {

long call(int request, Pid pid, void* addr, void* data) {
  return ptrace(static_cast<__ptrace_request>(request), pid.value, addr, data);
}

long call_int(int request, Pid pid, uintptr_t addr, uintptr_t data) {
  return call(request, pid, reinterpret_cast<void*>(addr), reinterpret_cast<void*>(data));
}

}  // namespace

unsigned trace_options(bool follow, bool kill_on_exit, bool seccomp) {
  unsigned o = PTRACE_O_TRACESYSGOOD | PTRACE_O_TRACEEXEC | PTRACE_O_TRACEEXIT;
  if (follow) {
    o |= PTRACE_O_TRACEFORK | PTRACE_O_TRACEVFORK | PTRACE_O_TRACECLONE;
  }
  if (kill_on_exit) {
    o |= PTRACE_O_EXITKILL;
  }
  if (seccomp) {
    o |= PTRACE_O_TRACESECCOMP;
  }
  return o;
}

bool seize(Pid pid, unsigned options) { return call_int(PTRACE_SEIZE, pid, 0, options) == 0; }
bool interrupt(Pid pid) { return call_int(PTRACE_INTERRUPT, pid, 0, 0) == 0; }
bool resume_syscall(Pid pid, int sig) { return call_int(PTRACE_SYSCALL, pid, 0, sig) == 0; }
bool resume_cont(Pid pid, int sig) { return call_int(PTRACE_CONT, pid, 0, sig) == 0; }
bool listen(Pid pid) { return call_int(PTRACE_LISTEN, pid, 0, 0) == 0; }
bool detach(Pid pid, int sig) { return call_int(PTRACE_DETACH, pid, 0, sig) == 0; }

bool syscall_info(Pid pid, SyscallInfo& info) {
  return call(PTRACE_GET_SYSCALL_INFO, pid, reinterpret_cast<void*>(sizeof info), &info) > 0;
}

bool siginfo(Pid pid, siginfo_t& info) { return call(PTRACE_GETSIGINFO, pid, nullptr, &info) == 0; }

bool event_msg(Pid pid, unsigned long& msg) {
  return call(PTRACE_GETEVENTMSG, pid, nullptr, &msg) == 0;
}

bool regs(Pid pid, user_regs_struct& r) { return call(PTRACE_GETREGS, pid, nullptr, &r) == 0; }

bool poke_user(Pid pid, size_t offset, uint64_t value) {
  return call_int(PTRACE_POKEUSER, pid, offset, value) == 0;
}

bool peek(Pid pid, uint64_t addr, uint64_t& word) {
  errno = 0;
  long v = call(PTRACE_PEEKDATA, pid, reinterpret_cast<void*>(addr), nullptr);
  if (v == -1 && errno != 0) {
    return false;
  }
  word = static_cast<uint64_t>(v);
  return true;
}

}  // namespace cxtrace::trace
