// Torture helper: process trees.
//   torture_tree deep N   a chain N processes deep below this one: each level forks the next
//                         and waits for it; level K exits with status K % 256 and checks that
//                         its child exited with K + 1. Prints "deep N ok" (or "deep N broken
//                         at K").
//   torture_tree hold N   the same chain, but first prints the pid of its top, and the deepest
//                         process prints "ready" and waits for end of file on stdin before it
//                         exits: the whole chain is alive until then.
//   torture_tree wide N   N short-lived children forked as fast as possible, all at once; child
//                         I calls getppid() and exits with status I % 100. The parent reaps
//                         them all and prints "wide N reaped R, S wrong statuses".
// Exit status 0 when everything was as expected.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static int hold;

static int deep(int level, int depth) {
  if (level == depth) {
    if (hold) {
      printf("ready\n");
      fflush(stdout);
      char buf[64];
      while (read(0, buf, sizeof buf) > 0) {
      }
    }
    return level % 256;
  }
  pid_t child = fork();
  if (child < 0) {
    return 255;
  }
  if (child == 0) {
    _exit(deep(level + 1, depth));
  }
  int st;
  if (waitpid(child, &st, 0) != child || !WIFEXITED(st) ||
      WEXITSTATUS(st) != (level + 1) % 256) {
    if (level == 0) {
      printf("deep %d broken at %d\n", depth, level + 1);
    }
    return 255;
  }
  return level % 256;
}

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: torture_tree deep|hold|wide N\n");
    return 2;
  }
  int n = atoi(argv[2]);
  hold = strcmp(argv[1], "hold") == 0;
  if (hold) {
    printf("%d\n", getpid());
    fflush(stdout);
  }
  if (hold || strcmp(argv[1], "deep") == 0) {
    int r = deep(0, n);
    if (r != 0) {
      return 1;
    }
    printf("deep %d ok\n", n);
    return 0;
  }
  pid_t *pids = calloc((size_t)n, sizeof *pids);
  int forked = 0;
  for (int i = 0; i < n; ++i) {
    pid_t p = fork();
    if (p == 0) {
      getppid();
      _exit(i % 100);
    }
    if (p < 0) {
      break;
    }
    pids[forked++] = p;
  }
  int reaped = 0, wrong = 0;
  for (;;) {
    int st;
    pid_t p = waitpid(-1, &st, 0);
    if (p < 0) {
      break;
    }
    ++reaped;
    int i = 0;
    while (i < forked && pids[i] != p) {
      ++i;
    }
    if (i == forked || !WIFEXITED(st) || WEXITSTATUS(st) != i % 100) {
      ++wrong;
    }
  }
  printf("wide %d reaped %d, %d wrong statuses\n", n, reaped, wrong);
  return forked == n && reaped == n && wrong == 0 ? 0 : 1;
}
