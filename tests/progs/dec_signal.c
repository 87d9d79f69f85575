// Signal structures: masks (`[INT TERM]`, `~[RTMIN RT_1]`, `[]`; a size the kernel refuses
// prints the address), struct sigaction with its handler and restorer, stack_t, siginfo_t
// (rt_sigqueueinfo, rt_sigtimedwait, waitid) and struct sigevent (timer_create, mq_notify).
// NULL, an unreadable pointer and a failed call's out-argument print as addresses.
// cxtrace-args: -e trace=rt_sigprocmask,rt_sigpending,rt_sigsuspend,rt_sigaction,sigaltstack,rt_sigqueueinfo,rt_sigtimedwait,waitid,timer_create,mq_notify,signalfd4,getppid
// cxtrace-after: ^getppid\(
#define _GNU_SOURCE
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <time.h>

#include "dec_util.h"

#define SA_RESTORER 0x04000000

// struct sigaction as the kernel takes it.
struct ksigaction {
  void *handler;
  unsigned long flags;
  void *restorer;
  uint64_t mask;
};

#define BIT(sig) (1ULL << ((sig) - 1))

// A clock_t as the tracer shows it: `2 /* 0.02 s */`, a bare 0.
static const char *clk(long ticks) {
  static char b[8][64];
  static int n;
  char *s = b[n++ % 8];
  long hz = sysconf(_SC_CLK_TCK);
  int digits = 0;
  for (long scale = 1; scale < hz; scale *= 10) {
    ++digits;
  }
  if (ticks == 0) {
    snprintf(s, sizeof b[0], "0");
  } else {
    snprintf(s, sizeof b[0], "%ld /* %.*f s */", ticks, digits, (double)ticks / (double)hz);
  }
  return s;
}

static void on_usr1(int sig) { (void)sig; }

static void masks(char *bad) {
  uint64_t set = BIT(SIGINT) | BIT(SIGTERM) | BIT(SIGCHLD), old = 0;
  long r = syscall(SYS_rt_sigprocmask, SIG_BLOCK, &set, &old, 8);
  expect_call(res(r), "rt_sigprocmask(SIG_BLOCK, [INT TERM CHLD], [], 8)");
  r = syscall(SYS_rt_sigprocmask, SIG_BLOCK, NULL, &old, 8);
  expect_call(res(r), "rt_sigprocmask(SIG_BLOCK, NULL, [INT TERM CHLD], 8)");
  r = syscall(SYS_rt_sigprocmask, SIG_UNBLOCK, &set, &old, 4);
  expect_call(res(r), "rt_sigprocmask(SIG_UNBLOCK, %p, %p, 4)", (void *)&set, (void *)&old);
  r = syscall(SYS_rt_sigprocmask, SIG_UNBLOCK, &set, &old, 16);
  expect_call(res(r), "rt_sigprocmask(SIG_UNBLOCK, %p, %p, 16)", (void *)&set, (void *)&old);
  r = syscall(SYS_rt_sigprocmask, SIG_SETMASK, bad, &old, 8);
  expect_call(res(r), "rt_sigprocmask(SIG_SETMASK, %p, %p, 8)", bad, (void *)&old);
  r = syscall(SYS_rt_sigprocmask, SIG_BLOCK, &set, bad, 8);
  expect_call(res(r), "rt_sigprocmask(SIG_BLOCK, [INT TERM CHLD], %p, 8)", bad);
  set = ~0ULL;
  r = syscall(SYS_rt_sigprocmask, SIG_BLOCK, &set, &old, 8);
  expect_call(res(r), "rt_sigprocmask(SIG_BLOCK, ~[], [INT TERM CHLD], 8)");
  set = ~(BIT(32) | BIT(33));
  r = syscall(SYS_rt_sigprocmask, SIG_SETMASK, &set, &old, 8);
  expect_call(res(r), "rt_sigprocmask(SIG_SETMASK, ~[RTMIN RT_1], ~[KILL STOP], 8)");
  set = BIT(SIGCHLD) | BIT(SIGUSR1);
  r = syscall(SYS_rt_sigprocmask, SIG_SETMASK, &set, NULL, 8);
  expect_call(res(r), "rt_sigprocmask(SIG_SETMASK, [USR1 CHLD], NULL, 8)");

  r = syscall(SYS_rt_sigpending, &set, 8);
  expect_call(res(r), "rt_sigpending([], 8)");
  r = syscall(SYS_rt_sigpending, &set, 4);
  expect_call(res(r), "rt_sigpending([], 4)");
  r = syscall(SYS_rt_sigpending, &set, 16);
  expect_call(res(r), "rt_sigpending(%p, 16)", (void *)&set);
  r = syscall(SYS_rt_sigsuspend, bad, 8);
  expect_call(res(r), "rt_sigsuspend(%p, 8)", bad);
  set = BIT(SIGCHLD) | BIT(SIGUSR1);
  r = syscall(SYS_signalfd4, -1, &set, 8, SFD_CLOEXEC);
  expect_call(res(r), "signalfd4(-1, [USR1 CHLD], 8, SFD_CLOEXEC)");
  close((int)r);
  r = syscall(SYS_signalfd4, -1, &set, 4, 0);
  expect_call(res(r), "signalfd4(-1, %p, 4, 0)", (void *)&set);
}

