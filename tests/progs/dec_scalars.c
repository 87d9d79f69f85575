// The everyday scalar types: ints, sizes, offsets, pids, uids, descriptors with AT_FDCWD,
// permission modes, the umask result, device numbers, seek whence, access modes, AT_* flags,
// and an int pair (pipe2).
// cxtrace-args: -e trace=sendfile,fallocate,sync_file_range,lseek,umask,fchmodat,mknodat,faccessat,kill,setresuid,pipe2,close,dup3,unlinkat,linkat,fchownat,getpgid,madvise,mprotect,readlinkat,ftruncate,getppid
// cxtrace-after: ^getppid\(
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "dec_util.h"

int main(void) {
  static const char name[] = "dec_scalars.tmp";
  start_marker();

  char old[16];
  long r = syscall(SYS_umask, 022);
  snprintf(old, sizeof old, "%03lo", r);
  expect_call(old, "umask(022)");
  r = syscall(SYS_umask, 027);
  expect_call("022", "umask(027)");
  r = syscall(SYS_umask, 0);
  expect_call("027", "umask(000)");
  r = syscall(SYS_umask, 022);
  expect_call("000", "umask(022)");

  int fd = (int)syscall(SYS_openat, AT_FDCWD, name, O_RDWR | O_CREAT | O_TRUNC, 0600);
  CHECK(fd >= 0);
  r = syscall(SYS_lseek, fd, 1234L, SEEK_SET);
  expect_call(res(r), "lseek(%d, 1234, SEEK_SET)", fd);
  r = syscall(SYS_lseek, fd, -1L, SEEK_CUR);
  expect_call(res(r), "lseek(%d, -1, SEEK_CUR)", fd);
  r = syscall(SYS_lseek, fd, 0L, 7);
  expect_call(res(r), "lseek(%d, 0, 0x7 /* SEEK_??? */)", fd);
  r = syscall(SYS_ftruncate, fd, 4096L);
  expect_call(res(r), "ftruncate(%d, 4096)", fd);

  // A flag word with no bit the table knows; one with some.
  r = syscall(SYS_fallocate, fd, 0x1000, 0L, 1L);
  expect_call(res(r), "fallocate(%d, 0x1000 /* FALLOC_FL_??? */, 0, 1)", fd);
  r = syscall(SYS_sync_file_range, fd, 0L, 0L, SYNC_FILE_RANGE_WRITE | 0x10);
  expect_call(res(r), "sync_file_range(%d, 0, 0, SYNC_FILE_RANGE_WRITE|0x10)", fd);
  // An in/out offset the call moved: before and after.
  int null = open("/dev/null", O_WRONLY);
  CHECK(null >= 0);
  CHECK(pwrite(fd, "abc", 3, 0) == 3);
  off_t off = 0;
  r = syscall(SYS_sendfile, null, fd, &off, 3L);
  expect_call(res(r), "sendfile(%d, %d, [0] => [3], 3)", null, fd);
  r = syscall(SYS_sendfile, null, fd, &off, 0L);
  expect_call(res(r), "sendfile(%d, %d, [3], 0)", null, fd);
  r = syscall(SYS_close, null);
  expect_call(res(r), "close(%d)", null);

  r = syscall(SYS_fchmodat, AT_FDCWD, name, 04755);
  expect_call(res(r), "fchmodat(AT_FDCWD, \"%s\", 04755)", name);
  r = syscall(SYS_faccessat, AT_FDCWD, name, R_OK | W_OK);
  expect_call(res(r), "faccessat(AT_FDCWD, \"%s\", R_OK|W_OK)", name);
  r = syscall(SYS_faccessat, AT_FDCWD, name, F_OK);
  expect_call(res(r), "faccessat(AT_FDCWD, \"%s\", F_OK)", name);
  r = syscall(SYS_fchownat, AT_FDCWD, name, -1, -1, AT_SYMLINK_NOFOLLOW);
  expect_call(res(r), "fchownat(AT_FDCWD, \"%s\", -1, -1, AT_SYMLINK_NOFOLLOW)", name);
  r = syscall(SYS_linkat, AT_FDCWD, name, AT_FDCWD, "dec_scalars.lnk", AT_SYMLINK_FOLLOW | AT_EMPTY_PATH);
  expect_call(res(r), "linkat(AT_FDCWD, \"%s\", AT_FDCWD, \"dec_scalars.lnk\", AT_SYMLINK_FOLLOW|AT_EMPTY_PATH)", name);
  r = syscall(SYS_unlinkat, AT_FDCWD, "dec_scalars.lnk", 0);
  expect_call(res(r), "unlinkat(AT_FDCWD, \"dec_scalars.lnk\", 0)");
  r = syscall(SYS_unlinkat, fd, "x", AT_REMOVEDIR);
  expect_call(res(r), "unlinkat(%d, \"x\", AT_REMOVEDIR)", fd);
  char buf[8];
  r = syscall(SYS_readlinkat, AT_FDCWD, name, buf, sizeof buf);
  expect_call(res(r), "readlinkat(AT_FDCWD, \"%s\", %p, 8)", name, (void *)buf);
  r = syscall(SYS_unlinkat, AT_FDCWD, name, 0);
  expect_call(res(r), "unlinkat(AT_FDCWD, \"%s\", 0)", name);

  r = syscall(SYS_mknodat, AT_FDCWD, "/nonexistent-cxtrace/n", S_IFCHR | 0600, makedev(1, 3));
  expect_call(res(r), "mknodat(AT_FDCWD, \"/nonexistent-cxtrace/n\", S_IFCHR|0600, makedev(0x1, 0x3))");
  r = syscall(SYS_mknodat, AT_FDCWD, "/nonexistent-cxtrace/f", S_IFIFO | 0644, 0);
  expect_call(res(r), "mknodat(AT_FDCWD, \"/nonexistent-cxtrace/f\", S_IFIFO|0644)");

  r = syscall(SYS_kill, 0x7ffffff0, 0);
  expect_call(res(r), "kill(2147483632, 0)");
  r = syscall(SYS_kill, 0x7ffffff1, SIGCONT);
  expect_call(res(r), "kill(2147483633, SIGCONT)");
  r = syscall(SYS_getpgid, 0);
  expect_call(res(r), "getpgid(0)");
  r = syscall(SYS_setresuid, -1, -1, -1);
  expect_call(res(r), "setresuid(-1, -1, -1)");

  int p[2];
  r = syscall(SYS_pipe2, p, O_CLOEXEC | O_NONBLOCK);
  expect_call(res(r), "pipe2([%d, %d], O_NONBLOCK|O_CLOEXEC)", p[0], p[1]);
  r = syscall(SYS_dup3, p[0], 100, O_CLOEXEC);
  expect_call(res(r), "dup3(%d, 100, O_CLOEXEC)", p[0]);
  r = syscall(SYS_close, 100);
  expect_call(res(r), "close(100)");
  r = syscall(SYS_close, -1);
  expect_call(res(r), "close(-1)");

  void *m = mmap(NULL, 8192, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  CHECK(m != MAP_FAILED);
  r = syscall(SYS_mprotect, m, 4096, PROT_READ | PROT_WRITE | PROT_EXEC);
  expect_call(res(r), "mprotect(%p, 4096, PROT_READ|PROT_WRITE|PROT_EXEC)", m);
  r = syscall(SYS_mprotect, m, 4096, PROT_NONE);
  expect_call(res(r), "mprotect(%p, 4096, PROT_NONE)", m);
  r = syscall(SYS_madvise, m, 8192, MADV_DONTNEED);
  expect_call(res(r), "madvise(%p, 8192, MADV_DONTNEED)", m);

  expect_line("+++ exited with 0 +++");
  return 0;
}
