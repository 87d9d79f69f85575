// execveat: a directory descriptor, then execve's arguments, then flags; a successful exec
// shows `= 0` and the new program's exit.
// cxtrace-args: -e trace=execveat,getppid
// cxtrace-after: ^getppid\(
#define _GNU_SOURCE
#include <fcntl.h>

#include "dec_util.h"

int main(void) {
  char *argv[] = {"true", NULL};
  char *envp[] = {"A=1", "B=2", NULL};
  int bin = open("/bin", O_RDONLY | O_DIRECTORY);
  CHECK(bin >= 0);
  start_marker();

  long r = syscall(SYS_execveat, AT_FDCWD, "/nonexistent-cxtrace", argv, envp, AT_SYMLINK_NOFOLLOW);
  expect_call(res(r), "execveat(AT_FDCWD, \"/nonexistent-cxtrace\", [\"true\"], %p /* 2 vars */, "
              "AT_SYMLINK_NOFOLLOW)", (void *)envp);

  r = syscall(SYS_execveat, bin, "nonexistent-cxtrace", argv, NULL, 0);
  expect_call(res(r), "execveat(%d, \"nonexistent-cxtrace\", [\"true\"], NULL, 0)", bin);

  r = syscall(SYS_execveat, bin, "true", argv, envp, 0x4);
  expect_call(res(r), "execveat(%d, \"true\", [\"true\"], %p /* 2 vars */, 0x4 /* AT_??? */)", bin,
              (void *)envp);

  r = syscall(SYS_execveat, -1, "", argv, envp, AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW | 0x10000);
  expect_call(res(r), "execveat(-1, \"\", [\"true\"], %p /* 2 vars */, "
              "AT_SYMLINK_NOFOLLOW|AT_EMPTY_PATH|0x10000)", (void *)envp);

  expect_call("0", "execveat(%d, \"true\", [\"true\"], %p /* 2 vars */, 0)", bin, (void *)envp);
  expect_line("+++ exited with 0 +++");
  syscall(SYS_execveat, bin, "true", argv, envp, 0);
  return 1;
}