static void actions(char *bad) {
  struct ksigaction sa = {(void *)on_usr1, SA_RESTORER | SA_RESTART, (void *)0x1234, BIT(SIGHUP)};
  struct ksigaction old;
  long r = syscall(SYS_rt_sigaction, SIGUSR2, &sa, &old, 8);
  expect_call(res(r), "rt_sigaction(SIGUSR2, {sa_handler=%p, sa_mask=[HUP], sa_flags=SA_RESTORER|SA_RESTART, "
              "sa_restorer=0x1234}, {sa_handler=SIG_DFL, sa_mask=[], sa_flags=0}, 8)", (void *)on_usr1);
  r = syscall(SYS_rt_sigaction, SIGUSR2, NULL, &old, 8);
  expect_call(res(r), "rt_sigaction(SIGUSR2, NULL, {sa_handler=%p, sa_mask=[HUP], "
              "sa_flags=SA_RESTORER|SA_RESTART, sa_restorer=0x1234}, 8)", (void *)on_usr1);
  sa = (struct ksigaction){SIG_IGN, SA_SIGINFO | SA_NODEFER, NULL, 0};
  r = syscall(SYS_rt_sigaction, SIGUSR2, &sa, NULL, 8);
  expect_call(res(r), "rt_sigaction(SIGUSR2, {sa_handler=SIG_IGN, sa_mask=[], sa_flags=SA_NODEFER|SA_SIGINFO}, NULL, 8)");
  sa = (struct ksigaction){SIG_DFL, 0x1000000 | SA_ONSTACK, NULL, ~0ULL};
  r = syscall(SYS_rt_sigaction, SIGUSR2, &sa, NULL, 8);
  expect_call(res(r), "rt_sigaction(SIGUSR2, {sa_handler=SIG_DFL, sa_mask=~[], sa_flags=SA_ONSTACK|0x1000000}, NULL, 8)");
  sa.flags = 0x1000000;
  r = syscall(SYS_rt_sigaction, SIGUSR2, &sa, &old, 4);
  expect_call(res(r), "rt_sigaction(SIGUSR2, {sa_handler=SIG_DFL, sa_mask=~[], sa_flags=0x1000000 /* SA_??? */}, "
              "%p, 4)", (void *)&old);
  r = syscall(SYS_rt_sigaction, SIGUSR2, bad, bad, 8);
  expect_call(res(r), "rt_sigaction(SIGUSR2, %p, %p, 8)", bad, bad);
  sa = (struct ksigaction){(void *)on_usr1, SA_RESTORER, (void *)0x1234, 0};
  r = syscall(SYS_rt_sigaction, SIGUSR1, &sa, NULL, 8);
  expect_call(res(r), "rt_sigaction(SIGUSR1, {sa_handler=%p, sa_mask=[], sa_flags=SA_RESTORER, "
              "sa_restorer=0x1234}, NULL, 8)", (void *)on_usr1);
}

