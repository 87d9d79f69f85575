// A syscall that never returns prints "= ?", aligned like any other result.
// cxtrace-args: -e raw=all -e trace=exit_group
#include <sys/syscall.h>
#include <unistd.h>

#include "expect.h"

int main(void) {
  expect_call("?", "exit_group(%#lx)", X(5));
  expect_line("+++ exited with 5 +++");
  syscall(SYS_exit_group, 5L);
  return 1;
}
