// Failed syscalls print "= -1 ERRNO (message)", strace's way; success prints the value.
// cxtrace-args: -e raw=all -e trace=chdir,fchdir
#include <errno.h>
#include <fcntl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "expect.h"

static char long_name[5000];

int main(void) {
  static const char missing[] = "/nonexistent-cxtrace-test-dir";
  static const char not_dir[] = "/dev/null";
  static const char root[] = "/";

  CHECK(syscall(SYS_chdir, missing) == -1 && errno == ENOENT);
  expect_call("-1 ENOENT (No such file or directory)", "chdir(%#lx)", X(missing));

  CHECK(syscall(SYS_chdir, not_dir) == -1 && errno == ENOTDIR);
  expect_call("-1 ENOTDIR (Not a directory)", "chdir(%#lx)", X(not_dir));

  CHECK(syscall(SYS_chdir, 1L) == -1 && errno == EFAULT);
  expect_call("-1 EFAULT (Bad address)", "chdir(%#lx)", X(1));

  memset(long_name, 'a', sizeof long_name - 1);
  CHECK(syscall(SYS_chdir, long_name) == -1 && errno == ENAMETOOLONG);
  expect_call("-1 ENAMETOOLONG (File name too long)", "chdir(%#lx)", X(long_name));

  CHECK(syscall(SYS_chdir, root) == 0);
  expect_call("0", "chdir(%#lx)", X(root));

  CHECK(syscall(SYS_fchdir, -1L) == -1 && errno == EBADF);
  expect_call("-1 EBADF (Bad file descriptor)", "fchdir(%#lx)", X(-1L));

  int fd = open("/", O_RDONLY | O_DIRECTORY);
  CHECK(fd >= 0 && syscall(SYS_fchdir, (long)fd) == 0);
  expect_call("0", "fchdir(%#lx)", X(fd));

  expect_line("+++ exited with 0 +++");
  return 0;
}
