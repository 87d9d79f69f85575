// getdents and getdents64 (the address and an entry count without -v, every entry with -v:
// dec_fs_v.c includes this file), and openat2's struct open_how.
// cxtrace-args: -e trace=getdents,getdents64,openat2,getppid
// cxtrace-after: ^getppid\(
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "dec_util.h"

#ifndef VERBOSE
#define VERBOSE 0
#endif

static char text[16384];
static size_t used;

static void add(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void add(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  used += (size_t)vsnprintf(text + used, sizeof text - used, fmt, ap);
  va_end(ap);
}

static const char *dt_name(unsigned t) {
  static const char *const names[] = {"DT_UNKNOWN", "DT_FIFO", "DT_CHR", NULL, "DT_DIR", NULL,
      "DT_BLK", NULL, "DT_REG", NULL, "DT_LNK", NULL, "DT_SOCK", NULL, "DT_WHT"};
  return t < sizeof names / sizeof names[0] && names[t] ? names[t] : "?";
}

// The entries of a getdents buffer of `len` bytes; names start at `name_off`.
static const char *fmt_dirents(const char *buf, long len, int is64, void *addr) {
  used = 0;
  int n = 0;
  if (VERBOSE) {
    add("[");
  }
  for (long off = 0; off < len;) {
    uint64_t ino, doff;
    uint16_t reclen;
    memcpy(&ino, buf + off, 8);
    memcpy(&doff, buf + off + 8, 8);
    memcpy(&reclen, buf + off + 16, 2);
    unsigned type = (unsigned char)(is64 ? buf[off + 18] : buf[off + reclen - 1]);
    const char *name = buf + off + (is64 ? 19 : 18);
    if (VERBOSE) {
      add("%s{d_ino=%llu, d_off=%lld, d_reclen=%u, ", n ? ", " : "", (unsigned long long)ino,
          (long long)doff, reclen);
      if (is64) {
        add("d_type=%s, d_name=\"%s\"}", dt_name(type), name);
      } else {
        add("d_name=\"%s\", d_type=%s}", name, dt_name(type));
      }
    }
    ++n;
    off += reclen;
  }
  if (VERBOSE) {
    add("]");
  } else if (addr == NULL) {
    add("NULL /* %d entries */", n);
  } else {
    add("%p /* %d entries */", addr, n);
  }
  return text;
}

int main(void) {
  static char buf[4096];
  char dir[] = "/tmp/cxtrace-dec-fs-XXXXXX";
  CHECK(mkdtemp(dir) != NULL);
  char path[128];
  snprintf(path, sizeof path, "%s/file", dir);
  CHECK(close(open(path, O_CREAT | O_WRONLY, 0600)) == 0);
  snprintf(path, sizeof path, "%s/sub", dir);
  CHECK(mkdir(path, 0700) == 0);
  snprintf(path, sizeof path, "%s/link", dir);
  CHECK(symlink("file", path) == 0);
  int fd = open(dir, O_RDONLY | O_DIRECTORY);
  CHECK(fd >= 0);
  start_marker();

  long r = syscall(SYS_getdents64, fd, buf, sizeof buf);
  expect_call(res(r), "getdents64(%d, %s, %zu)", fd, fmt_dirents(buf, r, 1, buf), sizeof buf);
  r = syscall(SYS_getdents64, fd, buf, sizeof buf);
  expect_call(res(r), "getdents64(%d, %s, %zu)", fd, fmt_dirents(buf, r, 1, buf), sizeof buf);
  r = syscall(SYS_getdents64, fd, NULL, 0);
  expect_call(res(r), "getdents64(%d, %s, 0)", fd, fmt_dirents(buf, r, 1, NULL));
  r = syscall(SYS_getdents64, -1, buf, sizeof buf);
  expect_call(res(r), "getdents64(-1, %p, %zu)", buf, sizeof buf);
  CHECK(lseek(fd, 0, SEEK_SET) == 0);
  r = syscall(SYS_getdents64, fd, buf, 30);
  expect_call(res(r), "getdents64(%d, %s, 30)", fd, fmt_dirents(buf, r, 1, buf));
  CHECK(lseek(fd, 0, SEEK_SET) == 0);
  r = syscall(SYS_getdents, fd, buf, sizeof buf);
  expect_call(res(r), "getdents(%d, %s, %zu)", fd, fmt_dirents(buf, r, 0, buf), sizeof buf);

  struct {
    struct open_how how;
    uint64_t extra;
  } h = {{O_RDONLY | O_CLOEXEC, 0, RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS}, 0};
  r = syscall(SYS_openat2, fd, "file", &h.how, sizeof h.how);
  expect_call(res(r), "openat2(%d, \"file\", {flags=O_RDONLY|O_CLOEXEC, resolve=RESOLVE_NO_SYMLINKS|"
              "RESOLVE_BENEATH}, 24)", fd);
  h.how = (struct open_how){O_WRONLY | O_CREAT | O_TRUNC, 0640, 0};
  r = syscall(SYS_openat2, fd, "new", &h.how, sizeof h.how);
  expect_call(res(r), "openat2(%d, \"new\", {flags=O_WRONLY|O_CREAT|O_TRUNC, mode=0640, resolve=0}, 24)",
              fd);
  h.how = (struct open_how){O_RDONLY, 0644, 0x80};
  r = syscall(SYS_openat2, fd, "file", &h.how, sizeof h.how);
  expect_call(res(r), "openat2(%d, \"file\", {flags=O_RDONLY, mode=0644, resolve=0x80 /* RESOLVE_??? */}, 24)",
              fd);
  h.how = (struct open_how){O_RDONLY, 0, 0};
  r = syscall(SYS_openat2, fd, "file", &h, sizeof h);
  expect_call(res(r), "openat2(%d, \"file\", {flags=O_RDONLY, resolve=0}, 32)", fd);
  h.extra = 0x105;
  r = syscall(SYS_openat2, fd, "file", &h, sizeof h);
  expect_call(res(r), "openat2(%d, \"file\", {flags=O_RDONLY, resolve=0, /* bytes 24..31 */ "
              "\"\\x05\\x01\\x00\\x00\\x00\\x00\\x00\\x00\"}, 32)", fd);
  r = syscall(SYS_openat2, fd, "file", &h.how, 16);
  expect_call(res(r), "openat2(%d, \"file\", %p, 16)", fd, (void *)&h.how);
  r = syscall(SYS_openat2, fd, "file", NULL, 24);
  expect_call(res(r), "openat2(%d, \"file\", NULL, 24)", fd);

  unlinkat(fd, "new", 0);
  unlinkat(fd, "file", 0);
  unlinkat(fd, "link", 0);
  unlinkat(fd, "sub", AT_REMOVEDIR);
  rmdir(dir);
  expect_line("+++ exited with 0 +++");
  return 0;
}
