// Scenario helper for group stops.
//   helper_stop self      prints its pid, stops itself with SIGSTOP, prints "resumed" once
//                         continued, exits 0.
//   helper_stop progress  prints its pid, then "tick N" every 10 ms until stdin reaches EOF,
//                         then "done" and exits 0. A stopped process prints no ticks.
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  printf("%d\n", getpid());
  if (argc > 1 && strcmp(argv[1], "progress") == 0) {
    for (long tick = 0;; ++tick) {
      struct pollfd p = {0, POLLIN, 0};
      int r = poll(&p, 1, 10);
      if (r > 0) {
        char buf[256];
        if (read(0, buf, sizeof buf) <= 0) {
          break;
        }
      }
      printf("tick %ld\n", tick);
    }
    printf("done\n");
    return 0;
  }
  raise(SIGSTOP);
  printf("resumed\n");
  return 0;
}
