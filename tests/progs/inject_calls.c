// Tampering with -e inject= and -e fault=: the program checks what it saw itself (the result,
// errno, that the real call did not happen, the signal, the time it was held), and prints the
// lines the tracer shows. The same options give the same trace under strace 6.1 (whose later
// error injections in a thread go wrong once syscall= has been used in it: hence unlink last).
// cxtrace-args: -e trace=chdir,pwrite64,unlink,getppid,getpgrp,sched_yield,getuid
// cxtrace-args: -e inject=chdir:error=EACCES:when=2..3 -e inject=pwrite64:retval=42
// cxtrace-args: -e inject=unlink:retval=0:syscall=gettid -e fault=getppid:when=2
// cxtrace-args: -e inject=getpgrp:signal=SIGUSR1 -e inject=sched_yield:delay_enter=50ms
// cxtrace-args: -e inject=getuid:delay_exit=30000:retval=4242
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "expect.h"

static volatile sig_atomic_t usr1_count;

static void on_usr1(int sig) {
  (void)sig;
  ++usr1_count;
}

static long elapsed_ms(const struct timespec *from) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return (now.tv_sec - from->tv_sec) * 1000 + (now.tv_nsec - from->tv_nsec) / 1000000;
}

static void check_cwd(const char *want) {
  char cwd[256];
  CHECK(getcwd(cwd, sizeof cwd) != NULL && strcmp(cwd, want) == 0);
}

int main(void) {
  static const char name[] = "inject_calls.tmp";
  signal(SIGUSR1, on_usr1);

  // retval=: the program sees the value, and nothing reached the file.
  int fd = open(name, O_RDWR | O_CREAT | O_TRUNC, 0600);
  CHECK(fd >= 0);
  long r = syscall(SYS_pwrite64, fd, "hello", 5, 0);
  CHECK(r == 42);
  expect_call("42 (INJECTED)", "pwrite64(%d, \"hello\", 5, 0)", fd);
  struct stat st;
  CHECK(fstat(fd, &st) == 0 && st.st_size == 0);
  close(fd);
  CHECK(unlinkat(AT_FDCWD, name, 0) == 0);

  // fault= with when=2: ENOSYS, only the second time.
  long ppid = syscall(SYS_getppid);
  CHECK(ppid > 0);
  char buf[32];
  snprintf(buf, sizeof buf, "%ld", ppid);
  expect_call(buf, "getppid()");
  r = syscall(SYS_getppid);
  CHECK(r == -1 && errno == ENOSYS);
  expect_call("-1 ENOSYS (Function not implemented) (INJECTED)", "getppid()");

  // signal= alone: the call runs, and the signal arrives as it returns.
  long pgrp = syscall(SYS_getpgrp);
  CHECK(pgrp == getpgid(0));
  snprintf(buf, sizeof buf, "%ld", pgrp);
  expect_call(buf, "getpgrp()");
  expect_line("--- SIGUSR1 {si_signo=SIGUSR1, si_code=SI_KERNEL} ---");
  CHECK(usr1_count == 1);

  // error= with when=2..3: the second and third calls fail and leave the directory alone.
  CHECK(syscall(SYS_chdir, "/") == 0);
  expect_call("0", "chdir(\"/\")");
  for (int i = 0; i < 2; ++i) {
    r = syscall(SYS_chdir, "/tmp");
    CHECK(r == -1 && errno == EACCES);
    expect_call("-1 EACCES (Permission denied) (INJECTED)", "chdir(\"/tmp\")");
    check_cwd("/");
  }
  CHECK(syscall(SYS_chdir, "/tmp") == 0);
  expect_call("0", "chdir(\"/tmp\")");
  check_cwd("/tmp");

  // delay_enter=50ms, delay_exit=30000 (microseconds): held at least that long.
  struct timespec t0;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  CHECK(syscall(SYS_sched_yield) == 0);
  CHECK(elapsed_ms(&t0) >= 50);
  expect_call("0 (DELAYED)", "sched_yield()");
  clock_gettime(CLOCK_MONOTONIC, &t0);
  CHECK(syscall(SYS_getuid) == 4242);
  CHECK(elapsed_ms(&t0) >= 30);
  expect_call("4242 (INJECTED) (DELAYED)", "getuid()");

  // syscall=gettid runs instead of unlink: the file is still there.
  fd = open(name, O_RDWR | O_CREAT, 0600);
  CHECK(fd >= 0);
  close(fd);
  r = syscall(SYS_unlink, name);
  CHECK(r == 0);
  expect_call("0 (INJECTED)", "unlink(\"%s\")", name);
  CHECK(access(name, F_OK) == 0);
  CHECK(unlinkat(AT_FDCWD, name, 0) == 0);

  expect_line("+++ exited with 0 +++");
  return 0;
}
