// fcntl: the third argument's form follows the command, locks are struct flock (filled by the
// kernel for F_GETLK: shown at exit), and F_GETFD/F_GETFL/F_GETLEASE/F_GET_SEALS results are
// in hex with what they hold: `= 0x1 (flags FD_CLOEXEC)`.
// cxtrace-args: -e trace=fcntl,getppid
// cxtrace-after: ^getppid\(
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>

#include "dec_util.h"

// A struct flock as the kernel left it, in strace's form.
static const char *flock_text(const struct flock *fl, int with_pid) {
  static char buf[256];
  static const char *const types[] = {"F_RDLCK", "F_WRLCK", "F_UNLCK"};
  static const char *const whences[] = {"SEEK_SET", "SEEK_CUR", "SEEK_END"};
  CHECK(fl->l_type >= 0 && fl->l_type <= 2 && fl->l_whence >= 0 && fl->l_whence <= 2);
  int n = snprintf(buf, sizeof buf, "{l_type=%s, l_whence=%s, l_start=%ld, l_len=%ld",
                   types[fl->l_type], whences[fl->l_whence], (long)fl->l_start, (long)fl->l_len);
  if (with_pid) {
    n += snprintf(buf + n, sizeof buf - n, ", l_pid=%d", fl->l_pid);
  }
  snprintf(buf + n, sizeof buf - n, "}");
  return buf;
}

