// --columns=N is the long name of -a N.
// cxtrace-args: --columns=50 -e raw=all -e trace=fchdir
#include <sys/syscall.h>
#include <unistd.h>

#include "expect.h"

int main(void) {
  expect_column = 50;
  CHECK(syscall(SYS_fchdir, 0x7fffffffL) == -1);
  expect_call("-1 EBADF (Bad file descriptor)", "fchdir(%#lx)", X(0x7fffffff));
  CHECK(syscall(SYS_fchdir, -1L) == -1);
  expect_call("-1 EBADF (Bad file descriptor)", "fchdir(%#lx)", X(-1L));
  expect_line("+++ exited with 0 +++");
  return 0;
}
