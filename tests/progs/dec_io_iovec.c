// readv/writev and their positioned and cross-process forms: iovec arrays with the data
// (written data whole, read data up to the result), -s cutting each buffer and capping the
// number of elements, NULL, unreadable arrays, and preadv2/pwritev2's RWF_* flags.
// cxtrace-args: -e trace=readv,writev,preadv,pwritev,preadv2,pwritev2,process_vm_readv,process_vm_writev,getppid
// cxtrace-after: ^getppid\(
#define _GNU_SOURCE
#include <stdint.h>
#include <sys/mman.h>
#include <sys/uio.h>

#include "dec_util.h"

static char line[8192];

int main(void) {
  int p[2];
  CHECK(pipe(p) == 0);
  int fd = memfd_create("dec-io-iovec", 0);
  CHECK(fd >= 0);
  char *page = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  CHECK(page != MAP_FAILED && munmap(page + 4096, 4096) == 0);
  start_marker();

  char a[] = "hi\n", b[] = "x";
  struct iovec v[2] = {{a, 3}, {b, 1}};
  long r = syscall(SYS_writev, p[1], v, 2);
  expect_call(res(r), "writev(%d, [{iov_base=\"hi\\n\", iov_len=3}, {iov_base=\"x\", iov_len=1}], 2)", p[1]);

  char r1[2], r2[10], r3[5];
  struct iovec rv[3] = {{r1, 2}, {r2, 10}, {r3, 5}};
  r = syscall(SYS_readv, p[0], rv, 3);
  expect_call(res(r), "readv(%d, [{iov_base=\"hi\", iov_len=2}, {iov_base=\"\\nx\", iov_len=10}, "
              "{iov_base=\"\", iov_len=5}], 3)", p[0]);

  char big[100];
  memset(big, 'A', sizeof big);
  struct iovec bv[1] = {{big, sizeof big}};
  r = syscall(SYS_writev, p[1], bv, 1);
  expect_call(res(r), "writev(%d, [{iov_base=\"%.32s\"..., iov_len=100}], 1)", p[1], big);
  CHECK(read(p[0], big, sizeof big) == 100);

  // Without -v an array shows at most -s (32) elements.
  struct iovec many[40];
  int n = 0;
  for (int i = 0; i < 40; ++i) {
    many[i].iov_base = b;
    many[i].iov_len = 1;
    if (i < 32) {
      n += snprintf(line + n, sizeof line - n, "{iov_base=\"x\", iov_len=1}, ");
    }
  }
  r = syscall(SYS_writev, p[1], many, 40);
  expect_call(res(r), "writev(%d, [%s...], 40)", p[1], line);
  CHECK(read(p[0], big, 40) == 40);

  r = syscall(SYS_writev, p[1], NULL, 0);
  expect_call(res(r), "writev(%d, NULL, 0)", p[1]);
  r = syscall(SYS_writev, p[1], v, 0);
  expect_call(res(r), "writev(%d, [], 0)", p[1]);
  r = syscall(SYS_writev, p[1], (void *)8, 1);
  expect_call(res(r), "writev(%d, 0x8, 1)", p[1]);

  // The second element lies on an unmapped page.
  struct iovec *edge = (struct iovec *)(page + 4096 - sizeof(struct iovec));
  edge->iov_base = a;
  edge->iov_len = 2;
  r = syscall(SYS_writev, p[1], edge, 3);
  expect_call(res(r), "writev(%d, [{iov_base=\"hi\", iov_len=2}, ... /* %p */], 3)", p[1], page + 4096);

  struct iovec badbuf[2] = {{a, 3}, {(void *)16, 4}};
  r = syscall(SYS_writev, p[1], badbuf, 2);
  expect_call(res(r), "writev(%d, [{iov_base=\"hi\\n\", iov_len=3}, {iov_base=0x10, iov_len=4}], 2)", p[1]);

  // A failed read shows the buffers' addresses.
  r = syscall(SYS_readv, -1, rv, 2);
  expect_call(res(r), "readv(-1, [{iov_base=%p, iov_len=2}, {iov_base=%p, iov_len=10}], 2)", r1, r2);

  r = syscall(SYS_pwritev, fd, v, 2, 5, 0);
  expect_call(res(r), "pwritev(%d, [{iov_base=\"hi\\n\", iov_len=3}, {iov_base=\"x\", iov_len=1}], 2, 5)", fd);
  r = syscall(SYS_preadv, fd, rv, 2, 6, 0);
  expect_call(res(r), "preadv(%d, [{iov_base=\"i\\n\", iov_len=2}, {iov_base=\"x\", iov_len=10}], 2, 6)", fd);
  r = syscall(SYS_preadv, p[0], rv, 1, 7, 0);
  expect_call(res(r), "preadv(%d, [{iov_base=%p, iov_len=2}], 1, 7)", p[0], r1);

  r = syscall(SYS_preadv2, fd, rv, 1, 5, 0, 0);
  expect_call(res(r), "preadv2(%d, [{iov_base=\"hi\", iov_len=2}], 1, 5, 0)", fd);
  CHECK(write(p[1], "hh", 2) == 2);
  r = syscall(SYS_preadv2, p[0], rv, 1, -1L, -1L, RWF_NOWAIT);
  expect_call(res(r), "preadv2(%d, [{iov_base=\"hh\", iov_len=2}], 1, -1, RWF_NOWAIT)", p[0]);
  r = syscall(SYS_preadv2, -1, rv, 1, 0, 0, RWF_HIPRI | RWF_NOWAIT);
  expect_call(res(r), "preadv2(-1, [{iov_base=%p, iov_len=2}], 1, 0, RWF_HIPRI|RWF_NOWAIT)", r1);
  r = syscall(SYS_pwritev2, fd, v, 1, 0, 0, RWF_DSYNC | 0x100);
  expect_call(res(r), "pwritev2(%d, [{iov_base=\"hi\\n\", iov_len=3}], 1, 0, RWF_DSYNC|0x100)", fd);
  r = syscall(SYS_pwritev2, fd, v, 1, 0, 0, 0x100);
  expect_call(res(r), "pwritev2(%d, [{iov_base=\"hi\\n\", iov_len=3}], 1, 0, 0x100 /* RWF_??? */)", fd);

  // Another process's iovecs are addresses; the local ones hold the data.
  char src[8] = "remote", dst[8];
  struct iovec local = {dst, sizeof dst}, remote = {src, 6};
  r = syscall(SYS_process_vm_readv, getpid(), &local, 1, &remote, 1, 0);
  CHECK(r == 6);
  expect_call(res(r), "process_vm_readv(%d, [{iov_base=\"remote\", iov_len=8}], 1, [{iov_base=%p, iov_len=6}], 1, 0)",
              getpid(), src);
  local.iov_base = src;
  remote.iov_base = dst;
  r = syscall(SYS_process_vm_writev, getpid(), &local, 1, &remote, 1, 0);
  expect_call(res(r), "process_vm_writev(%d, [{iov_base=\"remote\\0%s\", iov_len=8}], 1, [{iov_base=%p, iov_len=6}], 1, 0)",
              getpid(), "\\0", dst);

  expect_line("+++ exited with 0 +++");
  return 0;
}
