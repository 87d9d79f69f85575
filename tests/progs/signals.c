// Signal-delivery stops print the siginfo and re-inject the signal: the handler runs exactly
// once per signal. An ignored signal is still queued for a traced process (the kernel lets the
// tracer see it first), so it prints a line and then does nothing; a blocked one is delivered,
// and printed, only when it is unblocked.
// cxtrace-args: -e trace=none
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "expect.h"

static volatile sig_atomic_t usr1_count;
static volatile sig_atomic_t usr2_count;

static void on_usr1(int sig) {
  (void)sig;
  ++usr1_count;
}

static void on_usr2(int sig) {
  (void)sig;
  ++usr2_count;
}

int main(void) {
  int pid = getpid();
  int uid = getuid();
  signal(SIGUSR1, on_usr1);
  signal(SIGUSR2, on_usr2);
  signal(SIGWINCH, SIG_IGN);

  CHECK(kill(pid, SIGUSR1) == 0);
  expect_line("--- SIGUSR1 {si_signo=SIGUSR1, si_code=SI_USER, si_pid=%d, si_uid=%d} ---", pid, uid);
  CHECK(usr1_count == 1);

  CHECK(syscall(SYS_tgkill, pid, pid, SIGUSR2) == 0);
  expect_line("--- SIGUSR2 {si_signo=SIGUSR2, si_code=SI_TKILL, si_pid=%d, si_uid=%d} ---", pid, uid);
  CHECK(usr2_count == 1);

  union sigval value;
  value.sival_ptr = (void *)42;
  CHECK(sigqueue(pid, SIGUSR1, value) == 0);
  expect_line("--- SIGUSR1 {si_signo=SIGUSR1, si_code=SI_QUEUE, si_pid=%d, si_uid=%d, si_int=42, "
              "si_ptr=0x2a} ---",
              pid, uid);
  CHECK(usr1_count == 2);

  CHECK(kill(pid, SIGWINCH) == 0);
  expect_line("--- SIGWINCH {si_signo=SIGWINCH, si_code=SI_USER, si_pid=%d, si_uid=%d} ---", pid, uid);

  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGUSR2);
  CHECK(sigprocmask(SIG_BLOCK, &set, NULL) == 0);
  CHECK(kill(pid, SIGUSR2) == 0);
  CHECK(usr2_count == 1);
  CHECK(sigprocmask(SIG_UNBLOCK, &set, NULL) == 0);
  expect_line("--- SIGUSR2 {si_signo=SIGUSR2, si_code=SI_USER, si_pid=%d, si_uid=%d} ---", pid, uid);
  CHECK(usr2_count == 2);

  expect_line("+++ exited with 0 +++");
  return 0;
}
