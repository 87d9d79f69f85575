// Torture helper: a program under tight resource limits, or hiding its /proc entries.
//   torture_limits stack     recurses (1 KiB a frame) until the stack limit stops it; the
//                            SIGSEGV is caught on an alternate stack: prints "stack overflow
//                            caught" and exits 0.
//   torture_limits nofile    opens /dev/null until that fails, then tries pipe(2) too; prints
//                            "opened N, then EMFILE; pipe EMFILE" (N depends on RLIMIT_NOFILE).
//   torture_limits nodump    makes itself non-dumpable (its /proc/PID entries become root's,
//                            its memory unreadable to an unprivileged tracer), then opens a
//                            missing file and writes a line; prints "nodump ok".
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

static void on_segv(int sig) {
  (void)sig;
  static const char msg[] = "stack overflow caught\n";
  if (write(1, msg, sizeof msg - 1) < 0) {
    _exit(4);
  }
  _exit(0);
}

static volatile long sink;

static long recurse(long depth) {
  volatile char frame[1024];
  frame[0] = (char)depth;
  frame[sizeof frame - 1] = (char)depth;
  if (depth % 64 == 0) {
    getppid();  // a syscall now and then, deep in the stack
  }
  sink += frame[0];
  if (depth > (1L << 40)) {
    return 0;  // never reached: the stack runs out long before
  }
  return recurse(depth + 1) + frame[sizeof frame - 1];
}

int main(int argc, char **argv) {
  const char *mode = argc > 1 ? argv[1] : "";
  if (strcmp(mode, "stack") == 0) {
    static char alt[64 * 1024];
    stack_t ss = {.ss_sp = alt, .ss_size = sizeof alt, .ss_flags = 0};
    sigaltstack(&ss, NULL);
    struct sigaction sa = {0};
    sa.sa_handler = on_segv;
    sa.sa_flags = SA_ONSTACK;
    sigaction(SIGSEGV, &sa, NULL);
    return (int)recurse(1);
  }
  if (strcmp(mode, "nofile") == 0) {
    int n = 0;
    while (open("/dev/null", O_RDONLY) >= 0) {
      ++n;
    }
    int open_errno = errno;
    int fds[2];
    int p = pipe(fds);
    int pipe_errno = errno;
    printf("opened %d, then %s; pipe %s\n", n, open_errno == EMFILE ? "EMFILE" : strerror(open_errno),
           p == 0 ? "ok" : pipe_errno == EMFILE ? "EMFILE" : strerror(pipe_errno));
    return 0;
  }
  if (strcmp(mode, "nodump") == 0) {
    if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0) {
      return 3;
    }
    int fd = open("/nonexistent/cxtrace-nodump", O_RDONLY);
    if (fd >= 0 || errno != ENOENT) {
      return 4;
    }
    printf("nodump ok\n");
    return 0;
  }
  fprintf(stderr, "usage: torture_limits stack|nofile|nodump\n");
  return 2;
}
