// Helpers for test programs in strace's own style: a program makes system calls and prints on
// stdout the exact trace lines it expects, which tests/e2e/run_prog.py compares with the trace.
//
// A program names the tracer options it is meant for in a header comment:
//   // cxtrace-args: -a 24 -e raw=all -e trace=chdir
// The runner always adds `-o TRACEFILE` and runs the program with no arguments, stdout captured.
//
// Every line goes out with fflush, so the expectation survives fork() (no buffer copied into the
// child) and a program killed by a signal (nothing left unwritten).
#pragma once

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// The column the tracer aligns " = " at (its -a/--columns option; 40 when not given).
static int expect_column = 40;

// What starts every line: empty, or the pid left-aligned in 5 and a space when the trace is
// written with -o FILE -f (strace's "%-5d " layout).
static char expect_prefix[32];

static inline void expect_pid_prefix(int pid) {
  if (pid > 0) {
    snprintf(expect_prefix, sizeof expect_prefix, "%-5d ", pid);
  } else {
    expect_prefix[0] = '\0';
  }
}

// One finished syscall: `call` padded to the column, then "= result". A call as wide as the
// column or wider gets a single space before "=" (strace's tabto()). The prefix counts.
static inline void expect_call(const char *result, const char *call_fmt, ...)
    __attribute__((format(printf, 2, 3)));
static inline void expect_call(const char *result, const char *call_fmt, ...) {
  char call[4096];
  va_list ap;
  va_start(ap, call_fmt);
  vsnprintf(call, sizeof call, call_fmt, ap);
  va_end(ap);
  int width = (int)(strlen(expect_prefix) + strlen(call));
  int pad = width < expect_column ? expect_column - width : 1;
  printf("%s%s%*s= %s\n", expect_prefix, call, pad, "", result);
  fflush(stdout);
}

// A line printed as is after the prefix: `--- SIGUSR1 {...} ---`, `+++ exited with 0 +++`.
static inline void expect_line(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static inline void expect_line(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fputs(expect_prefix, stdout);
  vprintf(fmt, ap);
  va_end(ap);
  putchar('\n');
  fflush(stdout);
}

// A raw argument or return value as strace prints it with -e raw=all: "%#lx", so 0 is "0".
#define X(v) ((unsigned long)(v))

// For the program's own sanity checks: a broken assumption is a test failure, said clearly.
#define CHECK(cond)                                                              \
  do {                                                                           \
    if (!(cond)) {                                                               \
      fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);   \
      fflush(stdout);                                                            \
      exit(99);                                                                  \
    }                                                                            \
  } while (0)
