// exit(2) of the only thread ends the process: "exit(0x7) = ?" and the exit status line.
// cxtrace-args: -e raw=all -e trace=exit
#include <sys/syscall.h>
#include <unistd.h>

#include "expect.h"

int main(void) {
  expect_call("?", "exit(%#lx)", X(7));
  expect_line("+++ exited with 7 +++");
  syscall(SYS_exit, 7L);
  return 1;
}
