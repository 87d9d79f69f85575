// bare_tracer: the least work a ptrace tracer can do and still be a syscall tracer. It starts
// the program the way cxtrace does (the child stops itself, the parent seizes it), stops it at
// every syscall entry and exit, fetches the syscall with PTRACE_GET_SYSCALL_INFO, decodes and
// prints nothing, and resumes it. Signals are passed on, group-stops are kept, and it exits
// with the program's status. bench/run.py divides cxtrace's time by this one's: what is left
// above 1.0 is what cxtrace spends on its own work (tables, decoding, filtering, output).
//
// It waits for stops as cxtrace does by default: polling (WNOHANG) for up to 50 microseconds
// before it sleeps in waitpid (cxtrace --busy-wait; see there why); -w USECS sets that time,
// -w 0 always sleeps. bench/run.py runs both with the same value.
//
// Usage: bare_tracer [-f] [-w USECS] PROG ARGS...   (-f: follow forks, vforks and threads)
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void die(const char *what) {
  fprintf(stderr, "bare_tracer: %s: %s\n", what, strerror(errno));
  exit(1);
}

static int is_stop_signal(int sig) {
  return sig == SIGSTOP || sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU;
}

// Fork the program stopped by its own SIGSTOP, before execvp, so that seizing it misses
// nothing of the program itself.
static pid_t spawn_stopped(char **argv) {
  pid_t pid = fork();
  if (pid < 0) {
    die("fork");
  }
  if (pid == 0) {
    kill(getpid(), SIGSTOP);
    execvp(argv[0], argv);
    fprintf(stderr, "bare_tracer: cannot run '%s': %s\n", argv[0], strerror(errno));
    _exit(127);
  }
  int status;
  while (waitpid(pid, &status, WUNTRACED) < 0) {
    if (errno != EINTR) {
      die("waitpid");
    }
  }
  if (!WIFSTOPPED(status)) {
    fprintf(stderr, "bare_tracer: the child ended before it could be traced\n");
    exit(1);
  }
  return pid;
}

static long long now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1000000000LL + t.tv_nsec;
}

// The next stop: polled for up to busy_wait_us, then waited for.
static pid_t wait_next(int *status, long busy_wait_us) {
  if (busy_wait_us > 0) {
    long long end = now_ns() + busy_wait_us * 1000LL;
    do {
      pid_t pid = waitpid(-1, status, __WALL | WNOHANG);
      if (pid != 0) {
        return pid;
      }
    } while (now_ns() < end);
  }
  return waitpid(-1, status, __WALL);
}

int main(int argc, char **argv) {
  int follow = 0;
  long busy_wait_us = 50;
  int first = 1;
  for (;;) {
    if (first < argc && strcmp(argv[first], "-f") == 0) {
      follow = 1;
      first += 1;
    } else if (first + 1 < argc && strcmp(argv[first], "-w") == 0) {
      busy_wait_us = atol(argv[first + 1]);
      first += 2;
    } else {
      break;
    }
  }
  if (first >= argc) {
    fprintf(stderr, "usage: bare_tracer [-f] [-w USECS] PROG ARGS...\n");
    return 1;
  }

  pid_t leader = spawn_stopped(argv + first);
  long options = PTRACE_O_TRACESYSGOOD | PTRACE_O_EXITKILL;
  if (follow) {
    options |= PTRACE_O_TRACEFORK | PTRACE_O_TRACEVFORK | PTRACE_O_TRACECLONE;
  }
  if (ptrace(PTRACE_SEIZE, leader, 0L, options) != 0) {
    int e = errno;
    kill(leader, SIGKILL);
    errno = e;
    die("PTRACE_SEIZE");
  }
  // Ends the child's own group-stop. The seized child reports a PTRACE_EVENT_STOP first,
  // then the SIGCONT as an ordinary signal-delivery stop; the loop handles both.
  kill(leader, SIGCONT);

  // The fetched record goes nowhere; it lives outside the loop so that the call is the
  // whole cost, as it is in a tracer that reads and then filters the syscall.
  static struct __ptrace_syscall_info info;
  int exit_status = 0;
  int killed_by = 0;
  for (;;) {
    int status;
    pid_t pid = wait_next(&status, busy_wait_us);
    if (pid < 0) {
      if (errno == EINTR) {
        continue;
      }
      if (errno == ECHILD) {
        break;
      }
      die("waitpid");
    }
    if (WIFEXITED(status) || WIFSIGNALED(status)) {
      if (pid == leader) {
        exit_status = WIFEXITED(status) ? WEXITSTATUS(status) : 0;
        killed_by = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
      }
      continue;
    }
    if (!WIFSTOPPED(status)) {
      continue;
    }
    int sig = WSTOPSIG(status);
    int event = status >> 16;
    int inject = 0;
    if (sig == (SIGTRAP | 0x80)) {
      ptrace(PTRACE_GET_SYSCALL_INFO, pid, (void *)sizeof info, &info);
    } else if (event == PTRACE_EVENT_STOP) {
      // A group-stop: stay stopped until a SIGCONT, without being resumed by us. Any other
      // event stop (a new child's first stop, a notification after SIGCONT) just resumes.
      if (is_stop_signal(sig)) {
        ptrace(PTRACE_LISTEN, pid, 0L, 0L);
        continue;
      }
    } else if (event == 0) {
      inject = sig;  // a signal on its way to the program: deliver it
    }
    // Fork, vfork and clone events resume the parent; the new child reports on its own.
    // ESRCH means the tracee was killed meanwhile; its exit comes through waitpid.
    ptrace(PTRACE_SYSCALL, pid, 0L, (long)inject);
  }

  if (killed_by != 0) {
    // Die of the same signal, without a core file of our own.
    struct rlimit no_core = {0, 0};
    setrlimit(RLIMIT_CORE, &no_core);
    signal(killed_by, SIG_DFL);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, killed_by);
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    kill(getpid(), killed_by);
    return 128 + killed_by;
  }
  return exit_status;
}
