// --inject-filter: tampering with the calls a --filter pattern selects, its argument conditions
// decided at entry. Only the path that matches fails; a second rule with when= counts only the
// calls its own pattern matches, and keeps the last word for them. cxtrace only (strace has no
// such option).
// cxtrace-args: -e trace=openat,getppid,pwrite64
// cxtrace-args: --inject-filter 'openat:pathname~\.deny"$' 'error=EACCES'
// cxtrace-args: --inject-filter 'openat:pathname~\.allow,flags&O_WRONLY' 'error=EROFS:when=2'
// cxtrace-args: --inject-filter 'pwrite64:count>100' 'retval=7:delay_exit=20ms'
// cxtrace-after: ^getppid\(
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>

#include "dec_util.h"

static long open_at(const char *name, int flags) { return syscall(SYS_openat, AT_FDCWD, name, flags); }

int main(void) {
  static const char deny[] = "inject_filter.deny";
  static const char allow[] = "inject_filter.allow";
  int fd = creat(deny, 0600);
  CHECK(fd >= 0 && close(fd) == 0);
  fd = creat(allow, 0600);
  CHECK(fd >= 0 && close(fd) == 0);
  start_marker();

  // The file exists and may be read; the rule says no.
  long r = open_at(deny, O_RDONLY);
  CHECK(r == -1 && errno == EACCES);
  expect_call("-1 EACCES (Permission denied) (INJECTED)", "openat(AT_FDCWD, \"%s\", O_RDONLY)", deny);

  // Not matched by any rule: the real call.
  long rd = open_at(allow, O_RDONLY);
  CHECK(rd >= 0);
  expect_call(res(rd), "openat(AT_FDCWD, \"%s\", O_RDONLY)", allow);

  // The second rule matches writes of .allow: its first such call goes through, its second
  // fails.
  long w1 = open_at(allow, O_WRONLY);
  CHECK(w1 >= 0);
  expect_call(res(w1), "openat(AT_FDCWD, \"%s\", O_WRONLY)", allow);
  r = open_at(allow, O_WRONLY);
  CHECK(r == -1 && errno == EROFS);
  expect_call("-1 EROFS (Read-only file system) (INJECTED)", "openat(AT_FDCWD, \"%s\", O_WRONLY)", allow);

  // A short write goes to the file; a long one is held and reported as 7 bytes, and nothing
  // of it is written.
  r = syscall(SYS_pwrite64, w1, "abc", 3, 0);
  CHECK(r == 3);
  expect_call("3", "pwrite64(%ld, \"abc\", 3, 0)", w1);
  static char big[200];
  memset(big, 'x', sizeof big);
  r = syscall(SYS_pwrite64, w1, big, sizeof big, 0);
  CHECK(r == 7);
  expect_call("7 (INJECTED) (DELAYED)", "pwrite64(%ld, \"%.32s\"..., %zu, 0)", w1, big, sizeof big);
  struct stat st;
  CHECK(fstat(w1, &st) == 0 && st.st_size == 3);

  close(w1);
  close(rd);
  unlink(deny);
  unlink(allow);
  expect_line("+++ exited with 0 +++");
  return 0;
}
