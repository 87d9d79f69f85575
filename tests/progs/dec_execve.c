// execve: path, argv (at most -s elements and -s bytes each), the environment counted; a
// successful exec shows `= 0` and the new program's exit.
// cxtrace-args: -e trace=execve,getppid
// cxtrace-after: ^getppid\(
#define _GNU_SOURCE
#include "dec_util.h"

static char long_arg[41];
static char *many[40];

int main(void) {
  char *argv[] = {"true", "x", NULL};
  char *envp[] = {"A=1", "B=2", NULL};
  char *one_env[] = {"ONLY=1", NULL};
  start_marker();

  long r = syscall(SYS_execve, "/nonexistent-cxtrace", argv, envp);
  expect_call(res(r), "execve(\"/nonexistent-cxtrace\", [\"true\", \"x\"], %p /* 2 vars */)", (void *)envp);

  char *exact[] = {"0123456789abcdef0123456789abcdef", "0123456789abcdef0123456789abcdefg", NULL};
  r = syscall(SYS_execve, "/nonexistent-cxtrace", exact, envp);
  expect_call(res(r), "execve(\"/nonexistent-cxtrace\", [\"0123456789abcdef0123456789abcdef\", "
              "\"0123456789abcdef0123456789abcdef\"...], %p /* 2 vars */)", (void *)envp);

  r = syscall(SYS_execve, "/nonexistent-cxtrace", NULL, NULL);
  expect_call(res(r), "execve(\"/nonexistent-cxtrace\", NULL, NULL)");

  r = syscall(SYS_execve, "/nonexistent-cxtrace", 1L, 2L);
  expect_call(res(r), "execve(\"/nonexistent-cxtrace\", 0x1, 0x2)");

  memset(long_arg, 'a', sizeof long_arg - 1);
  for (int i = 0; i < 39; ++i) {
    many[i] = i == 0 ? long_arg : "b";
  }
  r = syscall(SYS_execve, "/nonexistent-cxtrace", many, one_env);
  char line[1024];
  int n = snprintf(line, sizeof line, "execve(\"/nonexistent-cxtrace\", [\"%.32s\"...", long_arg);
  for (int i = 1; i < 32; ++i) {
    n += snprintf(line + n, sizeof line - n, ", \"b\"");
  }
  snprintf(line + n, sizeof line - n, ", ...], %p /* 1 var */)", (void *)one_env);
  expect_call(res(r), "%s", line);

  expect_call("0", "execve(\"/bin/true\", [\"true\"], %p /* 1 var */)", (void *)one_env);
  expect_line("+++ exited with 0 +++");
  char *true_argv[] = {"true", NULL};
  syscall(SYS_execve, "/bin/true", true_argv, one_env);
  return 1;
}
