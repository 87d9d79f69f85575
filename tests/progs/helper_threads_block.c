// Scenario helper: a process of 1 + N threads (argv[1], default 3). The extra threads block in
// read() on an internal pipe; the main thread prints its pid and blocks in read() of stdin.
// Once stdin gives data it prints "read N", releases the threads, joins them, exits 0.
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static int release[2];

static void *worker(void *arg) {
  (void)arg;
  char c;
  ssize_t n = read(release[0], &c, 1);
  return (void *)(long)n;
}

int main(int argc, char **argv) {
  int n = argc > 1 ? atoi(argv[1]) : 3;
  pthread_t threads[64];
  if (n > 64 || pipe(release) != 0) {
    return 2;
  }
  for (int i = 0; i < n; ++i) {
    pthread_create(&threads[i], NULL, worker, NULL);
  }
  printf("%d\n", getpid());
  fflush(stdout);
  char buf[256];
  ssize_t got = read(0, buf, sizeof buf);
  printf("read %zd\n", got);
  fflush(stdout);
  for (int i = 0; i < n; ++i) {
    if (write(release[1], "x", 1) != 1) {
      return 3;
    }
  }
  int bad = 0;
  for (int i = 0; i < n; ++i) {
    void *r;
    pthread_join(threads[i], &r);
    bad += (long)r != 1;
  }
  return got > 0 && bad == 0 ? 0 : 1;
}
