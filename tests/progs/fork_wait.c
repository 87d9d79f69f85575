// -f with -o FILE: every line starts with the pid left-aligned in 5, the child's lines included;
// the parent blocks SIGCHLD so no signal line depends on timing, and waits, so the order is fixed.
// cxtrace-args: -f -e raw=all -e trace=exit_group
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "expect.h"

int main(void) {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGCHLD);
  CHECK(sigprocmask(SIG_BLOCK, &set, NULL) == 0);

  pid_t child = fork();
  CHECK(child >= 0);
  if (child == 0) {
    expect_pid_prefix(getpid());
    expect_call("?", "exit_group(%#lx)", X(2));
    expect_line("+++ exited with 2 +++");
    syscall(SYS_exit_group, 2L);
  }
  int status = 0;
  CHECK(waitpid(child, &status, 0) == child);
  CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 2);

  expect_pid_prefix(getpid());
  expect_call("?", "exit_group(%#lx)", X(0));
  expect_line("+++ exited with 0 +++");
  syscall(SYS_exit_group, 0L);
  return 1;
}
