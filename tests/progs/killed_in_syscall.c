// A process killed by SIGKILL while blocked in a syscall: the call ends in "= ?" and the exit
// line says "+++ killed by SIGKILL +++". A child (not traced: no -f) waits until the parent
// sleeps inside readv(), read from /proc, then kills it.
// cxtrace-args: -e raw=all -e trace=readv
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include "expect.h"

// True once `pid` sleeps (state S) inside syscall number `nr`.
static int blocked_in(int pid, long nr) {
  char path[64], buf[512];
  snprintf(path, sizeof path, "/proc/%d/stat", pid);
  FILE *f = fopen(path, "r");
  if (f == NULL) {
    return 0;
  }
  size_t n = fread(buf, 1, sizeof buf - 1, f);
  fclose(f);
  buf[n] = '\0';
  char *close_paren = strrchr(buf, ')');
  if (close_paren == NULL || close_paren[1] != ' ' || close_paren[2] != 'S') {
    return 0;
  }
  snprintf(path, sizeof path, "/proc/%d/syscall", pid);
  f = fopen(path, "r");
  if (f == NULL) {
    return 0;
  }
  long current = -2;
  int ok = fscanf(f, "%ld", &current) == 1;
  fclose(f);
  return ok && current == nr;
}

int main(void) {
  int fds[2];
  char byte;
  struct iovec iov = {&byte, 1};
  CHECK(pipe(fds) == 0);

  expect_call("?", "readv(%#lx, %#lx, %#lx)", X(fds[0]), X(&iov), X(1));
  expect_line("+++ killed by SIGKILL +++");

  int parent = getpid();
  if (fork() == 0) {
    for (int i = 0; i < 20000 && !blocked_in(parent, SYS_readv); ++i) {
      struct timespec ts = {0, 1000000};
      nanosleep(&ts, NULL);
    }
    kill(parent, SIGKILL);
    _exit(0);
  }
  syscall(SYS_readv, (long)fds[0], &iov, 1L);
  return 1;
}
