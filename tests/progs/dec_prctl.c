// prctl: the option decides the arguments and their forms; the kernel fills arg2 for the
// getters (shown at exit) or the result describes itself (`= 1 (SUID_DUMP_USER)`); options
// strace does not know print their four arguments in hex.
// cxtrace-args: -e trace=prctl,getppid
// cxtrace-after: ^getppid\(
#define _GNU_SOURCE
#include <linux/capability.h>
#include <signal.h>
#include <sys/prctl.h>

#include "dec_util.h"

int main(void) {
  start_marker();

  long r = syscall(SYS_prctl, PR_SET_NAME, "dec-prctl", 0, 0, 0);
  expect_call(res(r), "prctl(PR_SET_NAME, \"dec-prctl\")");
  char name[16] = {0};
  r = syscall(SYS_prctl, PR_GET_NAME, name, 0, 0, 0);
  expect_call(res(r), "prctl(PR_GET_NAME, \"%s\")", name);
  r = syscall(SYS_prctl, PR_SET_NAME, "abcdefghijklmnopqrstuvwxyz", 0, 0, 0);
  expect_call(res(r), "prctl(PR_SET_NAME, \"abcdefghijklmno\"...)");
  r = syscall(SYS_prctl, PR_SET_NAME, "abcdefghijklmno", 0, 0, 0);
  expect_call(res(r), "prctl(PR_SET_NAME, \"abcdefghijklmno\"...)");
  r = syscall(SYS_prctl, PR_SET_NAME, "abcdefghijklmn", 0, 0, 0);
  expect_call(res(r), "prctl(PR_SET_NAME, \"abcdefghijklmn\")");
  r = syscall(SYS_prctl, PR_SET_NAME, NULL, 0, 0, 0);
  expect_call(res(r), "prctl(PR_SET_NAME, NULL)");
  r = syscall(SYS_prctl, PR_GET_NAME, NULL, 0, 0, 0);
  expect_call(res(r), "prctl(PR_GET_NAME, NULL)");

  r = syscall(SYS_prctl, PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
  expect_call(res(r), "prctl(PR_SET_PDEATHSIG, SIGKILL)");
  int sig = -1;
  r = syscall(SYS_prctl, PR_GET_PDEATHSIG, &sig, 0, 0, 0);
  CHECK(sig == SIGKILL);
  expect_call(res(r), "prctl(PR_GET_PDEATHSIG, [SIGKILL])");
  r = syscall(SYS_prctl, PR_SET_PDEATHSIG, 200L, 0, 0, 0);
  expect_call(res(r), "prctl(PR_SET_PDEATHSIG, 200)");

  r = syscall(SYS_prctl, PR_GET_DUMPABLE, 0, 0, 0, 0);
  CHECK(r == 1);
  expect_call("1 (SUID_DUMP_USER)", "prctl(PR_GET_DUMPABLE)");
  r = syscall(SYS_prctl, PR_SET_DUMPABLE, 1L, 0, 0, 0);
  expect_call(res(r), "prctl(PR_SET_DUMPABLE, SUID_DUMP_USER)");
  r = syscall(SYS_prctl, PR_SET_DUMPABLE, 7L, 0, 0, 0);
  expect_call(res(r), "prctl(PR_SET_DUMPABLE, 0x7 /* SUID_DUMP_??? */)");

  r = syscall(SYS_prctl, PR_SET_NO_NEW_PRIVS, 1L, 0L, 0L, 0L);
  expect_call(res(r), "prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)");
  r = syscall(SYS_prctl, PR_GET_NO_NEW_PRIVS, 0L, 0L, 0L, 0L);
  expect_call(res(r), "prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0)");
  r = syscall(SYS_prctl, PR_CAPBSET_READ, (long)CAP_CHOWN, 0L, 0L, 0L);
  expect_call(res(r), "prctl(PR_CAPBSET_READ, CAP_CHOWN)");
  r = syscall(SYS_prctl, PR_CAP_AMBIENT, (long)PR_CAP_AMBIENT_IS_SET, (long)CAP_KILL, 0L, 0L);
  expect_call(res(r), "prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_IS_SET, CAP_KILL, 0, 0)");
  r = syscall(SYS_prctl, PR_CAP_AMBIENT, (long)PR_CAP_AMBIENT_CLEAR_ALL, 0L, 0L, 0L);
  expect_call(res(r), "prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0)");
  r = syscall(SYS_prctl, PR_GET_KEEPCAPS, 0L, 0L, 0L, 0L);
  expect_call(res(r), "prctl(PR_GET_KEEPCAPS)");
  r = syscall(SYS_prctl, PR_SET_KEEPCAPS, 0L, 0L, 0L, 0L);
  expect_call(res(r), "prctl(PR_SET_KEEPCAPS, 0)");

  r = syscall(SYS_prctl, PR_SET_CHILD_SUBREAPER, 1L, 0L, 0L, 0L);
  expect_call(res(r), "prctl(PR_SET_CHILD_SUBREAPER, 1)");
  int sub = -1;
  r = syscall(SYS_prctl, PR_GET_CHILD_SUBREAPER, &sub, 0L, 0L, 0L);
  expect_call(res(r), "prctl(PR_GET_CHILD_SUBREAPER, [%d])", sub);
  r = syscall(SYS_prctl, PR_GET_CHILD_SUBREAPER, 1L, 0L, 0L, 0L);
  expect_call(res(r), "prctl(PR_GET_CHILD_SUBREAPER, 0x1)");

  r = syscall(SYS_prctl, PR_SET_TIMERSLACK, 50000L, 0L, 0L, 0L);
  expect_call(res(r), "prctl(PR_SET_TIMERSLACK, 50000)");
  r = syscall(SYS_prctl, PR_GET_TIMERSLACK, 0L, 0L, 0L, 0L);
  expect_call(res(r), "prctl(PR_GET_TIMERSLACK)");
  r = syscall(SYS_prctl, PR_GET_SECUREBITS, 0L, 0L, 0L, 0L);
  expect_call(res(r), "prctl(PR_GET_SECUREBITS)");
  r = syscall(SYS_prctl, PR_SET_SECUREBITS, 0x10000L, 0L, 0L, 0L);
  expect_call(res(r), "prctl(PR_SET_SECUREBITS, 0x10000 /* SECBIT_??? */)");
  r = syscall(SYS_prctl, PR_SET_PTRACER, -1L, 0L, 0L, 0L);
  expect_call(res(r), "prctl(PR_SET_PTRACER, PR_SET_PTRACER_ANY)");
  unsigned long tid_addr = 0;
  r = syscall(SYS_prctl, PR_GET_TID_ADDRESS, &tid_addr, 0L, 0L, 0L);
  expect_call(res(r), "prctl(PR_GET_TID_ADDRESS, [%#lx])", tid_addr);
  r = syscall(SYS_prctl, PR_GET_THP_DISABLE, 0L, 0L, 0L, 0L);
  expect_call(res(r), "prctl(PR_GET_THP_DISABLE, 0, 0, 0, 0)");
  r = syscall(SYS_prctl, PR_GET_SECCOMP, 0L, 0L, 0L, 0L);
  expect_call(res(r), "prctl(PR_GET_SECCOMP)");
  r = syscall(SYS_prctl, PR_MCE_KILL, (long)PR_MCE_KILL_SET, (long)PR_MCE_KILL_EARLY, 0L, 0L);
  expect_call(res(r), "prctl(PR_MCE_KILL, PR_MCE_KILL_SET, PR_MCE_KILL_EARLY, 0, 0)");
  r = syscall(SYS_prctl, PR_MCE_KILL_GET, 0L, 0L, 0L, 0L);
  expect_call(r == PR_MCE_KILL_EARLY ? "1 (PR_MCE_KILL_EARLY)" : res(r), "prctl(PR_MCE_KILL_GET, 0, 0, 0, 0)");
  r = syscall(SYS_prctl, PR_SET_SECCOMP, 1234L, 5L, 6L, 7L);
  expect_call(res(r), "prctl(PR_SET_SECCOMP, 0x4d2 /* SECCOMP_MODE_??? */, 0x5, 0x6, 0x7)");
  r = syscall(SYS_prctl, 0x12345, 1L, 2L, 3L, 4L);
  expect_call(res(r), "prctl(0x12345 /* PR_??? */, 0x1, 0x2, 0x3, 0x4)");

  expect_line("+++ exited with 0 +++");
  return 0;
}
