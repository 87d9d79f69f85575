// -f through vfork(): the child runs in the parent's memory until it exits; the parent prints
// the child's expected lines after vfork() returns, in trace order.
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

  pid_t child = vfork();
  if (child == 0) {
    syscall(SYS_exit_group, 4L);
  }
  CHECK(child > 0);
  int status = 0;
  CHECK(waitpid(child, &status, 0) == child);
  CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 4);

  expect_pid_prefix(child);
  expect_call("?", "exit_group(%#lx)", X(4));
  expect_line("+++ exited with 4 +++");
  expect_pid_prefix(getpid());
  expect_call("?", "exit_group(%#lx)", X(0));
  expect_line("+++ exited with 0 +++");
  syscall(SYS_exit_group, 0L);
  return 1;
}
