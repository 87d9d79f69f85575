// mmap: the offset in hex, the fd even for anonymous maps, the mapping type first (MAP_FILE
// when zero) and a huge page size as N<<MAP_HUGE_SHIFT; the result is an address.
// cxtrace-args: -e trace=mmap,getppid
// cxtrace-after: ^getppid\(
#define _GNU_SOURCE
#include <fcntl.h>
#include <sys/mman.h>

#include "dec_util.h"

int main(void) {
  int fd = open("dec_mmap.tmp", O_RDWR | O_CREAT | O_TRUNC, 0600);
  CHECK(fd >= 0 && ftruncate(fd, 16384) == 0);
  start_marker();

  long r = syscall(SYS_mmap, 0L, 8192L, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1L, 0L);
  expect_call(res_hex(r), "mmap(NULL, 8192, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)");
  unsigned long anon = (unsigned long)r;

  r = syscall(SYS_mmap, 0L, 4096L, PROT_READ, MAP_SHARED, (long)fd, 0x2000L);
  expect_call(res_hex(r), "mmap(NULL, 4096, PROT_READ, MAP_SHARED, %d, 0x2000)", fd);

  r = syscall(SYS_mmap, anon, 4096L, PROT_READ | PROT_EXEC, MAP_PRIVATE | MAP_FIXED | MAP_ANONYMOUS,
              -1L, 0L);
  expect_call(res_hex(r), "mmap(%#lx, 4096, PROT_READ|PROT_EXEC, MAP_PRIVATE|MAP_FIXED|MAP_ANONYMOUS, -1, 0)",
              anon);

  r = syscall(SYS_mmap, 0L, 4096L, 0L, 0L, (long)fd, 0L);
  expect_call(res_hex(r), "mmap(NULL, 4096, PROT_NONE, MAP_FILE, %d, 0)", fd);

  r = syscall(SYS_mmap, 0L, 4096L, PROT_READ, MAP_ANONYMOUS, -1L, 0L);
  expect_call(res_hex(r), "mmap(NULL, 4096, PROT_READ, MAP_FILE|MAP_ANONYMOUS, -1, 0)");

  r = syscall(SYS_mmap, 0L, 4096L, 0x100L, 0xfL | MAP_ANONYMOUS, -1L, 0L);
  expect_call(res_hex(r), "mmap(NULL, 4096, 0x100 /* PROT_??? */, 0xf /* MAP_??? */|MAP_ANONYMOUS, -1, 0)");

  r = syscall(SYS_mmap, 0L, 4096L, PROT_READ | 0x100L, MAP_SHARED | MAP_FIXED_NOREPLACE | 0x1000000L,
              (long)fd, 0x26000L);
  expect_call(res_hex(r), "mmap(NULL, 4096, PROT_READ|0x100, MAP_SHARED|MAP_FIXED_NOREPLACE|0x1000000, %d, 0x26000)",
              fd);

  r = syscall(SYS_mmap, 0L, 2097152L, PROT_READ | PROT_WRITE,
              MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB | (21 << MAP_HUGE_SHIFT), -1L, 0L);
  expect_call(res_hex(r), "mmap(NULL, 2097152, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS|MAP_HUGETLB|21<<MAP_HUGE_SHIFT, -1, 0)");

  r = syscall(SYS_mmap, 0L, 4096L, PROT_READ, MAP_SHARED_VALIDATE | MAP_POPULATE | MAP_LOCKED, 77L, 0L);
  expect_call(res_hex(r), "mmap(NULL, 4096, PROT_READ, MAP_SHARED_VALIDATE|MAP_POPULATE|MAP_LOCKED, 77, 0)");

  expect_line("+++ exited with 0 +++");
  return 0;
}
