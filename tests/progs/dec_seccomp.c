// seccomp: the operation decides `flags` and `args`: a filter program, an action, the sizes
// the kernel fills (shown at exit).
// cxtrace-args: -e trace=seccomp,getppid
// cxtrace-after: ^getppid\(
#define _GNU_SOURCE
#include <linux/filter.h>
#include <linux/seccomp.h>

#include "dec_util.h"

int main(void) {
  start_marker();

  unsigned action = SECCOMP_RET_LOG;
  long r = syscall(SYS_seccomp, SECCOMP_GET_ACTION_AVAIL, 0, &action);
  expect_call(res(r), "seccomp(SECCOMP_GET_ACTION_AVAIL, 0, [SECCOMP_RET_LOG])");
  action = 0x12345;
  r = syscall(SYS_seccomp, SECCOMP_GET_ACTION_AVAIL, 0, &action);
  expect_call(res(r), "seccomp(SECCOMP_GET_ACTION_AVAIL, 0, [0x12345 /* SECCOMP_RET_??? */])");
  struct seccomp_notif_sizes sizes;
  r = syscall(SYS_seccomp, SECCOMP_GET_NOTIF_SIZES, 0, &sizes);
  expect_call(res(r), "seccomp(SECCOMP_GET_NOTIF_SIZES, 0, {seccomp_notif=%u, seccomp_notif_resp=%u, "
              "seccomp_data=%u})", sizes.seccomp_notif, sizes.seccomp_notif_resp, sizes.seccomp_data);
  r = syscall(SYS_seccomp, SECCOMP_GET_NOTIF_SIZES, 0, NULL);
  expect_call(res(r), "seccomp(SECCOMP_GET_NOTIF_SIZES, 0, NULL)");

  struct sock_filter insns[] = {BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW)};
  struct sock_fprog prog = {0, insns};
  r = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_LOG | 0x1000, &prog);
  expect_call(res(r), "seccomp(SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_LOG|0x1000, {len=0, filter=%p})",
              (void *)insns);
  r = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, NULL);
  expect_call(res(r), "seccomp(SECCOMP_SET_MODE_FILTER, 0, NULL)");
  r = syscall(SYS_seccomp, SECCOMP_SET_MODE_STRICT, 1, 0x1234);
  expect_call(res(r), "seccomp(SECCOMP_SET_MODE_STRICT, 0x1, 0x1234)");
  r = syscall(SYS_seccomp, 77, 1, 0);
  expect_call(res(r), "seccomp(0x4d /* SECCOMP_SET_MODE_??? */, 0x1, NULL)");

  expect_line("+++ exited with 0 +++");
  return 0;
}
