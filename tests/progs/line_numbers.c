// -n and -X verbose: each line starts with its syscall's number, `[ 257] `, and named
// constants show their numbers with the names in a comment. Signal and exit lines carry the
// number of the thread's latest syscall.
// cxtrace-args: -n -X verbose -e trace=openat,lseek,kill,getppid,exit_group
// cxtrace-after: getppid\(
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>

#include "dec_util.h"

static void number(long nr) { snprintf(expect_prefix, sizeof expect_prefix, "[%4ld] ", nr); }

int main(void) {
  signal(SIGUSR1, SIG_IGN);
  start_marker();

  number(SYS_openat);
  long fd = syscall(SYS_openat, AT_FDCWD, "/dev/null", O_RDONLY | O_CLOEXEC);
  expect_call(res(fd), "openat(%d /* AT_FDCWD */, \"/dev/null\", %#x /* O_RDONLY|O_CLOEXEC */)",
              AT_FDCWD, O_CLOEXEC);

  number(SYS_lseek);
  long r = syscall(SYS_lseek, fd, 0L, SEEK_END);
  expect_call(res(r), "lseek(%ld, 0, %#x /* SEEK_END */)", fd, SEEK_END);

  signal(SIGUSR1, SIG_DFL);
  number(SYS_kill);
  r = syscall(SYS_kill, getpid(), 0);
  expect_call(res(r), "kill(%d, 0)", getpid());

  number(SYS_exit_group);
  expect_call("?", "exit_group(0)");
  expect_line("+++ exited with 0 +++");
  syscall(SYS_exit_group, 0);
  return 0;
}
