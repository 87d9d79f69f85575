// restart_syscall: a poll stopped by SIGSTOP and continued is resumed by the kernel through
// restart_syscall, which strace names after the call it resumes:
// `restart_syscall(<... resuming interrupted poll ...>) = 0`. A child of the program sends
// the signals once the program sleeps in poll; SIGCHLD stays blocked.
// cxtrace-args: -e trace=poll,restart_syscall,getppid
// cxtrace-after: ^getppid\(
// cxtrace-timeout: 30
#define _GNU_SOURCE
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>

#include "dec_util.h"

// The first field of /proc/PID/stat's state, or of /proc/PID/syscall.
static int proc_field(pid_t pid, const char *file, char *buf, size_t size) {
  char path[64];
  snprintf(path, sizeof path, "/proc/%d/%s", pid, file);
  FILE *f = fopen(path, "r");
  if (f == NULL) {
    return 0;
  }
  size_t n = fread(buf, 1, size - 1, f);
  fclose(f);
  buf[n] = '\0';
  return 1;
}

static char state_of(pid_t pid) {
  char buf[512];
  if (!proc_field(pid, "stat", buf, sizeof buf)) {
    return '?';
  }
  char *p = strrchr(buf, ')');
  return p != NULL && p[1] == ' ' ? p[2] : '?';
}

static void nap(long ms) {
  struct timespec ts = {ms / 1000, (ms % 1000) * 1000000};
  nanosleep(&ts, NULL);
}

static void signaller(pid_t parent) {
  char buf[256];
  // Wait until the parent sleeps inside poll (syscall 7), then stop and continue it.
  for (int i = 0; i < 1000; ++i) {
    if (state_of(parent) == 'S' && proc_field(parent, "syscall", buf, sizeof buf) &&
        strncmp(buf, "7 ", 2) == 0) {
      break;
    }
    nap(5);
  }
  nap(50);
  kill(parent, SIGSTOP);
  for (int i = 0; i < 1000 && state_of(parent) != 't' && state_of(parent) != 'T'; ++i) {
    nap(5);
  }
  nap(50);
  kill(parent, SIGCONT);
  _exit(0);
}

int main(void) {
  sigset_t chld;
  sigemptyset(&chld);
  sigaddset(&chld, SIGCHLD);
  CHECK(sigprocmask(SIG_BLOCK, &chld, NULL) == 0);
  pid_t parent = getpid();
  pid_t child = fork();
  CHECK(child >= 0);
  if (child == 0) {
    signaller(parent);
  }
  start_marker();

  long r = syscall(SYS_poll, NULL, 0L, 1500L);
  CHECK(r == 0);
  int uid = (int)getuid();
  expect_call("? ERESTART_RESTARTBLOCK (Interrupted by signal)", "poll(NULL, 0, 1500)");
  expect_line("--- SIGSTOP {si_signo=SIGSTOP, si_code=SI_USER, si_pid=%d, si_uid=%d} ---", child, uid);
  expect_line("--- stopped by SIGSTOP ---");
  expect_line("--- SIGCONT {si_signo=SIGCONT, si_code=SI_USER, si_pid=%d, si_uid=%d} ---", child, uid);
  expect_call("0", "restart_syscall(<... resuming interrupted poll ...>)");
  CHECK(waitpid(child, NULL, 0) == child);

  expect_line("+++ exited with 0 +++");
  return 0;
}
