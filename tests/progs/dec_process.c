// Process structures: rlimits (`8192*1024`, RLIM64_INFINITY), uname, sysinfo, rusage,
// scheduling parameters and attributes, CPU affinity sets, capabilities and wait statuses.
// dec_process_v.c includes this file for the -v forms of uname and rusage.
// SIGCHLD stays blocked so no signal line depends on timing.
// cxtrace-args: -e trace=getrlimit,setrlimit,prlimit64,uname,sysinfo,getrusage,wait4,sched_getparam,sched_setparam,sched_setscheduler,sched_getattr,sched_setattr,sched_getaffinity,sched_setaffinity,capget,capset,getppid
// cxtrace-after: ^getppid\(
#define _GNU_SOURCE
#include <linux/capability.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>
#include <sys/wait.h>

#include "dec_util.h"

#ifndef VERBOSE
#define VERBOSE 0
#endif

static char text[8192];
static size_t used;

static void add(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void add(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  used += (size_t)vsnprintf(text + used, sizeof text - used, fmt, ap);
  va_end(ap);
}

static void add_limit(uint64_t v) {
  if (v == UINT64_MAX) {
    add("RLIM64_INFINITY");
  } else if (v != 0 && v % 1024 == 0) {
    add("%llu*1024", (unsigned long long)(v / 1024));
  } else {
    add("%llu", (unsigned long long)v);
  }
}

static const char *fmt_rlimit(const struct rlimit *rl) {
  used = 0;
  add("{rlim_cur=");
  add_limit(rl->rlim_cur);
  add(", rlim_max=");
  add_limit(rl->rlim_max);
  add("}");
  return text;
}

static const char *fmt_uname(const struct utsname *u) {
  used = 0;
  add("{sysname=\"%s\", nodename=\"%s\"", u->sysname, u->nodename);
  if (VERBOSE) {
    add(", release=\"%s\", version=\"%s\", machine=\"%s\", domainname=\"%s\"}", u->release,
        u->version, u->machine, u->domainname);
  } else {
    add(", ...}");
  }
  return text;
}

static const char *fmt_sysinfo(const struct sysinfo *si) {
  used = 0;
  add("{uptime=%ld, loads=[%lu, %lu, %lu], totalram=%lu, freeram=%lu, sharedram=%lu, "
      "bufferram=%lu, totalswap=%lu, freeswap=%lu, procs=%u, totalhigh=%lu, freehigh=%lu, "
      "mem_unit=%u}",
      si->uptime, si->loads[0], si->loads[1], si->loads[2], si->totalram, si->freeram,
      si->sharedram, si->bufferram, si->totalswap, si->freeswap, si->procs, si->totalhigh,
      si->freehigh, si->mem_unit);
  return text;
}

static const char *fmt_rusage(const struct rusage *ru) {
  used = 0;
  add("{ru_utime={tv_sec=%ld, tv_usec=%ld}, ru_stime={tv_sec=%ld, tv_usec=%ld}, ",
      (long)ru->ru_utime.tv_sec, (long)ru->ru_utime.tv_usec, (long)ru->ru_stime.tv_sec,
      (long)ru->ru_stime.tv_usec);
  if (!VERBOSE) {
    add("...}");
    return text;
  }
  add("ru_maxrss=%ld, ru_ixrss=%ld, ru_idrss=%ld, ru_isrss=%ld, ru_minflt=%ld, ru_majflt=%ld, "
      "ru_nswap=%ld, ru_inblock=%ld, ru_oublock=%ld, ru_msgsnd=%ld, ru_msgrcv=%ld, "
      "ru_nsignals=%ld, ru_nvcsw=%ld, ru_nivcsw=%ld}",
      ru->ru_maxrss, ru->ru_ixrss, ru->ru_idrss, ru->ru_isrss, ru->ru_minflt, ru->ru_majflt,
      ru->ru_nswap, ru->ru_inblock, ru->ru_oublock, ru->ru_msgsnd, ru->ru_msgrcv,
      ru->ru_nsignals, ru->ru_nvcsw, ru->ru_nivcsw);
  return text;
}

static const char *fmt_cpus(const unsigned char *set, long bytes) {
  used = 0;
  add("[");
  const char *sep = "";
  for (long i = 0; i < bytes * 8; ++i) {
    if (set[i / 8] & (1u << (i % 8))) {
      add("%s%ld", sep, i);
      sep = " ";
    }
  }
  add("]");
  return text;
}

static const char *const cap_names[] = {"CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH",
    "CAP_FOWNER", "CAP_FSETID", "CAP_KILL", "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP",
    "CAP_LINUX_IMMUTABLE", "CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST", "CAP_NET_ADMIN",
    "CAP_NET_RAW", "CAP_IPC_LOCK", "CAP_IPC_OWNER", "CAP_SYS_MODULE", "CAP_SYS_RAWIO",
    "CAP_SYS_CHROOT", "CAP_SYS_PTRACE", "CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT",
    "CAP_SYS_NICE", "CAP_SYS_RESOURCE", "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD",
    "CAP_LEASE", "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP", "CAP_MAC_OVERRIDE",
    "CAP_MAC_ADMIN", "CAP_SYSLOG", "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ",
    "CAP_PERFMON", "CAP_BPF", "CAP_CHECKPOINT_RESTORE"};

static void add_caps(uint64_t set) {
  if (set == 0) {
    add("0");
    return;
  }
  const char *sep = "";
  for (unsigned i = 0; i < sizeof cap_names / sizeof cap_names[0]; ++i) {
    if (set & (1ull << i)) {
      add("%s1<<%s", sep, cap_names[i]);
      sep = "|";
      set &= ~(1ull << i);
    }
  }
  if (set != 0) {
    add("%s%#llx", sep, (unsigned long long)set);
  }
}

static const char *fmt_caps(const struct __user_cap_data_struct *d, int words) {
  uint64_t e = d[0].effective, p = d[0].permitted, i = d[0].inheritable;
  if (words == 2) {
    e |= (uint64_t)d[1].effective << 32;
    p |= (uint64_t)d[1].permitted << 32;
    i |= (uint64_t)d[1].inheritable << 32;
  }
  used = 0;
  add("{effective=");
  add_caps(e);
  add(", permitted=");
  add_caps(p);
  add(", inheritable=");
  add_caps(i);
  add("}");
  return text;
}

static const char *fmt_status(int s) {
  used = 0;
  if (WIFEXITED(s)) {
    add("[{WIFEXITED(s) && WEXITSTATUS(s) == %d}]", WEXITSTATUS(s));
  } else if (WIFSIGNALED(s)) {
    add("[{WIFSIGNALED(s) && WTERMSIG(s) == SIG%s%s}]", sigabbrev_np(WTERMSIG(s)),
        WCOREDUMP(s) ? " && WCOREDUMP(s)" : "");
  } else if (WIFSTOPPED(s)) {
    add("[{WIFSTOPPED(s) && WSTOPSIG(s) == SIG%s}]", sigabbrev_np(WSTOPSIG(s)));
  } else {
    add("[{WIFCONTINUED(s)}]");
  }
  return text;
}

static void wait_tests(void) {
  static int s;
  static struct rusage ru;
  pid_t p = fork();
  CHECK(p >= 0);
  if (p == 0) {
    _exit(3);
  }
  long r = syscall(SYS_wait4, p, &s, 0, &ru);
  char status[128];
  snprintf(status, sizeof status, "%s", fmt_status(s));
  expect_call(res(r), "wait4(%d, %s, 0, %s)", p, status, fmt_rusage(&ru));

  p = fork();
  CHECK(p >= 0);
  if (p == 0) {
    raise(SIGSTOP);
    pause();
    _exit(0);
  }
  r = syscall(SYS_wait4, p, &s, WUNTRACED, NULL);
  expect_call(res(r), "wait4(%d, %s, WSTOPPED, NULL)", p, fmt_status(s));
  CHECK(kill(p, SIGCONT) == 0);
  r = syscall(SYS_wait4, p, &s, WCONTINUED, NULL);
  expect_call(res(r), "wait4(%d, %s, WCONTINUED, NULL)", p, fmt_status(s));
  r = syscall(SYS_wait4, p, &s, WNOHANG, NULL);
  expect_call(res(r), "wait4(%d, %p, WNOHANG, NULL)", p, (void *)&s);
  CHECK(kill(p, SIGKILL) == 0);
  r = syscall(SYS_wait4, p, &s, 0, NULL);
  expect_call(res(r), "wait4(%d, %s, 0, NULL)", p, fmt_status(s));

  p = fork();
  CHECK(p >= 0);
  if (p == 0) {
    struct rlimit none = {0, 0};
    setrlimit(RLIMIT_CORE, &none);
    signal(SIGSEGV, SIG_DFL);
    raise(SIGSEGV);
    _exit(0);
  }
  r = syscall(SYS_wait4, p, &s, 0, NULL);
  expect_call(res(r), "wait4(%d, %s, 0, NULL)", p, fmt_status(s));

  p = fork();
  CHECK(p >= 0);
  if (p == 0) {
    _exit(0);
  }
  r = syscall(SYS_wait4, p, NULL, 0, NULL);
  expect_call(res(r), "wait4(%d, NULL, 0, NULL)", p);
  r = syscall(SYS_wait4, -1, &s, 0, &ru);
  expect_call(res(r), "wait4(-1, %p, 0, %p)", (void *)&s, (void *)&ru);
}

static void sched_tests(void) {
  static struct sched_param sp;
  long r = syscall(SYS_sched_getparam, 0, &sp);
  expect_call(res(r), "sched_getparam(0, [%d])", sp.sched_priority);
  r = syscall(SYS_sched_setscheduler, 0, SCHED_OTHER, &sp);
  expect_call(res(r), "sched_setscheduler(0, SCHED_OTHER, [%d])", sp.sched_priority);
  sp.sched_priority = 5;
  r = syscall(SYS_sched_setparam, 0, &sp);
  expect_call(res(r), "sched_setparam(0, [5])");
  r = syscall(SYS_sched_setparam, 0, NULL);
  expect_call(res(r), "sched_setparam(0, NULL)");
  r = syscall(SYS_sched_getparam, 0, (void *)8);
  expect_call(res(r), "sched_getparam(0, 0x8)");

  static uint32_t attr[14];
  r = syscall(SYS_sched_getattr, 0, attr, sizeof attr, 0);
  uint64_t runtime;
  memcpy(&runtime, &attr[6], sizeof runtime);
  expect_call(res(r), "sched_getattr(0, {size=%u, sched_policy=SCHED_OTHER, sched_flags=0, "
              "sched_nice=%d, sched_priority=0, sched_runtime=%llu, sched_deadline=0, "
              "sched_period=0, sched_util_min=%u, sched_util_max=%u}, %zu, 0)",
              attr[0], (int)attr[4], (unsigned long long)runtime, attr[12], attr[13], sizeof attr);
  r = syscall(SYS_sched_getattr, 0, attr, 48, 0);
  memcpy(&runtime, &attr[6], sizeof runtime);
  expect_call(res(r), "sched_getattr(0, {size=48, sched_policy=SCHED_OTHER, sched_flags=0, "
              "sched_nice=%d, sched_priority=0, sched_runtime=%llu, sched_deadline=0, "
              "sched_period=0}, 48, 0)", (int)attr[4], (unsigned long long)runtime);
  r = syscall(SYS_sched_getattr, 0, attr, 10, 0);
  expect_call(res(r), "sched_getattr(0, %p, 10, 0)", (void *)attr);
  r = syscall(SYS_sched_getattr, 0, NULL, 56, 0);
  expect_call(res(r), "sched_getattr(0, NULL, 56, 0)");
  uint32_t set[12] = {48, SCHED_FIFO, 1, 0xfffffffb, 3};
  r = syscall(SYS_sched_setattr, 0, set, 0);
  expect_call(res(r), "sched_setattr(0, {size=48, sched_policy=SCHED_FIFO, "
              "sched_flags=SCHED_FLAG_RESET_ON_FORK|0xfffffffb00000000, sched_nice=3, "
              "sched_priority=0, sched_runtime=0, sched_deadline=0, sched_period=0}, 0)");
  set[1] = 77;
  set[3] = 0;
  r = syscall(SYS_sched_setattr, 0, set, 0);
  expect_call(res(r), "sched_setattr(0, {size=48, sched_policy=0x4d /* SCHED_??? */, "
              "sched_flags=SCHED_FLAG_RESET_ON_FORK, sched_nice=3, sched_priority=0, "
              "sched_runtime=0, sched_deadline=0, sched_period=0}, 0)");

  set[0] = 0;
  set[2] = 0x18;  // SCHED_FLAG_KEEP_POLICY|SCHED_FLAG_KEEP_PARAMS: those fields are not shown
  r = syscall(SYS_sched_setattr, 0, set, 0);
  expect_call(res(r), "sched_setattr(0, {size=0, sched_flags=SCHED_FLAG_KEEP_POLICY|"
              "SCHED_FLAG_KEEP_PARAMS}, 0)");
  static uint32_t big[32] = {100, SCHED_FIFO, 0, 0, 3};
  r = syscall(SYS_sched_setattr, 0, big, 0);
  expect_call(res(r), "sched_setattr(0, {size=100, sched_policy=SCHED_FIFO, sched_flags=0, "
              "sched_nice=3, sched_priority=0, sched_runtime=0, sched_deadline=0, sched_period=0, "
              "sched_util_min=0, sched_util_max=0, ...}, 0)");

  static unsigned char cpus[128];
  r = syscall(SYS_sched_getaffinity, 0, sizeof cpus, cpus);
  expect_call(res(r), "sched_getaffinity(0, %zu, %s)", sizeof cpus, fmt_cpus(cpus, r));
  r = syscall(SYS_sched_getaffinity, 0, 3, cpus);
  expect_call(res(r), "sched_getaffinity(0, 3, %p)", (void *)cpus);
  r = syscall(SYS_sched_getaffinity, 0, 8, NULL);
  expect_call(res(r), "sched_getaffinity(0, 8, NULL)");
  static unsigned char want[16];
  want[0] = 1;
  want[8] = 0x40;
  r = syscall(SYS_sched_setaffinity, 0, sizeof want, want);
  expect_call(res(r), "sched_setaffinity(0, %zu, [0 70])", sizeof want);
  r = syscall(SYS_sched_setaffinity, 0, 0, want);
  expect_call(res(r), "sched_setaffinity(0, 0, [])");
  r = syscall(SYS_sched_setaffinity, 0, sizeof cpus, cpus);
  expect_call(res(r), "sched_setaffinity(0, %zu, %s)", sizeof cpus, fmt_cpus(cpus, sizeof cpus));
}

static void cap_tests(void) {
  static struct __user_cap_header_struct h = {_LINUX_CAPABILITY_VERSION_3, 0};
  static struct __user_cap_data_struct d[2];
  long r = syscall(SYS_capget, &h, d);
  expect_call(res(r), "capget({version=_LINUX_CAPABILITY_VERSION_3, pid=0}, %s)", fmt_caps(d, 2));
  r = syscall(SYS_capset, &h, d);
  expect_call(res(r), "capset({version=_LINUX_CAPABILITY_VERSION_3, pid=0}, %s)", fmt_caps(d, 2));
  h.version = _LINUX_CAPABILITY_VERSION_1;
  r = syscall(SYS_capget, &h, d);
  expect_call(res(r), "capget({version=_LINUX_CAPABILITY_VERSION_1, pid=0}, %s)", fmt_caps(d, 1));
  h.version = 0x12345;
  r = syscall(SYS_capget, &h, d);
  expect_call(res(r), "capget({version=0x12345 /* _LINUX_CAPABILITY_VERSION_??? */, pid=0}, %p)",
              (void *)d);
  h.version = _LINUX_CAPABILITY_VERSION_3;
  r = syscall(SYS_capget, &h, NULL);
  expect_call(res(r), "capget({version=_LINUX_CAPABILITY_VERSION_3, pid=0}, NULL)");
  r = syscall(SYS_capget, NULL, NULL);
  expect_call(res(r), "capget(NULL, NULL)");
}

int main(void) {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGCHLD);
  CHECK(sigprocmask(SIG_BLOCK, &set, NULL) == 0);
  static struct rlimit rl;
  static struct utsname u;
  static struct sysinfo si;
  static struct rusage ru;
  start_marker();

  long r = syscall(SYS_getrlimit, RLIMIT_STACK, &rl);
  expect_call(res(r), "getrlimit(RLIMIT_STACK, %s)", fmt_rlimit(&rl));
  r = syscall(SYS_prlimit64, 0, RLIMIT_NOFILE, NULL, &rl);
  expect_call(res(r), "prlimit64(0, RLIMIT_NOFILE, NULL, %s)", fmt_rlimit(&rl));
  struct rlimit lim = {1025, 3072 * 1024};
  r = syscall(SYS_prlimit64, 0, RLIMIT_CORE, &lim, NULL);
  expect_call(res(r), "prlimit64(0, RLIMIT_CORE, {rlim_cur=1025, rlim_max=3072*1024}, NULL)");
  lim = (struct rlimit){0, RLIM_INFINITY};
  r = syscall(SYS_setrlimit, RLIMIT_CORE, &lim);
  expect_call(res(r), "setrlimit(RLIMIT_CORE, {rlim_cur=0, rlim_max=RLIM64_INFINITY})");
  r = syscall(SYS_setrlimit, RLIMIT_CORE, NULL);
  expect_call(res(r), "setrlimit(RLIMIT_CORE, NULL)");
  r = syscall(SYS_prlimit64, -1, RLIMIT_CORE, NULL, &rl);
  expect_call(res(r), "prlimit64(-1, RLIMIT_CORE, NULL, %p)", (void *)&rl);
  r = syscall(SYS_getrlimit, RLIMIT_CORE, (void *)8);
  expect_call(res(r), "getrlimit(RLIMIT_CORE, 0x8)");

  r = syscall(SYS_uname, &u);
  expect_call(res(r), "uname(%s)", fmt_uname(&u));
  r = syscall(SYS_uname, NULL);
  expect_call(res(r), "uname(NULL)");
  r = syscall(SYS_sysinfo, &si);
  expect_call(res(r), "sysinfo(%s)", fmt_sysinfo(&si));
  r = syscall(SYS_sysinfo, NULL);
  expect_call(res(r), "sysinfo(NULL)");
  r = syscall(SYS_getrusage, RUSAGE_SELF, &ru);
  expect_call(res(r), "getrusage(RUSAGE_SELF, %s)", fmt_rusage(&ru));
  r = syscall(SYS_getrusage, RUSAGE_CHILDREN, (void *)8);
  expect_call(res(r), "getrusage(RUSAGE_CHILDREN, 0x8)");

  wait_tests();
  sched_tests();
  cap_tests();
  expect_line("+++ exited with 0 +++");
  return 0;
}
