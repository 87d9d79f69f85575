// Torture helper: a busy multi-threaded process that checks its own work.
//   torture_busy THREADS [EXEC_AFTER_MS [CALLS]]
// Prints its pid, then THREADS workers each loop until told to stop: write a block derived
// from (thread, iteration) to a pipe of its own and read it back (a checksum over what was
// read, compared with the one over what was written), a blocking read that its partner
// thread ends, then one of the waits named in CALLS (a comma list of nanosleep, poll, futex,
// epoll; default nanosleep,poll,futex), each with a short timeout. Every call that fails with
// EINTR, or fails at all, is counted: untraced none does (no signal handler is installed).
// The main thread waits in read(2) of stdin; at EOF it stops the workers, joins them and
// prints "checksum ok|BAD eintr E errors F", then "eintr by call: ..." and "iterations N"
// (which varies from run to run). Exit status 0 when the checksums agree and nothing failed.
// With EXEC_AFTER_MS >= 0, after that long a thread other than the main one calls execve of
// this program with the single argument "exec-done" while the others sit in their calls; the
// new image prints "exec-done", waits for end of file on stdin and exits 7 (a status of its
// own, so that a test sees it passed on).
#define _GNU_SOURCE
#include <errno.h>
#include <linux/futex.h>
#include <poll.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define MAX_THREADS 64
#define BLOCK 256

enum { K_WRITE, K_READ, K_WAKE, K_NANOSLEEP, K_POLL, K_FUTEX, K_EPOLL, K_STDIN, K_KINDS };
static const char *const kind_names[K_KINDS] = {"write",  "read",  "partner-read",
                                                "nanosleep", "poll", "futex",
                                                "epoll_wait", "stdin-read"};

static volatile int stop;
static long eintr[MAX_THREADS + 1][K_KINDS];
static long errors[MAX_THREADS + 1];
static uint64_t sum_written[MAX_THREADS], sum_read[MAX_THREADS];
static long iterations[MAX_THREADS];
static int exec_after_ms = -1;
static const char *self_path;
static int waits[4], nwaits;
static uint32_t futex_word;

struct worker {
  int index;
  int pipe[2];   // its own write-then-read-back pipe
  int wake_in;   // the partner writes one byte here each round
  int wake_out;  // where this worker wakes its partner
  int epfd;
  pthread_t thread;
};

static struct worker workers[MAX_THREADS];
static int nthreads;

// Counts a failed call: true when it was EINTR (the caller retries).
static int failed(int t, int kind, long r) {
  if (r >= 0) {
    return 0;
  }
  if (errno == EINTR) {
    ++eintr[t][kind];
    return 1;
  }
  if (errno != ETIMEDOUT && errno != EAGAIN) {
    ++errors[t];
  }
  return 0;
}

static uint64_t fold(const unsigned char *b, size_t n) {
  uint64_t h = 1469598103934665603ull;
  for (size_t i = 0; i < n; ++i) {
    h = (h ^ b[i]) * 1099511628211ull;
  }
  return h;
}

static int write_all(int t, int fd, const unsigned char *b, size_t n) {
  size_t done = 0;
  while (done < n) {
    ssize_t r = write(fd, b + done, n - done);
    if (r < 0) {
      if (failed(t, K_WRITE, r)) {
        continue;
      }
      return -1;
    }
    done += (size_t)r;
  }
  return 0;
}

static int read_all(int t, int kind, int fd, unsigned char *b, size_t n) {
  size_t done = 0;
  while (done < n) {
    ssize_t r = read(fd, b + done, n - done);
    if (r <= 0) {
      if (r < 0 && failed(t, kind, r)) {
        continue;
      }
      return -1;
    }
    done += (size_t)r;
  }
  return 0;
}

static void *exec_later(void *arg) {
  (void)arg;
  struct timespec ts = {exec_after_ms / 1000, (exec_after_ms % 1000) * 1000000L};
  while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
  }
  char *argv[] = {(char *)self_path, "exec-done", NULL};
  execv(self_path, argv);
  perror("execv");
  _exit(99);
}

static void short_wait(struct worker *w, int kind) {
  int t = w->index;
  switch (kind) {
    case K_NANOSLEEP: {
      struct timespec ts = {0, 50000};
      failed(t, kind, nanosleep(&ts, NULL));
      break;
    }
    case K_POLL:
      failed(t, kind, poll(NULL, 0, 1));
      break;
    case K_FUTEX: {
      struct timespec ts = {0, 100000};
      failed(t, kind, syscall(SYS_futex, &futex_word, FUTEX_WAIT_PRIVATE, 0, &ts, NULL, 0));
      break;
    }
    case K_EPOLL: {
      struct epoll_event ev;
      failed(t, kind, epoll_wait(w->epfd, &ev, 1, 1));
      break;
    }
  }
}

