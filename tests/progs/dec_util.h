// Helpers for the decoder tests (tests/progs/dec_*.c): the result text a tracer prints for a
// syscall() return value, whatever the machine made it (a missing privilege or feature
// changes the errno, not the test), and the marker call after which the trace is compared
// (`// cxtrace-after: ^getppid\(`: the loader's own openat/mmap/execve calls come first).
#pragma once

#ifndef _GNU_SOURCE
#define _GNU_SOURCE  // strerrorname_np
#endif
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "expect.h"

// "0", "3", or "-1 ENOENT (No such file or directory)": call right after the syscall, while
// errno is still its own.
static inline const char *res(long ret) {
  static char bufs[8][160];
  static int next;
  char *b = bufs[next++ % 8];
  if (ret == -1) {
    int e = errno;
    snprintf(b, sizeof bufs[0], "-1 %s (%s)", strerrorname_np(e), strerror(e));
  } else {
    snprintf(b, sizeof bufs[0], "%ld", ret);
  }
  return b;
}

// The same for results printed in hex (strace's %#lx: 0 stays 0).
static inline const char *res_hex(long ret) {
  static char bufs[4][160];
  static int next;
  if (ret == -1) {
    return res(ret);
  }
  char *b = bufs[next++ % 4];
  snprintf(b, sizeof bufs[0], "%#lx", (unsigned long)ret);
  return b;
}

// The line the tests compare from: everything up to this call is the loader's.
static inline void start_marker(void) { syscall(SYS_getppid); }
