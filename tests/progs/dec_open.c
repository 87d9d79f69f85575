// open, openat: the mode is shown only when O_CREAT or O_TMPFILE makes the kernel use it.
// cxtrace-args: -e trace=open,openat,getppid
// cxtrace-after: ^getppid\(
#define _GNU_SOURCE
#include <fcntl.h>

#include "dec_util.h"

int main(void) {
  static const char name[] = "dec_open.tmp";
  start_marker();

  long r = syscall(SYS_openat, AT_FDCWD, name, O_WRONLY | O_CREAT | O_TRUNC, 0666);
  expect_call(res(r), "openat(AT_FDCWD, \"%s\", O_WRONLY|O_CREAT|O_TRUNC, 0666)", name);

  r = syscall(SYS_open, name, O_RDONLY | O_CLOEXEC, 0777);
  expect_call(res(r), "open(\"%s\", O_RDONLY|O_CLOEXEC)", name);

  r = syscall(SYS_openat, AT_FDCWD, name, O_RDWR | O_CREAT | O_EXCL, 0);
  expect_call(res(r), "openat(AT_FDCWD, \"%s\", O_RDWR|O_CREAT|O_EXCL, 000)", name);

  r = syscall(SYS_openat, AT_FDCWD, ".", O_RDWR | O_TMPFILE, 0600);
  expect_call(res(r), "openat(AT_FDCWD, \".\", O_RDWR|O_TMPFILE, 0600)");

  int dir = open(".", O_RDONLY | O_DIRECTORY);
  CHECK(dir >= 0);
  expect_call(res(dir), "openat(AT_FDCWD, \".\", O_RDONLY|O_DIRECTORY)");
  r = syscall(SYS_openat, dir, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK, 0644);
  expect_call(res(r), "openat(%d, \"%s\", O_RDONLY|O_NONBLOCK|O_NOFOLLOW)", dir, name);

  r = syscall(SYS_open, "/nonexistent-cxtrace", O_WRONLY | O_APPEND);
  expect_call(res(r), "open(\"/nonexistent-cxtrace\", O_WRONLY|O_APPEND)");

  r = syscall(SYS_openat, AT_FDCWD, name, O_RDONLY | 0x80000000);
  expect_call(res(r), "openat(AT_FDCWD, \"%s\", O_RDONLY|0x80000000)", name);

  r = syscall(SYS_open, name, O_ACCMODE);
  expect_call(res(r), "open(\"%s\", O_ACCMODE)", name);

  r = syscall(SYS_open, NULL, O_RDONLY);
  expect_call(res(r), "open(NULL, O_RDONLY)");

  r = syscall(SYS_openat, AT_FDCWD, 1L, O_RDONLY | O_CREAT, 0640);
  expect_call(res(r), "openat(AT_FDCWD, 0x1, O_RDONLY|O_CREAT, 0640)");

  expect_line("+++ exited with 0 +++");
  return 0;
}
