// Torture helper: a signal storm that lands while the program sits in system calls.
//   torture_sigstorm ACKED BURST CHILDREN
// A sender child sends the parent ACKED SIGUSR1 one at a time, each acknowledged by the
// parent's handler before the next, then BURST SIGUSR1 as fast as it can; the parent waits in
// read(2) on a pipe all along. Then the parent forks CHILDREN children one after another, each
// reaped (waitpid) before the next: one SIGCHLD each. Both handlers are SA_RESTART, so no
// call of the parent fails with EINTR.
// Prints "acked A/ACKED burst B/BURST sigchld C eintr E": A and C are exact whether traced or
// not (A == ACKED, C == CHILDREN + 1, counting the sender); B, how many of the burst's
// signals were not merged with one already pending, is not, and the line shows only
// whether it is in [1, BURST] ("burst in-range"). Exit status 0 when all is as expected.
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile sig_atomic_t usr1_handled;
static volatile sig_atomic_t chld_handled;
static volatile sig_atomic_t acking = 1;
static int ack[2], data[2], go[2];
static long eintr;

static void on_usr1(int sig) {
  (void)sig;
  ++usr1_handled;
  if (acking) {
    int saved = errno;
    if (write(ack[1], "a", 1) != 1) {
      _exit(20);
    }
    errno = saved;
  }
}

static void on_chld(int sig) {
  (void)sig;
  ++chld_handled;
}

// One byte from `fd`, counting EINTR (which SA_RESTART should make impossible).
static char read_byte(int fd) {
  char c;
  for (;;) {
    ssize_t n = read(fd, &c, 1);
    if (n == 1) {
      return c;
    }
    if (n < 0 && errno == EINTR) {
      ++eintr;
      continue;
    }
    _exit(21);
  }
}

static void write_byte(int fd, char c) {
  for (;;) {
    ssize_t n = write(fd, &c, 1);
    if (n == 1) {
      return;
    }
    if (n < 0 && errno == EINTR) {
      ++eintr;
      continue;
    }
    _exit(22);
  }
}

static pid_t reap(pid_t pid, int *st) {
  for (;;) {
    pid_t r = waitpid(pid, st, 0);
    if (r >= 0 || errno != EINTR) {
      return r;
    }
    ++eintr;
  }
}

static void sender(pid_t parent, int acked, int burst) {
  for (int i = 0; i < acked; ++i) {
    kill(parent, SIGUSR1);
    read_byte(ack[0]);
  }
  write_byte(data[1], 'A');
  read_byte(go[0]);
  for (int i = 0; i < burst; ++i) {
    kill(parent, SIGUSR1);
  }
  write_byte(data[1], 'C');
  _exit(0);
}

int main(int argc, char **argv) {
  if (argc < 4) {
    fprintf(stderr, "usage: torture_sigstorm ACKED BURST CHILDREN\n");
    return 2;
  }
  int acked = atoi(argv[1]), burst = atoi(argv[2]), children = atoi(argv[3]);
  struct sigaction sa = {0};
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESTART;
  sa.sa_handler = on_usr1;
  sigaction(SIGUSR1, &sa, NULL);
  sa.sa_handler = on_chld;
  sigaction(SIGCHLD, &sa, NULL);
  if (pipe(ack) != 0 || pipe(data) != 0 || pipe(go) != 0) {
    return 3;
  }
  pid_t parent = getpid();
  pid_t child = fork();
  if (child == 0) {
    sender(parent, acked, burst);
  }
  if (child < 0) {
    return 4;
  }
  int ok = 1;
  ok &= read_byte(data[0]) == 'A';
  int got_acked = usr1_handled;
  acking = 0;
  write_byte(go[1], 'B');
  ok &= read_byte(data[0]) == 'C';
  int got_burst = usr1_handled - got_acked;
  int st;
  ok &= reap(child, &st) == child && WIFEXITED(st) && WEXITSTATUS(st) == 0;
  for (int i = 0; i < children; ++i) {
    pid_t p = fork();
    if (p == 0) {
      _exit(i % 100);
    }
    ok &= p > 0 && reap(p, &st) == p && WIFEXITED(st) && WEXITSTATUS(st) == i % 100;
  }
  int in_range = got_burst >= 1 && got_burst <= burst;
  printf("acked %d/%d burst %s sigchld %d eintr %ld\n", got_acked, acked,
         in_range ? "in-range" : "OUT-OF-RANGE", (int)chld_handled, eintr);
  return ok && in_range && got_acked == acked && chld_handled == children + 1 && eintr == 0 ? 0
                                                                                              : 1;
}
