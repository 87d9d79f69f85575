// flock: the operation and its modifiers, including the obsolete mandatory-lock bits.
// cxtrace-args: -e trace=flock,getppid
// cxtrace-after: ^getppid\(
#define _GNU_SOURCE
#include <sys/file.h>

#include "dec_util.h"

int main(void) {
  start_marker();
  long r = syscall(SYS_flock, 0, LOCK_EX | LOCK_NB);
  expect_call(res(r), "flock(0, LOCK_EX|LOCK_NB)");
  r = syscall(SYS_flock, 0, LOCK_UN);
  expect_call(res(r), "flock(0, LOCK_UN)");
  r = syscall(SYS_flock, 0, 0xc0);
  expect_call(res(r), "flock(0, LOCK_RW)");
  r = syscall(SYS_flock, 0, 0x20 | 0x40 | LOCK_EX);
  expect_call(res(r), "flock(0, LOCK_EX|LOCK_MAND|LOCK_READ)");
  expect_line("+++ exited with 0 +++");
  return 0;
}
