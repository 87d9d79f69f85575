// personality: the execution domain with its flags, and the previous persona as the result,
// in hex with the same description: `= 0x40000 (PER_LINUX|ADDR_NO_RANDOMIZE)`.
// cxtrace-args: -e trace=personality,getppid
// cxtrace-after: ^getppid\(
#define _GNU_SOURCE
#include <sys/personality.h>

#include "dec_util.h"

int main(void) {
  start_marker();

  long r = syscall(SYS_personality, 0xffffffffL);
  CHECK(r == PER_LINUX);
  expect_call("0 (PER_LINUX)", "personality(0xffffffff)");
  r = syscall(SYS_personality, (long)(PER_LINUX | ADDR_NO_RANDOMIZE));
  expect_call("0 (PER_LINUX)", "personality(PER_LINUX|ADDR_NO_RANDOMIZE)");
  r = syscall(SYS_personality, (long)PER_BSD);
  CHECK(r == ADDR_NO_RANDOMIZE);
  expect_call("0x40000 (PER_LINUX|ADDR_NO_RANDOMIZE)", "personality(PER_BSD)");
  r = syscall(SYS_personality, 0x22L | READ_IMPLIES_EXEC | 0x10000000L);
  CHECK(r == PER_BSD);
  expect_call("0x6 (PER_BSD)", "personality(0x22 /* PER_??? */|READ_IMPLIES_EXEC|0x10000000)");
  r = syscall(SYS_personality, (long)PER_LINUX);
  CHECK(r == (0x22L | READ_IMPLIES_EXEC | 0x10000000L));
  expect_call("0x10400022 (0x22 /* PER_??? */|READ_IMPLIES_EXEC|0x10000000)", "personality(PER_LINUX)");

  expect_line("+++ exited with 0 +++");
  return 0;
}