static void *work(void *arg) {
  struct worker *w = arg;
  int t = w->index;
  unsigned char out[BLOCK], in[BLOCK];
  for (long i = 0; !stop; ++i) {
    for (int k = 0; k < BLOCK; ++k) {
      out[k] = (unsigned char)(i * 31 + k * 7 + t);
    }
    if (write_all(t, w->pipe[1], out, BLOCK) != 0 ||
        read_all(t, K_READ, w->pipe[0], in, BLOCK) != 0) {
      ++errors[t];
      break;
    }
    sum_written[t] += fold(out, BLOCK);
    sum_read[t] += fold(in, BLOCK);
    // The pair takes turns: one wakes the other, then waits to be woken.
    unsigned char c = 'w';
    if (t % 2 == 0) {
      write_all(t, w->wake_out, &c, 1);
      read_all(t, K_WAKE, w->wake_in, &c, 1);
    } else {
      read_all(t, K_WAKE, w->wake_in, &c, 1);
      write_all(t, w->wake_out, &c, 1);
    }
    if (nwaits > 0) {
      short_wait(w, waits[i % nwaits]);
    }
    iterations[t] = i + 1;
  }
  return NULL;
}

static int parse_waits(const char *list) {
  char *copy = strdup(list);
  for (char *tok = strtok(copy, ","); tok != NULL; tok = strtok(NULL, ",")) {
    int kind = strcmp(tok, "nanosleep") == 0 ? K_NANOSLEEP
               : strcmp(tok, "poll") == 0    ? K_POLL
               : strcmp(tok, "futex") == 0   ? K_FUTEX
               : strcmp(tok, "epoll") == 0   ? K_EPOLL
                                             : -1;
    if (kind < 0 || nwaits == 4) {
      fprintf(stderr, "torture_busy: unknown wait '%s'\n", tok);
      return -1;
    }
    waits[nwaits++] = kind;
  }
  free(copy);
  return 0;
}

int main(int argc, char **argv) {
  self_path = argv[0];
  if (argc > 1 && strcmp(argv[1], "exec-done") == 0) {
    printf("exec-done\n");
    fflush(stdout);
    char buf[64];
    while (read(0, buf, sizeof buf) > 0) {
    }
    return 7;
  }
  nthreads = argc > 1 ? atoi(argv[1]) : 4;
  exec_after_ms = argc > 2 ? atoi(argv[2]) : -1;
  if (nthreads < 1 || nthreads > MAX_THREADS ||
      parse_waits(argc > 3 ? argv[3] : "nanosleep,poll,futex") != 0) {
    return 2;
  }
  // Workers pair up (0 with 1, 2 with 3, ...); an odd last one is its own partner.
  int wake[MAX_THREADS][2];
  for (int t = 0; t < nthreads; ++t) {
    if (pipe(workers[t].pipe) != 0 || pipe(wake[t]) != 0) {
      return 3;
    }
    workers[t].index = t;
    workers[t].epfd = epoll_create1(0);
  }
  for (int t = 0; t < nthreads; ++t) {
    int partner = t % 2 == 0 ? (t + 1 < nthreads ? t + 1 : t) : t - 1;
    workers[t].wake_in = wake[t][0];
    workers[t].wake_out = wake[partner][1];
  }
  setvbuf(stdout, NULL, _IOLBF, 0);
  printf("%d\n", getpid());
  for (int t = 0; t < nthreads; ++t) {
    pthread_create(&workers[t].thread, NULL, work, &workers[t]);
  }
  if (exec_after_ms >= 0) {
    pthread_t e;
    pthread_create(&e, NULL, exec_later, NULL);
  }
  unsigned char buf[64];
  for (;;) {
    ssize_t n = read(0, buf, sizeof buf);
    if (n > 0 || (n < 0 && failed(MAX_THREADS, K_STDIN, n))) {
      continue;
    }
    break;
  }
  stop = 1;
  // A worker may wait for a partner that saw `stop` first: one more byte for each.
  for (int t = 0; t < nthreads; ++t) {
    if (write(workers[t].wake_out, "w", 1) != 1) {
      ++errors[t];
    }
  }
  for (int t = 0; t < nthreads; ++t) {
    pthread_join(workers[t].thread, NULL);
  }
  long total_eintr = 0, total_errors = 0, iters = 0;
  long by_kind[K_KINDS] = {0};
  uint64_t w = 0, r = 0;
  for (int t = 0; t <= MAX_THREADS; ++t) {
    for (int k = 0; k < K_KINDS; ++k) {
      by_kind[k] += eintr[t][k];
      total_eintr += eintr[t][k];
    }
    total_errors += errors[t];
  }
  for (int t = 0; t < nthreads; ++t) {
    iters += iterations[t];
    w += sum_written[t];
    r += sum_read[t];
  }
  printf("checksum %s eintr %ld errors %ld\n", w == r ? "ok" : "BAD", total_eintr, total_errors);
  printf("eintr by call:");
  for (int k = 0; k < K_KINDS; ++k) {
    printf(" %s %ld", kind_names[k], by_kind[k]);
  }
  printf("\niterations %ld\n", iters);
  return w == r && total_eintr == 0 && total_errors == 0 ? 0 : 1;
}
