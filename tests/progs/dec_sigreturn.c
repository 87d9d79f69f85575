// rt_sigreturn: the signal mask the kernel restores, read from the signal frame on the stack:
// `rt_sigreturn({mask=[USR2]}) = 0`; more than two thirds set prints the complement.
// cxtrace-args: -e trace=rt_sigreturn,getppid
// cxtrace-after: ^getppid\(
#define _GNU_SOURCE
#include <signal.h>

#include "dec_util.h"

static void handler(int sig) { (void)sig; }

static void raise_usr1(const char *mask) {
  int pid = getpid();
  syscall(SYS_tgkill, pid, pid, SIGUSR1);
  expect_line("--- SIGUSR1 {si_signo=SIGUSR1, si_code=SI_TKILL, si_pid=%d, si_uid=%d} ---", pid,
              (int)getuid());
  expect_call("0", "rt_sigreturn({mask=%s})", mask);
}

int main(void) {
  struct sigaction sa = {0};
  sa.sa_handler = handler;
  CHECK(sigaction(SIGUSR1, &sa, NULL) == 0);
  start_marker();

  sigset_t set;
  sigemptyset(&set);
  CHECK(sigprocmask(SIG_SETMASK, &set, NULL) == 0);
  raise_usr1("[]");

  sigaddset(&set, SIGUSR2);
  sigaddset(&set, SIGTERM);
  CHECK(sigprocmask(SIG_SETMASK, &set, NULL) == 0);
  raise_usr1("[USR2 TERM]");

  sigfillset(&set);
  sigdelset(&set, SIGUSR1);
  CHECK(sigprocmask(SIG_SETMASK, &set, NULL) == 0);
  raise_usr1("~[KILL USR1 STOP RTMIN RT_1]");

  sigemptyset(&set);
  sigaddset(&set, SIGRTMIN + 2);
  sigaddset(&set, SIGRTMAX);
  CHECK(sigprocmask(SIG_SETMASK, &set, NULL) == 0);
  raise_usr1("[RT_4 RT_32]");

  expect_line("+++ exited with 0 +++");
  return 0;
}