int main(void) {
  int fd = open("dec_fcntl.tmp", O_RDWR | O_CREAT | O_TRUNC, 0600);
  int pipefd[2];
  CHECK(fd >= 0 && pipe(pipefd) == 0);
  int memfd = memfd_create("dec_fcntl", MFD_ALLOW_SEALING);
  CHECK(memfd >= 0);
  start_marker();

  long r = syscall(SYS_fcntl, fd, F_SETFD, FD_CLOEXEC);
  expect_call(res(r), "fcntl(%d, F_SETFD, FD_CLOEXEC)", fd);
  r = syscall(SYS_fcntl, fd, F_GETFD, 55L);
  expect_call("0x1 (flags FD_CLOEXEC)", "fcntl(%d, F_GETFD)", fd);
  CHECK(r == FD_CLOEXEC);
  r = syscall(SYS_fcntl, pipefd[0], F_GETFD);
  expect_call(res(r), "fcntl(%d, F_GETFD)", pipefd[0]);
  r = syscall(SYS_fcntl, fd, F_SETFD, 7L);
  expect_call(res(r), "fcntl(%d, F_SETFD, FD_CLOEXEC|0x6)", fd);
  r = syscall(SYS_fcntl, fd, F_SETFD, 6L);
  expect_call(res(r), "fcntl(%d, F_SETFD, 0x6 /* FD_??? */)", fd);
  r = syscall(SYS_fcntl, fd, F_SETFD, 0L);
  expect_call(res(r), "fcntl(%d, F_SETFD, 0)", fd);

  r = syscall(SYS_fcntl, fd, F_GETFL);
  CHECK(r == (O_RDWR | 0100000));
  expect_call("0x8002 (flags O_RDWR|O_LARGEFILE)", "fcntl(%d, F_GETFL)", fd);
  r = syscall(SYS_fcntl, pipefd[0], F_SETFL, O_RDONLY | O_NONBLOCK);
  expect_call(res(r), "fcntl(%d, F_SETFL, O_RDONLY|O_NONBLOCK)", pipefd[0]);
  r = syscall(SYS_fcntl, pipefd[0], F_GETFL);
  CHECK(r == O_NONBLOCK);
  expect_call("0x800 (flags O_RDONLY|O_NONBLOCK)", "fcntl(%d, F_GETFL)", pipefd[0]);
  r = syscall(SYS_fcntl, -1, F_GETFL);
  expect_call(res(r), "fcntl(-1, F_GETFL)");

  r = syscall(SYS_fcntl, fd, F_DUPFD_CLOEXEC, 3L);
  expect_call(res(r), "fcntl(%d, F_DUPFD_CLOEXEC, 3)", fd);
  r = syscall(SYS_fcntl, fd, F_DUPFD, 100L);
  expect_call(res(r), "fcntl(%d, F_DUPFD, 100)", fd);

  struct flock fl = {.l_type = F_WRLCK, .l_whence = SEEK_CUR, .l_start = 10, .l_len = -5};
  r = syscall(SYS_fcntl, fd, F_SETLK, &fl);
  expect_call(res(r), "fcntl(%d, F_SETLK, {l_type=F_WRLCK, l_whence=SEEK_CUR, l_start=10, l_len=-5})", fd);
  fl.l_type = F_RDLCK;
  fl.l_whence = SEEK_SET;
  fl.l_start = 0;
  fl.l_len = 0;
  r = syscall(SYS_fcntl, fd, F_GETLK, &fl);
  expect_call(res(r), "fcntl(%d, F_GETLK, %s)", fd, flock_text(&fl, 1));
  fl.l_type = F_RDLCK;
  r = syscall(SYS_fcntl, fd, F_OFD_GETLK, &fl);
  expect_call(res(r), "fcntl(%d, F_OFD_GETLK, %s)", fd, flock_text(&fl, 1));
  fl = (struct flock){.l_type = 77, .l_whence = SEEK_END, .l_start = 0, .l_len = 0};
  r = syscall(SYS_fcntl, fd, F_GETLK, &fl);
  expect_call(res(r), "fcntl(%d, F_GETLK, %p)", fd, (void *)&fl);
  r = syscall(SYS_fcntl, fd, F_OFD_SETLKW, &fl);
  expect_call(res(r), "fcntl(%d, F_OFD_SETLKW, {l_type=0x4d /* F_??? */, l_whence=SEEK_END, l_start=0, l_len=0})", fd);
  r = syscall(SYS_fcntl, fd, F_GETLK, NULL);
  expect_call(res(r), "fcntl(%d, F_GETLK, NULL)", fd);
  r = syscall(SYS_fcntl, fd, F_SETLKW, 1L);
  expect_call(res(r), "fcntl(%d, F_SETLKW, 0x1)", fd);

  r = syscall(SYS_fcntl, fd, F_SETOWN, 0L);
  expect_call(res(r), "fcntl(%d, F_SETOWN, 0)", fd);
  r = syscall(SYS_fcntl, fd, F_GETOWN);
  expect_call(res(r), "fcntl(%d, F_GETOWN)", fd);
  struct f_owner_ex owner = {F_OWNER_PGRP, 0};
  r = syscall(SYS_fcntl, fd, F_SETOWN_EX, &owner);
  expect_call(res(r), "fcntl(%d, F_SETOWN_EX, {type=F_OWNER_PGRP, pid=0})", fd);
  r = syscall(SYS_fcntl, fd, F_GETOWN_EX, &owner);
  expect_call(res(r), "fcntl(%d, F_GETOWN_EX, {type=F_OWNER_%s, pid=%d})", fd,
              owner.type == F_OWNER_PGRP ? "PGRP" : owner.type == F_OWNER_PID ? "PID" : "TID",
              owner.pid);

  r = syscall(SYS_fcntl, fd, F_SETSIG, (long)SIGUSR1);
  expect_call(res(r), "fcntl(%d, F_SETSIG, SIGUSR1)", fd);
  r = syscall(SYS_fcntl, fd, F_GETSIG);
  CHECK(r == SIGUSR1);
  expect_call("10 (SIGUSR1)", "fcntl(%d, F_GETSIG)", fd);
  r = syscall(SYS_fcntl, fd, F_SETSIG, 0L);
  expect_call(res(r), "fcntl(%d, F_SETSIG, 0)", fd);
  r = syscall(SYS_fcntl, fd, F_GETSIG);
  expect_call(res(r), "fcntl(%d, F_GETSIG)", fd);

  r = syscall(SYS_fcntl, fd, F_GETLEASE);
  CHECK(r == F_UNLCK);
  expect_call("0x2 (F_UNLCK)", "fcntl(%d, F_GETLEASE)", fd);
  r = syscall(SYS_fcntl, fd, F_SETLEASE, (long)F_UNLCK);
  expect_call(res(r), "fcntl(%d, F_SETLEASE, F_UNLCK)", fd);
  r = syscall(SYS_fcntl, fd, F_NOTIFY, (long)(DN_CREATE | DN_MULTISHOT));
  expect_call(res(r), "fcntl(%d, F_NOTIFY, DN_CREATE|DN_MULTISHOT)", fd);

  r = syscall(SYS_fcntl, pipefd[1], F_SETPIPE_SZ, 8192L);
  expect_call(res(r), "fcntl(%d, F_SETPIPE_SZ, 8192)", pipefd[1]);
  r = syscall(SYS_fcntl, pipefd[1], F_GETPIPE_SZ);
  expect_call(res(r), "fcntl(%d, F_GETPIPE_SZ)", pipefd[1]);

  r = syscall(SYS_fcntl, memfd, F_GET_SEALS);
  expect_call(res(r), "fcntl(%d, F_GET_SEALS)", memfd);
  r = syscall(SYS_fcntl, memfd, F_ADD_SEALS, (long)(F_SEAL_SEAL | F_SEAL_GROW));
  expect_call(res(r), "fcntl(%d, F_ADD_SEALS, F_SEAL_SEAL|F_SEAL_GROW)", memfd);
  r = syscall(SYS_fcntl, memfd, F_GET_SEALS);
  CHECK(r == (F_SEAL_SEAL | F_SEAL_GROW));
  expect_call("0x5 (seals F_SEAL_SEAL|F_SEAL_GROW)", "fcntl(%d, F_GET_SEALS)", memfd);

  r = syscall(SYS_fcntl, fd, 12345, 7L);
  expect_call(res(r), "fcntl(%d, 0x3039 /* F_??? */, 0x7)", fd);

  expect_line("+++ exited with 0 +++");
  return 0;
}
