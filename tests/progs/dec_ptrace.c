// ptrace: `addr` and `data` take the request's forms (struct user offsets, options, a signal,
// a register set), and what the kernel stores through `data` is shown at exit. The program
// traces a child of its own; SIGCHLD stays blocked so no signal line interleaves.
// cxtrace-args: -e trace=ptrace,getppid
// cxtrace-after: ^getppid\(
#define _GNU_SOURCE
#include <elf.h>
#include <signal.h>
#include <stddef.h>
#include <sys/ptrace.h>
#include <sys/uio.h>
#include <sys/user.h>
#include <sys/wait.h>

#include "dec_util.h"

// `[0x…]` for a word the kernel stored, `[NULL]` for zero (strace prints it as an address).
static const char *word_text(unsigned long w) {
  static char buf[32];
  if (w == 0) {
    return "[NULL]";
  }
  snprintf(buf, sizeof buf, "[%#lx]", w);
  return buf;
}

static volatile unsigned long cookie = 0x1122334455667788UL;

int main(void) {
  sigset_t chld;
  sigemptyset(&chld);
  sigaddset(&chld, SIGCHLD);
  CHECK(sigprocmask(SIG_BLOCK, &chld, NULL) == 0);
  const long nobody = 0x3fffffff;  // above any pid_max: ESRCH
  pid_t child = fork();
  CHECK(child >= 0);
  if (child == 0) {
    ptrace(PTRACE_TRACEME, 0, 0, 0);
    raise(SIGSTOP);
    _exit(0);
  }
  int status;
  CHECK(waitpid(child, &status, 0) == child && WIFSTOPPED(status));
  start_marker();

  long r = syscall(SYS_ptrace, PTRACE_TRACEME, 1L, 2L, 3L);
  expect_call(res(r), "ptrace(PTRACE_TRACEME)");

  unsigned long word = 0;
  r = syscall(SYS_ptrace, PTRACE_PEEKDATA, (long)child, &cookie, &word);
  CHECK(word == cookie);
  expect_call(res(r), "ptrace(PTRACE_PEEKDATA, %d, %p, %s)", child, (void *)&cookie, word_text(word));
  r = syscall(SYS_ptrace, PTRACE_PEEKUSER, (long)child, (long)offsetof(struct user, regs.rip), &word);
  expect_call(res(r), "ptrace(PTRACE_PEEKUSER, %d, 8*RIP, %s)", child, word_text(word));
  r = syscall(SYS_ptrace, PTRACE_PEEKUSER, (long)child, 8L * 21 + 8, &word);
  expect_call(res(r), "ptrace(PTRACE_PEEKUSER, %d, 8*SS+16, %s)", child, word_text(word));
  r = syscall(SYS_ptrace, PTRACE_PEEKUSER, (long)child, (long)offsetof(struct user, u_debugreg) + 8, &word);
  expect_call(res(r), "ptrace(PTRACE_PEEKUSER, %d, offsetof(struct user, u_debugreg)+8, %s)", child,
              word_text(word));
  r = syscall(SYS_ptrace, PTRACE_PEEKUSER, (long)child, 8L * 200, &word);
  expect_call(res(r), "ptrace(PTRACE_PEEKUSER, %d, 0x640, %p)", child, (void *)&word);

  r = syscall(SYS_ptrace, PTRACE_SETOPTIONS, (long)child, 0L,
              (long)(PTRACE_O_TRACESYSGOOD | PTRACE_O_EXITKILL));
  expect_call(res(r), "ptrace(PTRACE_SETOPTIONS, %d, NULL, PTRACE_O_TRACESYSGOOD|PTRACE_O_EXITKILL)", child);
  unsigned long msg = 99;
  r = syscall(SYS_ptrace, PTRACE_GETEVENTMSG, (long)child, 0L, &msg);
  expect_call(res(r), "ptrace(PTRACE_GETEVENTMSG, %d, NULL, [%lu])", child, msg);
  siginfo_t si;
  r = syscall(SYS_ptrace, PTRACE_GETSIGINFO, (long)child, 0L, &si);
  CHECK(si.si_signo == SIGSTOP);
  expect_call(res(r), "ptrace(PTRACE_GETSIGINFO, %d, NULL, {si_signo=SIGSTOP, si_code=SI_TKILL, si_pid=%d, "
              "si_uid=%d})", child, child, (int)getuid());
  uint64_t mask = 0;
  r = syscall(SYS_ptrace, PTRACE_GETSIGMASK, (long)child, 8L, &mask);
  expect_call(res(r), "ptrace(PTRACE_GETSIGMASK, %d, 8, [CHLD])", child);
  struct user_regs_struct regs;
  struct iovec iov = {&regs, sizeof regs};
  r = syscall(SYS_ptrace, PTRACE_GETREGSET, (long)child, (long)NT_PRSTATUS, &iov);
  {
    static const char *const names[] = {"r15", "r14", "r13", "r12", "rbp", "rbx", "r11",
                                        "r10", "r9", "r8", "rax", "rcx", "rdx", "rsi",
                                        "rdi", "orig_rax", "rip", "cs", "eflags", "rsp", "ss",
                                        "fs_base", "gs_base", "ds", "es", "fs", "gs"};
    const unsigned long long *v = (const unsigned long long *)&regs;
    char text[2048];
    int n = 0;
    for (int i = 0; i < 27; ++i) {
      n += snprintf(text + n, sizeof text - n, "%s%s=%#llx", i ? ", " : "", names[i], v[i]);
    }
    expect_call(res(r), "ptrace(PTRACE_GETREGSET, %d, NT_PRSTATUS, {iov_base={%s}, iov_len=%zu})", child,
                text, iov.iov_len);
  }
  iov.iov_len = 0;
  r = syscall(SYS_ptrace, PTRACE_GETREGSET, (long)child, (long)NT_PRSTATUS, &iov);
  expect_call(res(r), "ptrace(PTRACE_GETREGSET, %d, NT_PRSTATUS, {iov_base=%p, iov_len=0})", child,
              (void *)&regs);
  iov.iov_len = 12;
  r = syscall(SYS_ptrace, PTRACE_GETREGSET, (long)child, (long)NT_PRSTATUS, &iov);
  expect_call(res(r), "ptrace(PTRACE_GETREGSET, %d, NT_PRSTATUS, {iov_base=%p, iov_len=12})", child,
              (void *)&regs);
  regs.r15 = 0x37f;
  regs.r14 = 0;
  iov.iov_len = 16;
  r = syscall(SYS_ptrace, PTRACE_SETREGSET, nobody, (long)NT_PRSTATUS, &iov);
  expect_call(res(r), "ptrace(PTRACE_SETREGSET, %ld, NT_PRSTATUS, {iov_base={r15=0x37f, r14=0}, iov_len=16})",
              nobody);

  r = syscall(SYS_ptrace, PTRACE_KILL, (long)child, 1L, 2L);
  expect_call(res(r), "ptrace(PTRACE_KILL, %d)", child);
  CHECK(waitpid(child, &status, 0) == child);

  r = syscall(SYS_ptrace, PTRACE_CONT, nobody, 0L, (long)SIGUSR1);
  expect_call(res(r), "ptrace(PTRACE_CONT, %ld, NULL, SIGUSR1)", nobody);
  r = syscall(SYS_ptrace, PTRACE_ATTACH, nobody, 1L, 2L);
  expect_call(res(r), "ptrace(PTRACE_ATTACH, %ld)", nobody);
  r = syscall(SYS_ptrace, PTRACE_PEEKTEXT, nobody, 0x1000L, &word);
  expect_call(res(r), "ptrace(PTRACE_PEEKTEXT, %ld, 0x1000, %p)", nobody, (void *)&word);
  r = syscall(SYS_ptrace, PTRACE_SEIZE, nobody, 0L, 0L);
  expect_call(res(r), "ptrace(PTRACE_SEIZE, %ld, NULL, 0)", nobody);
  r = syscall(SYS_ptrace, PTRACE_DETACH, nobody, 0L, 0L);
  expect_call(res(r), "ptrace(PTRACE_DETACH, %ld, NULL, 0)", nobody);
  r = syscall(SYS_ptrace, 0x9999, nobody, 1L, 2L);
  expect_call(res(r), "ptrace(0x9999 /* PTRACE_??? */, %ld, 0x1, 0x2)", nobody);

  expect_line("+++ exited with 0 +++");
  return 0;
}
