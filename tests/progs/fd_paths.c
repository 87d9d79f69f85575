// -y: descriptor arguments and results with their paths (`read(3</tmp/x/data>, ...)`,
// `= 4</tmp/x/data>`), AT_FDCWD with the working directory, pipes and sockets by inode, anon
// inodes, a deleted file's `(deleted)`, `<` and `>` in a path escaped, closed descriptors bare.
// cxtrace-args: -y -e trace=openat,pwrite64,dup,dup3,fcntl,close,pipe2,eventfd2,socketpair,fsync,getppid
// cxtrace-after: ^getppid\(
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include "dec_util.h"

static unsigned long ino(int fd) {
  struct stat st;
  CHECK(fstat(fd, &st) == 0);
  return (unsigned long)st.st_ino;
}

int main(void) {
  char dir[] = "/tmp/cxtrace-fd-XXXXXX";
  CHECK(mkdtemp(dir) != NULL);
  CHECK(chdir(dir) == 0);
  char cwd[4096];
  CHECK(getcwd(cwd, sizeof cwd) != NULL);
  char ret[8192];
  start_marker();

  long fd = syscall(SYS_openat, AT_FDCWD, "data", O_RDWR | O_CREAT | O_TRUNC, 0600);
  CHECK(fd == 3);
  snprintf(ret, sizeof ret, "3<%s/data>", cwd);
  expect_call(ret, "openat(AT_FDCWD<%s>, \"data\", O_RDWR|O_CREAT|O_TRUNC, 0600)", cwd);
  long r = syscall(SYS_pwrite64, 3, "hi", 2, 0);
  expect_call(res(r), "pwrite64(3<%s/data>, \"hi\", 2, 0)", cwd);
  r = syscall(SYS_dup, 3);
  CHECK(r == 4);
  snprintf(ret, sizeof ret, "4<%s/data>", cwd);
  expect_call(ret, "dup(3<%s/data>)", cwd);
  r = syscall(SYS_dup3, 3, 10, O_CLOEXEC);
  snprintf(ret, sizeof ret, "10<%s/data>", cwd);
  expect_call(ret, "dup3(3<%s/data>, 10, O_CLOEXEC)", cwd);
  r = syscall(SYS_fcntl, 3, F_DUPFD, 20);
  CHECK(r == 20);
  snprintf(ret, sizeof ret, "20<%s/data>", cwd);
  expect_call(ret, "fcntl(3<%s/data>, F_DUPFD, 20)", cwd);
  r = syscall(SYS_close, 20);
  expect_call(res(r), "close(20<%s/data>)", cwd);
  r = syscall(SYS_close, 10);
  expect_call(res(r), "close(10<%s/data>)", cwd);
  r = syscall(SYS_close, 4);
  expect_call(res(r), "close(4<%s/data>)", cwd);
  r = syscall(SYS_close, 4);
  expect_call(res(r), "close(4)");

  // A directory as dirfd.
  long d = syscall(SYS_openat, AT_FDCWD, ".", O_RDONLY | O_DIRECTORY);
  CHECK(d == 4);
  snprintf(ret, sizeof ret, "4<%s>", cwd);
  expect_call(ret, "openat(AT_FDCWD<%s>, \".\", O_RDONLY|O_DIRECTORY)", cwd);
  r = syscall(SYS_openat, 4, "data", O_RDONLY);
  CHECK(r == 5);
  snprintf(ret, sizeof ret, "5<%s/data>", cwd);
  expect_call(ret, "openat(4<%s>, \"data\", O_RDONLY)", cwd);
  syscall(SYS_close, 5);
  expect_call("0", "close(5<%s/data>)", cwd);

  int p[2];
  r = syscall(SYS_pipe2, p, O_CLOEXEC);
  CHECK(r == 0 && p[0] == 5 && p[1] == 6);
  expect_call("0", "pipe2([5<pipe:[%lu]>, 6<pipe:[%lu]>], O_CLOEXEC)", ino(5), ino(6));
  r = syscall(SYS_fsync, 6);
  expect_call(res(r), "fsync(6<pipe:[%lu]>)", ino(6));

  r = syscall(SYS_eventfd2, 0, 0);
  CHECK(r == 7);
  expect_call("7<anon_inode:[eventfd]>", "eventfd2(0, 0)");

  int sv[2];
  r = syscall(SYS_socketpair, AF_UNIX, SOCK_STREAM, 0, sv);
  CHECK(r == 0 && sv[0] == 8 && sv[1] == 9);
  expect_call("0", "socketpair(AF_UNIX, SOCK_STREAM, 0, [8<socket:[%lu]>, 9<socket:[%lu]>])", ino(8),
              ino(9));

  // A name with `<`, `>` and a control character, then deleted.
  r = syscall(SYS_openat, AT_FDCWD, "del<x>\001", O_RDWR | O_CREAT, 0600);
  CHECK(r == 10);
  snprintf(ret, sizeof ret, "10<%s/del\\74x\\76\\1>", cwd);
  expect_call(ret, "openat(AT_FDCWD<%s>, \"del<x>\\1\", O_RDWR|O_CREAT, 0600)", cwd);
  CHECK(unlink("del<x>\001") == 0);
  r = syscall(SYS_fsync, 10);
  expect_call(res(r), "fsync(10<%s/del\\74x\\76\\1>(deleted))", cwd);
  r = syscall(SYS_fsync, 99);
  expect_call(res(r), "fsync(99)");
  r = syscall(SYS_fsync, -1);
  expect_call(res(r), "fsync(-1)");

  CHECK(unlink("data") == 0 && chdir("/") == 0 && rmdir(dir) == 0);
  expect_line("+++ exited with 0 +++");
  return 0;
}
