// -X raw: named constants and flag sets print as numbers; strings and the result's
// decoration do not change.
// cxtrace-args: -X raw -e trace=openat,fcntl,lseek,getppid
// cxtrace-after: getppid\(
#define _GNU_SOURCE
#include <fcntl.h>

#include "dec_util.h"

int main(void) {
  start_marker();

  long fd = syscall(SYS_openat, AT_FDCWD, "/dev/null", O_WRONLY | O_APPEND | O_CLOEXEC);
  expect_call(res(fd), "openat(%d, \"/dev/null\", %#x)", AT_FDCWD,
              O_WRONLY | O_APPEND | O_CLOEXEC);

  long r = syscall(SYS_fcntl, fd, F_GETFL);
  expect_call("0x8401 (flags O_WRONLY|O_APPEND|O_LARGEFILE)", "fcntl(%ld, %#x)", fd, F_GETFL);
  CHECK(r == 0x8401);

  r = syscall(SYS_lseek, fd, 0L, SEEK_END);
  expect_call(res(r), "lseek(%ld, 0, %#x)", fd, SEEK_END);

  expect_line("+++ exited with 0 +++");
  return 0;
}
