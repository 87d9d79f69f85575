// A number with no syscall behind it prints as syscall_0xNNN with all six arguments. Like
// strace, the tracer shows unknown syscalls whatever -e trace= says (they have no name to
// filter by), so trace=none leaves exactly these lines.
// cxtrace-args: -e raw=all -e trace=none
#include <errno.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "expect.h"

int main(void) {
  static int object;
  // 0x1ff and 0x1fe are below the x32 range (512 and up) and far above the last syscall.
  CHECK(syscall(0x1ff, 1L, 2L, 3L, 4L, 5L, 6L) == -1 && errno == ENOSYS);
  expect_call("-1 ENOSYS (Function not implemented)",
              "syscall_0x1ff(%#lx, %#lx, %#lx, %#lx, %#lx, %#lx)", X(1), X(2), X(3), X(4), X(5), X(6));

  CHECK(syscall(0x1fe, 0L, -1L, &object, 0x7fffffffL, 0x80000000L, 0L) == -1 && errno == ENOSYS);
  expect_call("-1 ENOSYS (Function not implemented)",
              "syscall_0x1fe(%#lx, %#lx, %#lx, %#lx, %#lx, %#lx)", X(0), X(-1L), X(&object),
              X(0x7fffffff), X(0x80000000), X(0));

  expect_line("+++ exited with 0 +++");
  return 0;
}
