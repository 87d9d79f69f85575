// Scenario helper: sends itself SIGUSR1 N times (argv[1], default 5) and reports how many
// times its handler ran. Under a tracer that re-injects signals the two numbers agree.
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static volatile sig_atomic_t count;

static void on_usr1(int sig) {
  (void)sig;
  ++count;
}

int main(int argc, char **argv) {
  int n = argc > 1 ? atoi(argv[1]) : 5;
  struct sigaction sa = {0};
  sa.sa_handler = on_usr1;
  sigaction(SIGUSR1, &sa, NULL);
  for (int i = 0; i < n; ++i) {
    kill(getpid(), SIGUSR1);
  }
  printf("pid=%d sent=%d handled=%d\n", getpid(), n, (int)count);
  return count == n ? 0 : 1;
}
