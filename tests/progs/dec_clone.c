// clone: strace's named arguments in its order (child_stack, flags, then parent_tid, tls and
// child_tidptr at exit when the flags make the kernel use them). No child sends a signal, so
// the parent's trace is only its own calls.
// cxtrace-args: -e trace=clone,getppid
// cxtrace-after: ^getppid\(
#define _GNU_SOURCE
#include <sched.h>
#include <signal.h>
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
  int ptid = 0, ctid = 0;
  start_marker();

  long r = syscall(SYS_clone, CLONE_PARENT_SETTID, 0L, &ptid, &ctid, 0L);
  reap(r);
  expect_call(res(r), "clone(child_stack=NULL, flags=CLONE_PARENT_SETTID, parent_tid=[%ld])", r);

  r = syscall(SYS_clone, CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID, 0L, &ptid, &ctid, 0L);
  reap(r);
  expect_call(res(r), "clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID, child_tidptr=%p)",
              (void *)&ctid);

  r = syscall(SYS_clone, 0L, 0L, &ptid, &ctid, 0L);
  reap(r);
  expect_call(res(r), "clone(child_stack=NULL, flags=0)");

  int pidfd = -1;
  r = syscall(SYS_clone, CLONE_PIDFD, 0L, &pidfd, &ctid, 0L);
  reap(r);
  expect_call(res(r), "clone(child_stack=NULL, flags=CLONE_PIDFD, parent_tid=[%d])", pidfd);

  r = syscall(SYS_clone, CLONE_SIGHAND | CLONE_SETTLS | CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID | SIGUSR1,
              0x1000L, &ptid, &ctid, 0x1234L);
  expect_call(res(r),
              "clone(child_stack=0x1000, flags=CLONE_SIGHAND|CLONE_SETTLS|CLONE_PARENT_SETTID|"
              "CLONE_CHILD_CLEARTID|SIGUSR1, parent_tid=%p, tls=0x1234, child_tidptr=%p)",
              (void *)&ptid, (void *)&ctid);

  r = syscall(SYS_clone, CLONE_THREAD | SIGCHLD, 0L, 0L, 0L, 0L);
  expect_call(res(r), "clone(child_stack=NULL, flags=CLONE_THREAD|SIGCHLD)");

  r = syscall(SYS_clone, CLONE_NEWNS | CLONE_NEWUSER | CLONE_FS | 0x2a, 0L, 0L, 0L, 0L);
  reap(r);
  expect_call(res(r), "clone(child_stack=NULL, flags=CLONE_FS|CLONE_NEWNS|CLONE_NEWUSER|SIGRT_10)");

  expect_line("+++ exited with 0 +++");
  return 0;
}