static void stacks(char *bad) {
  static char stack[65536];
  stack_t ss = {stack, 0, sizeof stack}, old;
  long r = syscall(SYS_sigaltstack, &ss, &old);
  expect_call(res(r), "sigaltstack({ss_sp=%p, ss_flags=0, ss_size=65536}, {ss_sp=NULL, ss_flags=SS_DISABLE, "
              "ss_size=0})", (void *)stack);
  r = syscall(SYS_sigaltstack, NULL, &old);
  expect_call(res(r), "sigaltstack(NULL, {ss_sp=%p, ss_flags=0, ss_size=65536})", (void *)stack);
  ss.ss_flags = SS_DISABLE;
  r = syscall(SYS_sigaltstack, &ss, NULL);
  expect_call(res(r), "sigaltstack({ss_sp=%p, ss_flags=SS_DISABLE, ss_size=65536}, NULL)", (void *)stack);
  ss.ss_flags = 0x1234;
  r = syscall(SYS_sigaltstack, &ss, &old);
  expect_call(res(r), "sigaltstack({ss_sp=%p, ss_flags=0x1234 /* SS_??? */, ss_size=65536}, %p)", (void *)stack,
              (void *)&old);
  r = syscall(SYS_sigaltstack, bad, bad);
  expect_call(res(r), "sigaltstack(%p, %p)", bad, bad);
}

static void infos(char *bad) {
  int pid = getpid(), uid = (int)getuid();
  siginfo_t si;
  memset(&si, 0, sizeof si);
  si.si_signo = SIGUSR1;
  si.si_code = SI_QUEUE;
  si.si_pid = pid;
  si.si_uid = uid;
  si.si_value.sival_int = 42;
  long r = syscall(SYS_rt_sigqueueinfo, pid, SIGUSR1, &si);
  expect_call(res(r), "rt_sigqueueinfo(%d, SIGUSR1, {si_signo=SIGUSR1, si_code=SI_QUEUE, si_pid=%d, si_uid=%d, "
              "si_int=42, si_ptr=0x2a})", pid, pid, uid);
  r = syscall(SYS_rt_sigqueueinfo, pid, SIGUSR1, bad);
  expect_call(res(r), "rt_sigqueueinfo(%d, SIGUSR1, %p)", pid, bad);

  uint64_t set = BIT(SIGUSR1);
  struct timespec ts = {1, 0};
  memset(&si, 0, sizeof si);
  r = syscall(SYS_rt_sigtimedwait, &set, &si, &ts, 8);
  CHECK(r == SIGUSR1);
  expect_call("10 (SIGUSR1)", "rt_sigtimedwait([USR1], {si_signo=SIGUSR1, si_code=SI_QUEUE, si_pid=%d, si_uid=%d, "
              "si_int=42, si_ptr=0x2a}, {tv_sec=1, tv_nsec=0}, 8)", pid, uid);
  ts = (struct timespec){0, 1000};
  r = syscall(SYS_rt_sigtimedwait, &set, &si, &ts, 8);
  expect_call(res(r), "rt_sigtimedwait([USR1], %p, {tv_sec=0, tv_nsec=1000}, 8)", (void *)&si);
  r = syscall(SYS_rt_sigtimedwait, &set, NULL, &ts, 8);
  expect_call(res(r), "rt_sigtimedwait([USR1], NULL, {tv_sec=0, tv_nsec=1000}, 8)");

  // waitid: SIGCHLD stays blocked, so no signal line comes between the calls.
  pid_t child = fork();
  if (child == 0) {
    _exit(3);
  }
  r = syscall(SYS_waitid, P_PID, child, &si, WEXITED, NULL);
  expect_call(res(r), "waitid(P_PID, %d, {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=%d, si_uid=%d, si_status=3, "
              "si_utime=%s, si_stime=%s}, WEXITED, NULL)", child, child, uid, clk(si.si_utime),
              clk(si.si_stime));
  child = fork();
  if (child == 0) {
    pause();
    _exit(0);
  }
  memset(&si, 0, sizeof si);
  r = syscall(SYS_waitid, P_PID, child, &si, WEXITED | WNOHANG, NULL);
  expect_call(res(r), "waitid(P_PID, %d, {}, WNOHANG|WEXITED, NULL)", child);
  CHECK(kill(child, SIGKILL) == 0);
  r = syscall(SYS_waitid, P_PID, child, &si, WEXITED, NULL);
  expect_call(res(r), "waitid(P_PID, %d, {si_signo=SIGCHLD, si_code=CLD_KILLED, si_pid=%d, si_uid=%d, "
              "si_status=SIGKILL, si_utime=%s, si_stime=%s}, WEXITED, NULL)", child, child, uid,
              clk(si.si_utime), clk(si.si_stime));
  r = syscall(SYS_waitid, P_ALL, 0, &si, WEXITED | WNOHANG, NULL);
  expect_call(res(r), "waitid(P_ALL, 0, %p, WNOHANG|WEXITED, NULL)", (void *)&si);
}

