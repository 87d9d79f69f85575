// Strings and buffers: quoting and C escapes, octal for other non-printable bytes, the -s
// limit with `...`, output buffers shown at exit with the returned length, NULL, and an
// unreadable pointer as its address. pwrite64 stands for write: the program's own stdout
// lines are writes.
// cxtrace-args: -s 16 -e trace=pwrite64,read,chdir,getppid
// cxtrace-after: ^getppid\(
#define _GNU_SOURCE
#include <fcntl.h>
#include <sys/mman.h>

#include "dec_util.h"

int main(void) {
  int fd = open("/dev/null", O_WRONLY);
  CHECK(fd >= 0);
  int p[2];
  CHECK(pipe(p) == 0);
  start_marker();

  long r = syscall(SYS_pwrite64, fd, "hello\n", 6L, 0L);
  expect_call(res(r), "pwrite64(%d, \"hello\\n\", 6, 0)", fd);
  r = syscall(SYS_pwrite64, fd, "tab\there\r\"q\"\\", 13L, 0L);
  expect_call(res(r), "pwrite64(%d, \"tab\\there\\r\\\"q\\\"\\\\\", 13, 0)", fd);
  r = syscall(SYS_pwrite64, fd, "\x01\x7f\xff\0z\v\f", 7L, 0L);
  expect_call(res(r), "pwrite64(%d, \"\\1\\177\\377\\0z\\v\\f\", 7, 0)", fd);
  // A digit after an octal escape forces three digits.
  r = syscall(SYS_pwrite64, fd, "\x01" "2", 2L, 0L);
  expect_call(res(r), "pwrite64(%d, \"\\0012\", 2, 0)", fd);
  r = syscall(SYS_pwrite64, fd, "0123456789abcdefghij", 20L, 0L);
  expect_call(res(r), "pwrite64(%d, \"0123456789abcdef\"..., 20, 0)", fd);
  r = syscall(SYS_pwrite64, fd, "0123456789abcdef", 16L, 0L);
  expect_call(res(r), "pwrite64(%d, \"0123456789abcdef\", 16, 0)", fd);
  r = syscall(SYS_pwrite64, fd, "", 0L, 42L);
  expect_call(res(r), "pwrite64(%d, \"\", 0, 42)", fd);
  r = syscall(SYS_pwrite64, fd, NULL, 0L, 0L);
  expect_call(res(r), "pwrite64(%d, NULL, 0, 0)", fd);
  r = syscall(SYS_pwrite64, fd, (void *)8, 4L, 0L);
  expect_call(res(r), "pwrite64(%d, 0x8, 4, 0)", fd);

  // An output buffer is read at exit, as long as the call says it filled it.
  CHECK(write(p[1], "pipe data", 9) == 9);
  char buf[64];
  r = syscall(SYS_read, p[0], buf, sizeof buf);
  expect_call(res(r), "read(%d, \"pipe data\", 64)", p[0]);
  CHECK(write(p[1], "more", 4) == 4);
  r = syscall(SYS_read, p[0], (void *)8, 16L);
  expect_call(res(r), "read(%d, 0x8, 16)", p[0]);

  // Paths are strings too, never cut at -s.
  r = syscall(SYS_chdir, "/nonexistent-cxtrace/a-long-directory-name");
  expect_call(res(r), "chdir(\"/nonexistent-cxtrace/a-long-directory-name\")");
  r = syscall(SYS_chdir, NULL);
  expect_call(res(r), "chdir(NULL)");
  // A string that runs into unmapped memory before its NUL is shown as its address.
  char *page = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  CHECK(page != MAP_FAILED);
  CHECK(munmap(page + 4096, 4096) == 0);
  memset(page, 'a', 4096);
  r = syscall(SYS_chdir, page + 4090);
  expect_call(res(r), "chdir(%p)", (void *)(page + 4090));

  expect_line("+++ exited with 0 +++");
  return 0;
}
