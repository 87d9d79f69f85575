// clone3: struct clone_args with only the fields its flags use, and after a successful call
// what the kernel wrote through them: `{...} => {parent_tid=[42]}`.
// cxtrace-args: -e trace=clone3,getppid
// cxtrace-after: ^getppid\(
#define _GNU_SOURCE
#include <linux/sched.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <sys/wait.h>

#include "dec_util.h"

static void reap(long pid) {
  if (pid == 0) {
    syscall(SYS_exit, 0);
  }
  if (pid > 0) {
    CHECK(waitpid((pid_t)pid, NULL, __WALL) == pid);
  }
}

int main(void) {
  int ptid = 0, ctid = 0, pidfd = -1;
  struct clone_args ca = {0};
  start_marker();

  ca.flags = CLONE_PARENT_SETTID;
  ca.parent_tid = (uintptr_t)&ptid;
  long r = syscall(SYS_clone3, &ca, sizeof ca);
  reap(r);
  expect_call(res(r), "clone3({flags=CLONE_PARENT_SETTID, parent_tid=%p, exit_signal=0, stack=NULL, "
              "stack_size=0} => {parent_tid=[%d]}, 88)", (void *)&ptid, ptid);

  ca = (struct clone_args){0};
  r = syscall(SYS_clone3, &ca, 64L);
  reap(r);
  expect_call(res(r), "clone3({flags=0, exit_signal=0, stack=NULL, stack_size=0}, 64)");

  ca.flags = CLONE_PIDFD | CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID;
  ca.pidfd = (uintptr_t)&pidfd;
  ca.parent_tid = (uintptr_t)&ptid;
  ca.child_tid = (uintptr_t)&ctid;
  r = syscall(SYS_clone3, &ca, sizeof ca);
  reap(r);
  expect_call(res(r), "clone3({flags=CLONE_PIDFD|CLONE_PARENT_SETTID|CLONE_CHILD_CLEARTID, pidfd=%p, "
              "child_tid=%p, parent_tid=%p, exit_signal=0, stack=NULL, stack_size=0} => "
              "{pidfd=[%d], parent_tid=[%d]}, 88)",
              (void *)&pidfd, (void *)&ctid, (void *)&ptid, pidfd, ptid);

  ca = (struct clone_args){0};
  ca.flags = CLONE_SIGHAND | CLONE_CLEAR_SIGHAND | CLONE_SETTLS | CLONE_CHILD_SETTID | CLONE_PARENT_SETTID;
  ca.exit_signal = SIGCHLD;
  ca.stack = 0x1000;
  ca.stack_size = 0x2000;
  ca.tls = 0x99;
  ca.child_tid = 0x55;
  ca.parent_tid = 0x66;
  r = syscall(SYS_clone3, &ca, sizeof ca);
  expect_call(res(r), "clone3({flags=CLONE_SIGHAND|CLONE_SETTLS|CLONE_PARENT_SETTID|CLONE_CHILD_SETTID|"
              "CLONE_CLEAR_SIGHAND, child_tid=0x55, parent_tid=0x66, exit_signal=SIGCHLD, stack=0x1000, "
              "stack_size=0x2000, tls=0x99}, 88)");

  ca = (struct clone_args){0};
  ca.exit_signal = 1ULL << 32;
  int tids[2] = {12345, 0};
  ca.set_tid = (uintptr_t)tids;
  ca.set_tid_size = 1;
  r = syscall(SYS_clone3, &ca, sizeof ca);
  expect_call(res(r), "clone3({flags=0, exit_signal=4294967296, stack=NULL, stack_size=0, set_tid=[12345], "
              "set_tid_size=1}, 88)");

  r = syscall(SYS_clone3, &ca, 8L);
  expect_call(res(r), "clone3(%p, 8)", (void *)&ca);
  r = syscall(SYS_clone3, NULL, sizeof ca);
  expect_call(res(r), "clone3(NULL, 88)");

  expect_line("+++ exited with 0 +++");
  return 0;
}