// timer_create's timer id: `[0]`, or the address when the call failed.
static const char *timer_id(long r, const int *tid) {
  static char b[4][64];
  static int n;
  char *s = b[n++ % 4];
  if (r == 0) {
    snprintf(s, sizeof b[0], "[%d]", *tid);
  } else {
    snprintf(s, sizeof b[0], "%p", (void *)tid);
  }
  return s;
}

static void events(char *bad) {
  struct sigevent ev;
  memset(&ev, 0, sizeof ev);
  int tid = -1;
  ev.sigev_signo = SIGALRM;
  long r = syscall(SYS_timer_create, CLOCK_MONOTONIC, &ev, &tid);
  expect_call(res(r), "timer_create(CLOCK_MONOTONIC, {sigev_signo=SIGALRM, sigev_notify=SIGEV_SIGNAL}, %s)",
              timer_id(r, &tid));
  ev.sigev_value.sival_ptr = (void *)0x100000042;
  ev.sigev_notify = SIGEV_NONE;
  r = syscall(SYS_timer_create, CLOCK_MONOTONIC, &ev, &tid);
  expect_call(res(r), "timer_create(CLOCK_MONOTONIC, {sigev_value={sival_int=66, sival_ptr=0x100000042}, "
              "sigev_signo=14, sigev_notify=SIGEV_NONE}, %s)", timer_id(r, &tid));
  ev.sigev_notify = SIGEV_THREAD_ID;
  ev._sigev_un._tid = getpid();
  r = syscall(SYS_timer_create, CLOCK_MONOTONIC, &ev, &tid);
  expect_call(res(r), "timer_create(CLOCK_MONOTONIC, {sigev_value={sival_int=66, sival_ptr=0x100000042}, "
              "sigev_signo=SIGALRM, sigev_notify=SIGEV_THREAD_ID, sigev_notify_thread_id=%d}, %s)",
              getpid(), timer_id(r, &tid));
  ev.sigev_notify = SIGEV_THREAD;
  ev._sigev_un._sigev_thread._function = (void (*)(__sigval_t))0x1111;
  ev._sigev_un._sigev_thread._attribute = (void *)0x2222;
  r = syscall(SYS_timer_create, CLOCK_MONOTONIC, &ev, &tid);
  expect_call(res(r), "timer_create(CLOCK_MONOTONIC, {sigev_value={sival_int=66, sival_ptr=0x100000042}, "
              "sigev_signo=SIGALRM, sigev_notify=SIGEV_THREAD, sigev_notify_function=0x1111, "
              "sigev_notify_attributes=0x2222}, %s)", timer_id(r, &tid));
  ev.sigev_notify = 77;
  r = syscall(SYS_timer_create, CLOCK_MONOTONIC, &ev, &tid);
  expect_call(res(r), "timer_create(CLOCK_MONOTONIC, {sigev_value={sival_int=66, sival_ptr=0x100000042}, "
              "sigev_signo=14, sigev_notify=0x4d /* SIGEV_??? */}, %s)", timer_id(r, &tid));
  r = syscall(SYS_timer_create, CLOCK_MONOTONIC, bad, &tid);
  expect_call(res(r), "timer_create(CLOCK_MONOTONIC, %p, %p)", bad, (void *)&tid);
  r = syscall(SYS_mq_notify, -1, NULL);
  expect_call(res(r), "mq_notify(-1, NULL)");
  ev.sigev_notify = SIGEV_SIGNAL;
  ev.sigev_signo = SIGUSR2;
  r = syscall(SYS_mq_notify, -1, &ev);
  expect_call(res(r), "mq_notify(-1, {sigev_value={sival_int=66, sival_ptr=0x100000042}, sigev_signo=SIGUSR2, "
              "sigev_notify=SIGEV_SIGNAL})");
}

int main(void) {
  char *bad = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  CHECK(bad != MAP_FAILED);
  start_marker();

  masks(bad);
  actions(bad);
  stacks(bad);
  infos(bad);
  events(bad);

  expect_line("+++ exited with 0 +++");
  return 0;
}
