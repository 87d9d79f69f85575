// -a N moves the column of " = "; a call as wide as the column or wider gets a single space.
// fchdir() takes an unsigned int, so each fd below is EBADF whatever its upper half says.
// cxtrace-args: -a 24 -e raw=all -e trace=fchdir
#include <sys/syscall.h>
#include <unistd.h>

#include "expect.h"

int main(void) {
  static const unsigned long fds[] = {
      0xffffffffUL,          // "fchdir(0xffffffff)": 18 columns, padded to 24
      0x10000ffffffffUL,     // 23 columns: one space of padding
      0x100000ffffffffUL,    // 24 columns: as wide as the column
      0x1000000ffffffffUL,   // 25 columns: wider
      0xffffffffffffffffUL,  // 26 columns
  };
  expect_column = 24;
  for (size_t i = 0; i < sizeof fds / sizeof fds[0]; ++i) {
    CHECK(syscall(SYS_fchdir, fds[i]) == -1);
    expect_call("-1 EBADF (Bad file descriptor)", "fchdir(%#lx)", fds[i]);
  }
  expect_line("+++ exited with 0 +++");
  return 0;
}
