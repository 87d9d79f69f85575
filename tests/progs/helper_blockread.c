// Scenario helper: prints its pid, then blocks in one read(2) of stdin and reports what it
// returned ("read 5: hello" or "read -1: EINTR ..."). With argument "block-usr2" it first blocks
// SIGUSR2 and at the end reports whether one is pending, so a test can check that a signal sent
// while it was traced survives the detach. Exit status 0 when read returned data.
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv) {
  int block_usr2 = argc > 1 && strcmp(argv[1], "block-usr2") == 0;
  if (block_usr2) {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR2);
    sigprocmask(SIG_BLOCK, &set, NULL);
  }
  printf("%d\n", getpid());
  fflush(stdout);
  char buf[256];
  ssize_t n = read(0, buf, sizeof buf - 1);
  int saved = errno;
  if (n >= 0) {
    buf[n] = '\0';
    printf("read %zd: %s\n", n, buf);
  } else {
    printf("read -1: %s %s\n", strerror(saved), saved == EINTR ? "EINTR" : "");
  }
  if (block_usr2) {
    sigset_t pending;
    sigpending(&pending);
    printf("SIGUSR2 pending: %s\n", sigismember(&pending, SIGUSR2) ? "yes" : "no");
  }
  return n > 0 ? 0 : 1;
}
