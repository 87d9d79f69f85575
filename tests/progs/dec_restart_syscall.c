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

// The tracer's pid, from /proc/PID/status, or 0 when PID is not traced.
static pid_t tracer_of(pid_t pid) {
  char buf[4096];
  if (!proc_field(pid, "status", buf, sizeof buf)) {
    return 0;
  }
  char *p = strstr(buf, "TracerPid:");
  return p != NULL ? (pid_t)atoi(p + strlen("TracerPid:")) : 0;
}

// Whether the tracer's trace file (its descriptor on a file named "trace", as the test runner
// names it) already says `text`: the tracer has seen the stop and reported it.
static int trace_says(pid_t tracer, const char *text) {
  for (int fd = 0; fd < 64; ++fd) {
    char link[64], target[512];
    snprintf(link, sizeof link, "/proc/%d/fd/%d", tracer, fd);
    ssize_t n = readlink(link, target, sizeof target - 1);
    if (n <= 6) {
      continue;
    }
    target[n] = '\0';
    if (strcmp(target + n - 6, "/trace") != 0) {
      continue;
    }
    FILE *f = fopen(link, "r");
    if (f == NULL) {
      continue;
    }
    char line[512];
    int found = 0;
    while (!found && fgets(line, sizeof line, f) != NULL) {
      found = strstr(line, text) != NULL;
    }
    fclose(f);
    return found;
  }
  return 0;
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
  // SIGCONT only once the stop is complete: under a tracer, once it has reported the
  // group-stop (a SIGCONT sent during the signal-delivery-stop before it would race with the
  // tracer and resume the parent at a different point).
  pid_t tracer = tracer_of(parent);
  for (int i = 0; i < 2000; ++i) {
    if (tracer > 0 ? trace_says(tracer, "--- stopped by SIGSTOP ---") : state_of(parent) == 'T') {
      break;
    }
    nap(5);
  }
  nap(20);
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
