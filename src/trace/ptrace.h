// The only doorway to ptrace(2). Each wrapper says what it does in the tracer's terms and
// reports failure as a return value: a tracee can vanish at any moment (SIGKILL from
// outside), so ESRCH is an everyday event, never an exception.
#pragma once

#include <signal.h>
#include <sys/ptrace.h>
#include <sys/user.h>

#include <cstddef>
#include <cstdint>

#include "trace/pid.h"

namespace cxtrace::trace {

// The options every tracee gets. `kill_on_exit` adds PTRACE_O_EXITKILL (programs cxtrace
// started); `follow` adds fork/vfork/clone tracing.
unsigned trace_options(bool follow, bool kill_on_exit, bool seccomp);

bool seize(Pid pid, unsigned options);
bool interrupt(Pid pid);
bool resume_syscall(Pid pid, int sig);   // PTRACE_SYSCALL: stop at the next syscall entry/exit
bool resume_cont(Pid pid, int sig);      // PTRACE_CONT: run until a signal or event
bool listen(Pid pid);                    // PTRACE_LISTEN: stay in group-stop, report SIGCONT
bool detach(Pid pid, int sig);
using SyscallInfo = __ptrace_syscall_info;
bool syscall_info(Pid pid, SyscallInfo& info);
bool siginfo(Pid pid, siginfo_t& info);
bool event_msg(Pid pid, unsigned long& msg);
bool regs(Pid pid, user_regs_struct& regs);
// Writes one register of a stopped tracee, at its offset in user_regs_struct (fault
// injection: the syscall number at entry, the result at exit).
bool poke_user(Pid pid, size_t offset, uint64_t value);
// Reads one word of tracee memory (the last-resort memory path).
bool peek(Pid pid, uint64_t addr, uint64_t& word);

}  // namespace cxtrace::trace
