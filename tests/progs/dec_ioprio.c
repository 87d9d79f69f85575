// ioprio_get, ioprio_set: priorities as IOPRIO_PRIO_VALUE(class, data), the result of
// ioprio_get described the same way.
// cxtrace-args: -e trace=ioprio_get,ioprio_set,getppid
// cxtrace-after: ^getppid\(
#define _GNU_SOURCE
#include <linux/ioprio.h>

#include "dec_util.h"

int main(void) {
  start_marker();

  long r = syscall(SYS_ioprio_set, IOPRIO_WHO_PROCESS, 0, (2 << 13) | 4);
  expect_call(res(r), "ioprio_set(IOPRIO_WHO_PROCESS, 0, IOPRIO_PRIO_VALUE(IOPRIO_CLASS_BE, 4))");
  r = syscall(SYS_ioprio_get, IOPRIO_WHO_PROCESS, 0);
  CHECK(r == ((2 << 13) | 4));
  expect_call("16388 (IOPRIO_PRIO_VALUE(IOPRIO_CLASS_BE, 4))", "ioprio_get(IOPRIO_WHO_PROCESS, 0)");
  r = syscall(SYS_ioprio_set, IOPRIO_WHO_PGRP, -1, (7 << 13) | 1);
  expect_call(res(r), "ioprio_set(IOPRIO_WHO_PGRP, -1, IOPRIO_PRIO_VALUE(0x7 /* IOPRIO_CLASS_??? */, 1))");
  r = syscall(SYS_ioprio_get, 9, 0);
  expect_call(res(r), "ioprio_get(0x9 /* IOPRIO_WHO_??? */, 0)");

  expect_line("+++ exited with 0 +++");
  return 0;
}
