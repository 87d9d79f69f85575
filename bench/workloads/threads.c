// Benchmark workload: 8 threads, each making N cheap syscalls (argv[1]; the default makes an
// untraced run last about 0.1 s on a current x86_64 machine), alternately getppid() and a
// one-byte write() to /dev/null. It measures how a tracer copes with many tracees stopping
// at once: with -f every thread is traced, and the stops of all eight interleave.
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

enum { kThreads = 8, kDefaultCalls = 40000 };

static long calls = kDefaultCalls;
static int devnull = -1;

static void *worker(void *arg) {
  (void)arg;
  long failed = 0;
  for (long i = 0; i < calls; ++i) {
    if (i % 2 == 0) {
      // Through syscall(): no libc may answer getppid() from a cache.
      syscall(SYS_getppid);
    } else if (write(devnull, "x", 1) != 1) {
      ++failed;
    }
  }
  return (void *)failed;
}

int main(int argc, char **argv) {
  if (argc > 1) {
    calls = strtol(argv[1], NULL, 10);
  }
  devnull = open("/dev/null", O_WRONLY | O_CLOEXEC);
  if (calls < 0 || devnull < 0) {
    fprintf(stderr, "usage: threads [CALLS_PER_THREAD]\n");
    return 2;
  }
  pthread_t threads[kThreads];
  for (int i = 0; i < kThreads; ++i) {
    if (pthread_create(&threads[i], NULL, worker, NULL) != 0) {
      fprintf(stderr, "threads: cannot create thread %d\n", i);
      return 1;
    }
  }
  long failed = 0;
  for (int i = 0; i < kThreads; ++i) {
    void *r;
    pthread_join(threads[i], &r);
    failed += (long)r;
  }
  return failed == 0 ? 0 : 1;
}
