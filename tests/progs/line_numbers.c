// -n and -X verbose: each line starts with its syscall's number, `[ 257] `, and named
// constants show their numbers, in their table's format, with the names in a comment. Signal
// and exit lines carry the number of the thread's latest syscall.
// cxtrace-args: -n -X verbose -e trace=openat,lseek,newfstatat,socket,mmap,kill,rt_sigprocmask,getppid,exit_group
// cxtrace-after: getppid\(
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "dec_util.h"

static void number(long nr) { snprintf(expect_prefix, sizeof expect_prefix, "[%4ld] ", nr); }

static void on_usr1(int sig) { (void)sig; }

int main(void) {
  // stdio must not stat stdout once the trace counts.
  static char outbuf[1 << 14];
  setvbuf(stdout, outbuf, _IOFBF, sizeof outbuf);
  signal(SIGUSR1, on_usr1);
  start_marker();

  number(SYS_openat);
  long fd = syscall(SYS_openat, AT_FDCWD, "/dev/null", O_RDONLY | O_CLOEXEC);
  expect_call(res(fd), "openat(%d /* AT_FDCWD */, \"/dev/null\", %#x /* O_RDONLY|O_CLOEXEC */)",
              AT_FDCWD, O_CLOEXEC);

  number(SYS_lseek);
  long r = syscall(SYS_lseek, fd, 0L, SEEK_END);
  expect_call(res(r), "lseek(%ld, 0, %#x /* SEEK_END */)", fd, SEEK_END);

  // An errno keeps its name; a zero flag set with a name for zero shows both.
  number(SYS_openat);
  r = syscall(SYS_openat, AT_FDCWD, "/nonexistent-cxtrace", O_RDONLY);
  expect_call(res(r), "openat(%d /* AT_FDCWD */, \"/nonexistent-cxtrace\", 0 /* O_RDONLY */)",
              AT_FDCWD);

  // st_mode in octal with its parts, st_rdev as the number with makedev().
  struct stat st;
  number(SYS_newfstatat);
  r = syscall(SYS_newfstatat, AT_FDCWD, "/dev/null", &st, 0);
  CHECK(r == 0 && S_ISCHR(st.st_mode));
  expect_call(res(r),
              "newfstatat(%d /* AT_FDCWD */, \"/dev/null\", {st_mode=%#o /* S_IFCHR|%#03o */, "
              "st_rdev=%#lx /* makedev(%#x, %#x) */, ...}, 0)",
              AT_FDCWD, st.st_mode, st.st_mode & 0777, (unsigned long)st.st_rdev,
              major(st.st_rdev), minor(st.st_rdev));

  // The socket type is two parts, each with its number.
  number(SYS_socket);
  r = syscall(SYS_socket, AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  expect_call(res(r), "socket(%#x /* AF_UNIX */, %#x /* SOCK_STREAM */|%#x /* SOCK_CLOEXEC */, 0)",
              AF_UNIX, SOCK_STREAM, SOCK_CLOEXEC);

  number(SYS_mmap);
  r = syscall(SYS_mmap, 0L, 4096L, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1L, 0L);
  expect_call(res_hex(r),
              "mmap(NULL, 4096, %#x /* PROT_READ|PROT_WRITE */, %#x /* MAP_PRIVATE|MAP_ANONYMOUS */, -1, 0)",
              PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS);

  // Signals in decimal, named in comments (a mask's names without SIG).
  int pid = getpid();
  number(SYS_kill);
  r = syscall(SYS_kill, pid, SIGUSR1);
  expect_call(res(r), "kill(%d, %d /* SIGUSR1 */)", pid, SIGUSR1);
  expect_line("--- SIGUSR1 {si_signo=%d /* SIGUSR1 */, si_code=0 /* SI_USER */, si_pid=%d, "
              "si_uid=%d} ---",
              SIGUSR1, pid, (int)getuid());

  number(SYS_rt_sigprocmask);
  unsigned long set = 1UL << (SIGUSR1 - 1) | 1UL << (SIGUSR2 - 1), old = 0;
  r = syscall(SYS_rt_sigprocmask, SIG_SETMASK, &set, &old, 8);
  expect_call(res(r), "rt_sigprocmask(%#x /* SIG_SETMASK */, [%d /* USR1 */ %d /* USR2 */], [], 8)",
              SIG_SETMASK, SIGUSR1, SIGUSR2);
  r = syscall(SYS_rt_sigprocmask, SIG_SETMASK, &old, NULL, 8);
  expect_call(res(r), "rt_sigprocmask(%#x /* SIG_SETMASK */, [], NULL, 8)", SIG_SETMASK);

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
