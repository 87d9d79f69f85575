// Torture helper: N threads (argv[1], default 200) alive at once, each making CALLS rounds
// (argv[2], default 10) of getppid() and an open/close of /dev/null, then exiting. The main
// thread waits at a barrier until every thread runs, joins them all and prints
// "joined N threads, F failed calls"; exit status 0 when every thread was created, ran and
// had no failed call.
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static pthread_barrier_t all_running;
static int calls = 10;

static void *worker(void *arg) {
  (void)arg;
  long failed = 0;
  pthread_barrier_wait(&all_running);
  for (int i = 0; i < calls; ++i) {
    failed += getppid() <= 0;
    int fd = open("/dev/null", O_RDONLY);
    failed += fd < 0 || close(fd) != 0;
  }
  return (void *)failed;
}

int main(int argc, char **argv) {
  int n = argc > 1 ? atoi(argv[1]) : 200;
  calls = argc > 2 ? atoi(argv[2]) : 10;
  if (n < 1 || n > 4096) {
    return 2;
  }
  pthread_t *threads = calloc((size_t)n, sizeof *threads);
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, 64 * 1024);
  pthread_barrier_init(&all_running, NULL, (unsigned)n + 1);
  for (int i = 0; i < n; ++i) {
    if (pthread_create(&threads[i], &attr, worker, NULL) != 0) {
      fprintf(stderr, "pthread_create %d failed\n", i);
      _exit(3);  // the barrier would wait forever
    }
  }
  pthread_barrier_wait(&all_running);
  long failed = 0;
  for (int i = 0; i < n; ++i) {
    void *r;
    if (pthread_join(threads[i], &r) != 0) {
      return 4;
    }
    failed += (long)r;
  }
  printf("joined %d threads, %ld failed calls\n", n, failed);
  return failed == 0 ? 0 : 1;
}
