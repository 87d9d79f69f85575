// -X raw: named constants and flag sets print as numbers, each in the format strace gives its
// table: flags and most enums in hex, modes in octal, signals in decimal, a socket type as
// its kind and its flags, a device as one number. Strings, errno names and the result's
// decoration do not change.
// cxtrace-args: -X raw -e trace=openat,fcntl,lseek,newfstatat,socket,mmap,kill,rt_sigprocmask,getppid
// cxtrace-after: getppid\(
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "dec_util.h"

static void on_usr1(int sig) { (void)sig; }

int main(void) {
  // stdio must not stat stdout once the trace counts.
  static char outbuf[1 << 14];
  setvbuf(stdout, outbuf, _IOFBF, sizeof outbuf);
  signal(SIGUSR1, on_usr1);
  start_marker();

  long fd = syscall(SYS_openat, AT_FDCWD, "/dev/null", O_WRONLY | O_APPEND | O_CLOEXEC);
  expect_call(res(fd), "openat(%d, \"/dev/null\", %#x)", AT_FDCWD,
              O_WRONLY | O_APPEND | O_CLOEXEC);

  long r = syscall(SYS_fcntl, fd, F_GETFL);
  expect_call("0x8401 (flags O_WRONLY|O_APPEND|O_LARGEFILE)", "fcntl(%ld, %#x)", fd, F_GETFL);
  CHECK(r == 0x8401);

  r = syscall(SYS_lseek, fd, 0L, SEEK_END);
  expect_call(res(r), "lseek(%ld, 0, %#x)", fd, SEEK_END);

  // An errno keeps its name.
  r = syscall(SYS_openat, AT_FDCWD, "/nonexistent-cxtrace", O_RDONLY);
  expect_call(res(r), "openat(%d, \"/nonexistent-cxtrace\", 0)", AT_FDCWD);

  // st_mode in octal, st_rdev as the device's number.
  struct stat st;
  r = syscall(SYS_newfstatat, AT_FDCWD, "/dev/null", &st, 0);
  CHECK(r == 0 && S_ISCHR(st.st_mode));
  expect_call(res(r), "newfstatat(%d, \"/dev/null\", {st_mode=%#o, st_rdev=%#lx, ...}, 0)",
              AT_FDCWD, st.st_mode, (unsigned long)st.st_rdev);

  // The socket type is two numbers: its kind and its flags.
  r = syscall(SYS_socket, AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  expect_call(res(r), "socket(%#x, %#x|%#x, 0)", AF_UNIX, SOCK_STREAM, SOCK_CLOEXEC);

  r = syscall(SYS_mmap, 0L, 4096L, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1L, 0L);
  expect_call(res_hex(r), "mmap(NULL, 4096, %#x, %#x, -1, 0)", PROT_READ | PROT_WRITE,
              MAP_PRIVATE | MAP_ANONYMOUS);

  // Signals in decimal, in the call, the mask and the siginfo alike.
  int pid = getpid();
  r = syscall(SYS_kill, pid, SIGUSR1);
  expect_call(res(r), "kill(%d, %d)", pid, SIGUSR1);
  expect_line("--- SIGUSR1 {si_signo=%d, si_code=0, si_pid=%d, si_uid=%d} ---", SIGUSR1, pid,
              (int)getuid());

  unsigned long set = 1UL << (SIGUSR1 - 1) | 1UL << (SIGUSR2 - 1), old = 0;
  r = syscall(SYS_rt_sigprocmask, SIG_SETMASK, &set, &old, 8);
  expect_call(res(r), "rt_sigprocmask(%#x, [%d %d], [], 8)", SIG_SETMASK, SIGUSR1, SIGUSR2);
  r = syscall(SYS_rt_sigprocmask, SIG_SETMASK, &old, NULL, 8);
  expect_call(res(r), "rt_sigprocmask(%#x, [], NULL, 8)", SIG_SETMASK);

  expect_line("+++ exited with 0 +++");
  return 0;
}
