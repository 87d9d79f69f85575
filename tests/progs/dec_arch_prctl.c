// arch_prctl: a value for the setters, a pointer the kernel fills for the getters (shown at
// exit, `[0x7f…]`), nothing for ARCH_GET_CPUID.
// cxtrace-args: -e trace=arch_prctl,getppid
// cxtrace-after: ^getppid\(
#define _GNU_SOURCE
#include <asm/prctl.h>

#include "dec_util.h"

int main(void) {
  unsigned long fs = 0, gs = 0;
  start_marker();

  long r = syscall(SYS_arch_prctl, ARCH_GET_FS, &fs);
  expect_call(res(r), "arch_prctl(ARCH_GET_FS, [%#lx])", fs);
  r = syscall(SYS_arch_prctl, ARCH_SET_FS, fs);
  expect_call(res(r), "arch_prctl(ARCH_SET_FS, %#lx)", fs);
  r = syscall(SYS_arch_prctl, ARCH_GET_GS, &gs);
  if (gs == 0) {
    expect_call(res(r), "arch_prctl(ARCH_GET_GS, [NULL])");
  } else {
    expect_call(res(r), "arch_prctl(ARCH_GET_GS, [%#lx])", gs);
  }
  r = syscall(SYS_arch_prctl, ARCH_GET_CPUID, 0);
  expect_call(res(r), "arch_prctl(ARCH_GET_CPUID)");
  r = syscall(SYS_arch_prctl, ARCH_GET_FS, NULL);
  expect_call(res(r), "arch_prctl(ARCH_GET_FS, NULL)");
  r = syscall(SYS_arch_prctl, ARCH_GET_FS, 1L);
  expect_call(res(r), "arch_prctl(ARCH_GET_FS, 0x1)");
  r = syscall(SYS_arch_prctl, ARCH_REQ_XCOMP_PERM, 18L);
  expect_call(res(r), "arch_prctl(ARCH_REQ_XCOMP_PERM, 0x12 /* XFEATURE_XTILE_DATA */)");
  r = syscall(SYS_arch_prctl, ARCH_REQ_XCOMP_PERM, 19L);
  expect_call(res(r), "arch_prctl(ARCH_REQ_XCOMP_PERM, 0x13 /* XFEATURE_??? */)");
  r = syscall(SYS_arch_prctl, 0x1234, 5L);
  expect_call(res(r), "arch_prctl(0x1234 /* ARCH_??? */, 0x5)");

  expect_line("+++ exited with 0 +++");
  return 0;
}
