// Torture helper: processes that keep their own log of the calls they make.
//   torture_log PREFIX NPROC
// Forks NPROC - 1 children; process I (0 is the parent) opens PREFIX.I and writes "I:K\n" to
// it with one write(2) per line, K = 0, 1, 2, ..., with a poll(2) of stdin between writes,
// until stdin reaches end of file. The log file is the program's own record of which writes
// were made: a trace of the program must show each of them. The parent reaps its children
// and exits 0.
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static int stdin_done(void) {
  struct pollfd p = {0, POLLIN, 0};
  if (poll(&p, 1, 0) <= 0) {
    return 0;
  }
  char buf[64];
  return read(0, buf, sizeof buf) <= 0;
}

static int run(const char *prefix, int index) {
  char path[4096];
  snprintf(path, sizeof path, "%s.%d", prefix, index);
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) {
    perror(path);
    return 3;
  }
  char line[64];
  for (long k = 0; !stdin_done(); ++k) {
    int n = snprintf(line, sizeof line, "%d:%ld\n", index, k);
    if (write(fd, line, (size_t)n) != n) {
      return 4;
    }
  }
  return 0;
}

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: torture_log PREFIX NPROC\n");
    return 2;
  }
  int nproc = atoi(argv[2]);
  for (int i = 1; i < nproc; ++i) {
    pid_t p = fork();
    if (p == 0) {
      _exit(run(argv[1], i));
    }
    if (p < 0) {
      return 5;
    }
  }
  int r = run(argv[1], 0);
  int st;
  while (wait(&st) > 0) {
    if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
      r = r != 0 ? r : 6;
    }
  }
  return r;
}
