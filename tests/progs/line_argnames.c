// -N / --arg-names, --arg-types and --arg-addresses (cxtrace's own; strace 6.1 has none of
// them): each argument named after its parameter in syscalls/signatures.tbl, with its C type
// before the name, the result with its C type, and ` at ADDRESS` after every value read from
// the tracee's memory. Pointers printed as numbers (NULL here) need no address.
// cxtrace-args: --arg-types --arg-addresses -e trace=openat,read,close,nanosleep,getppid
// cxtrace-after: getppid\(
#define _GNU_SOURCE
#include <fcntl.h>
#include <time.h>

#include "dec_util.h"

int main(void) {
  static const char path[] = "/dev/null";
  start_marker();

  long fd = syscall(SYS_openat, AT_FDCWD, path, O_RDONLY);
  CHECK(fd == 3);
  expect_call("int 3",
              "openat(int dirfd=AT_FDCWD, const char *pathname=\"%s\" at %p, int flags=O_RDONLY)",
              path, (void *)path);

  char buf[8];
  long r = syscall(SYS_read, fd, buf, sizeof buf);
  CHECK(r == 0);
  expect_call("ssize_t 0", "read(int fd=3, void *buf=\"\" at %p, size_t count=8)", (void *)buf);

  struct timespec ts = {0, 1000};
  r = syscall(SYS_nanosleep, &ts, NULL);
  CHECK(r == 0);
  expect_call("int 0",
              "nanosleep(const struct timespec *req={tv_sec=0, tv_nsec=1000} at %p, "
              "struct timespec *rem=NULL)", (void *)&ts);

  r = syscall(SYS_close, fd);
  expect_call("int 0", "close(int fd=3)");

  expect_line("+++ exited with 0 +++");
  return 0;
}
