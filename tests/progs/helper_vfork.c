// Scenario helper: vfork() children that _exit(5), and that execve /bin/true; the parent checks
// both statuses and prints "vfork ok". Exit status 0 when every child behaved.
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

static int run(int do_exec) {
  pid_t pid = vfork();
  if (pid == 0) {
    if (do_exec) {
      char *argv[] = {"true", NULL};
      execv("/bin/true", argv);
    }
    _exit(5);
  }
  int status = 0;
  if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status)) {
    return -1;
  }
  return WEXITSTATUS(status);
}

int main(void) {
  int bad = 0;
  for (int i = 0; i < 3; ++i) {
    bad += run(0) != 5;
    bad += run(1) != 0;
  }
  printf(bad == 0 ? "vfork ok\n" : "vfork BAD\n");
  return bad == 0 ? 0 : 1;
}
