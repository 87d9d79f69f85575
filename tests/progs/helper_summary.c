// Known numbers of calls for the -c summary tests (tests/e2e/summary.py).
//   helper_summary calls     10 getppid, 3 openat that fail (ENOENT), 2 getpid
//   helper_summary fork      the same in a child, then again in the parent after it exits
//   helper_summary sleep N   N rounds of 100 ms nanosleep and one getppid: runs N/10 s
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void known_calls(void) {
  for (int i = 0; i < 10; ++i) {
    syscall(SYS_getppid);
  }
  for (int i = 0; i < 3; ++i) {
    syscall(SYS_openat, AT_FDCWD, "/nonexistent/cxtrace-summary", O_RDONLY);
  }
  syscall(SYS_getpid);
  syscall(SYS_getpid);
}

int main(int argc, char** argv) {
  const char* mode = argc > 1 ? argv[1] : "calls";
  if (strcmp(mode, "calls") == 0) {
    known_calls();
  } else if (strcmp(mode, "fork") == 0) {
    pid_t pid = fork();
    if (pid == 0) {
      known_calls();
      _exit(0);
    }
    waitpid(pid, NULL, 0);
    known_calls();
  } else if (strcmp(mode, "sleep") == 0) {
    int rounds = argc > 2 ? atoi(argv[2]) : 15;
    struct timespec ts = {0, 100 * 1000 * 1000};
    for (int i = 0; i < rounds; ++i) {
      syscall(SYS_nanosleep, &ts, NULL);
      syscall(SYS_getppid);
    }
  } else {
    return 2;
  }
  return 0;
}
