// Time structures: timespec and timeval (seconds signed, the fraction unsigned), the pairs of
// utimes/utimensat with UTIME_NOW/UTIME_OMIT and the date of a valid time, itimerval,
// itimerspec, timezone, timex with the clock state after the result, utimbuf and tms. NULL,
// an unreadable pointer and a failed call's out-argument print as addresses; a sleep's
// remainder is shown only when a signal interrupted it. A clock_t tells its seconds too.
// cxtrace-args: -e trace=clock_gettime,clock_getres,nanosleep,clock_nanosleep,gettimeofday,settimeofday,getitimer,setitimer,adjtimex,clock_adjtime,times,utime,utimes,futimesat,utimensat,timer_create,timer_settime,timer_gettime,getppid
// cxtrace-after: ^getppid\(
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/times.h>
#include <sys/timex.h>
#include <time.h>
#include <utime.h>

#include "dec_util.h"

static char bufs[16][256];
static int next_buf;

static char *buf(void) { return bufs[next_buf++ % 16]; }

// ` /* 2009-02-13T23:31:30.000005+0000 */`, in local time; empty for the zero time.
static const char *date(long long sec, long long frac, int digits) {
  char *b = buf();
  b[0] = '\0';
  if (sec == 0 && frac == 0) {
    return b;
  }
  time_t t = (time_t)sec;
  struct tm tm;
  CHECK(localtime_r(&t, &tm) != NULL);
  char d[64], z[16];
  strftime(d, sizeof d, "%Y-%m-%dT%H:%M:%S", &tm);
  strftime(z, sizeof z, "%z", &tm);
  if (frac == 0) {
    snprintf(b, 256, " /* %s%s */", d, z);
  } else {
    snprintf(b, 256, " /* %s.%0*lld%s */", d, digits, frac, z);
  }
  return b;
}

static const char *ts_str(const struct timespec *ts) {
  char *b = buf();
  snprintf(b, 256, "{tv_sec=%lld, tv_nsec=%llu}", (long long)ts->tv_sec,
           (unsigned long long)ts->tv_nsec);
  return b;
}

static const char *tv_str(const struct timeval *tv) {
  char *b = buf();
  snprintf(b, 256, "{tv_sec=%lld, tv_usec=%llu}", (long long)tv->tv_sec,
           (unsigned long long)tv->tv_usec);
  return b;
}

static const char *state(long r) {
  static const char *names[] = {"TIME_OK", "TIME_INS", "TIME_DEL", "TIME_OOP", "TIME_WAIT", "TIME_ERROR"};
  char *b = buf();
  if (r >= 0 && r <= 5) {
    snprintf(b, 256, "%ld (%s)", r, names[r]);
    return b;
  }
  return res(r);
}

// The status bits by name, in the tracer's order.
static const char *status_str(int status) {
  static const struct {
    int bit;
    const char *name;
  } bits[] = {{STA_PLL, "STA_PLL"},         {STA_PPSFREQ, "STA_PPSFREQ"},     {STA_PPSTIME, "STA_PPSTIME"},
              {STA_FLL, "STA_FLL"},         {STA_INS, "STA_INS"},             {STA_DEL, "STA_DEL"},
              {STA_UNSYNC, "STA_UNSYNC"},   {STA_FREQHOLD, "STA_FREQHOLD"},   {STA_PPSSIGNAL, "STA_PPSSIGNAL"},
              {STA_PPSJITTER, "STA_PPSJITTER"}, {STA_PPSWANDER, "STA_PPSWANDER"}, {STA_PPSERROR, "STA_PPSERROR"},
              {STA_CLOCKERR, "STA_CLOCKERR"}, {STA_NANO, "STA_NANO"},         {STA_MODE, "STA_MODE"},
              {STA_CLK, "STA_CLK"}};
  char *b = buf();
  b[0] = '\0';
  for (size_t i = 0; i < sizeof bits / sizeof bits[0]; ++i) {
    if (status & bits[i].bit) {
      if (b[0] != '\0') {
        strcat(b, "|");
      }
      strcat(b, bits[i].name);
    }
  }
  CHECK((status & ~0xffff) == 0);
  if (b[0] == '\0') {
    strcpy(b, "0");
  }
  return b;
}

static void expect_timex(const char *prefix, const struct timex *tx, long r) {
  if (r == -1) {
    return;
  }
  expect_call(state(r),
              "%s{modes=0, offset=%ld, freq=%ld, maxerror=%ld, esterror=%ld, status=%s, "
              "constant=%ld, precision=%ld, tolerance=%ld, time=%s, tick=%ld, ppsfreq=%ld, "
              "jitter=%ld, shift=%d, stabil=%ld, jitcnt=%ld, calcnt=%ld, errcnt=%ld, stbcnt=%ld, "
              "tai=%d})",
              prefix, tx->offset, tx->freq, tx->maxerror, tx->esterror,
              status_str(tx->status),
              tx->constant, tx->precision, tx->tolerance, tv_str(&tx->time), tx->tick,
              tx->ppsfreq, tx->jitter, tx->shift, tx->stabil, tx->jitcnt, tx->calcnt, tx->errcnt,
              tx->stbcnt, tx->tai);
}

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

static void on_alarm(int sig) { (void)sig; }

// Arms a one-shot real-time timer that interrupts the sleep that follows.
static void arm_alarm(void) {
  struct itimerval it = {{0, 0}, {0, 200000}};
  long r = syscall(SYS_setitimer, ITIMER_REAL, &it, NULL);
  expect_call(res(r), "setitimer(ITIMER_REAL, {it_interval={tv_sec=0, tv_usec=0}, "
              "it_value={tv_sec=0, tv_usec=200000}}, NULL)");
}

int main(void) {
  char *bad = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  CHECK(bad != MAP_FAILED);
  char *tail = bad + 4096 - 6;  // only part of a struct fits before the unmapped page
  CHECK(mprotect(bad, 4096, PROT_NONE) == 0);
  char path[64];
  snprintf(path, sizeof path, "/tmp/cxtrace-dec-time-%d", getpid());
  int fd = open(path, O_CREAT | O_WRONLY, 0600);
  CHECK(fd >= 0);
  close(fd);
  struct sigaction sa = {.sa_handler = on_alarm};
  CHECK(sigaction(SIGALRM, &sa, NULL) == 0);
  start_marker();

  // timespec out-arguments: the value on success, the address otherwise.
  struct timespec ts, ts2;
  long r = syscall(SYS_clock_gettime, CLOCK_REALTIME, &ts);
  expect_call(res(r), "clock_gettime(CLOCK_REALTIME, %s)", ts_str(&ts));
  r = syscall(SYS_clock_gettime, CLOCK_MONOTONIC, NULL);
  expect_call(res(r), "clock_gettime(CLOCK_MONOTONIC, NULL)");
  r = syscall(SYS_clock_gettime, CLOCK_MONOTONIC, bad);
  expect_call(res(r), "clock_gettime(CLOCK_MONOTONIC, %p)", bad);
  r = syscall(SYS_clock_getres, CLOCK_MONOTONIC, &ts);
  expect_call(res(r), "clock_getres(CLOCK_MONOTONIC, %s)", ts_str(&ts));

  // nanosleep: the remainder only when interrupted; bad requests.
  ts = (struct timespec){0, 1000};
  r = syscall(SYS_nanosleep, &ts, &ts2);
  expect_call(res(r), "nanosleep({tv_sec=0, tv_nsec=1000}, %p)", (void *)&ts2);
  r = syscall(SYS_nanosleep, &ts, NULL);
  expect_call(res(r), "nanosleep({tv_sec=0, tv_nsec=1000}, NULL)");
  ts = (struct timespec){0, 2000000000};
  r = syscall(SYS_nanosleep, &ts, &ts2);
  expect_call(res(r), "nanosleep({tv_sec=0, tv_nsec=2000000000}, %p)", (void *)&ts2);
  ts = (struct timespec){-5, -1};
  r = syscall(SYS_nanosleep, &ts, &ts2);
  expect_call(res(r), "nanosleep({tv_sec=-5, tv_nsec=18446744073709551615}, %p)", (void *)&ts2);
  r = syscall(SYS_nanosleep, tail, &ts2);
  expect_call(res(r), "nanosleep(%p, %p)", tail, (void *)&ts2);
  ts = (struct timespec){0, 1000};
  r = syscall(SYS_clock_nanosleep, CLOCK_MONOTONIC, 0, &ts, &ts2);
  expect_call(res(r), "clock_nanosleep(CLOCK_MONOTONIC, 0, {tv_sec=0, tv_nsec=1000}, %p)", (void *)&ts2);
  r = syscall(SYS_clock_nanosleep, CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, &ts2);
  expect_call(res(r), "clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, {tv_sec=0, tv_nsec=1000}, %p)",
              (void *)&ts2);

  arm_alarm();
  ts = (struct timespec){100, 0};
  r = syscall(SYS_nanosleep, &ts, &ts2);
  CHECK(r == -1 && errno == EINTR);
  expect_call("? ERESTART_RESTARTBLOCK (Interrupted by signal)", "nanosleep({tv_sec=100, tv_nsec=0}, %s)",
              ts_str(&ts2));
  expect_line("--- SIGALRM {si_signo=SIGALRM, si_code=SI_KERNEL} ---");
  arm_alarm();
  r = syscall(SYS_clock_nanosleep, CLOCK_MONOTONIC, 0, &ts, &ts2);
  CHECK(r == -1 && errno == EINTR);
  expect_call("? ERESTART_RESTARTBLOCK (Interrupted by signal)",
              "clock_nanosleep(CLOCK_MONOTONIC, 0, {tv_sec=100, tv_nsec=0}, %s)", ts_str(&ts2));
  expect_line("--- SIGALRM {si_signo=SIGALRM, si_code=SI_KERNEL} ---");

  // timeval and timezone.
  struct timeval tv;
  struct timezone tz;
  r = syscall(SYS_gettimeofday, &tv, &tz);
  expect_call(res(r), "gettimeofday(%s, {tz_minuteswest=%d, tz_dsttime=%d})", tv_str(&tv),
              tz.tz_minuteswest, tz.tz_dsttime);
  r = syscall(SYS_gettimeofday, &tv, NULL);
  expect_call(res(r), "gettimeofday(%s, NULL)", tv_str(&tv));
  r = syscall(SYS_gettimeofday, bad, bad);
  expect_call(res(r), "gettimeofday(%p, %p)", bad, bad);
  // An invalid time: refused before anything is set.
  tv = (struct timeval){1, 2000000};
  tz = (struct timezone){-60, 1};
  r = syscall(SYS_settimeofday, &tv, &tz);
  expect_call(res(r), "settimeofday({tv_sec=1, tv_usec=2000000}, {tz_minuteswest=-60, tz_dsttime=1})");
  tv = (struct timeval){-1, -1};
  r = syscall(SYS_settimeofday, &tv, NULL);
  expect_call(res(r), "settimeofday({tv_sec=-1, tv_usec=18446744073709551615}, NULL)");

  // itimerval.
  struct itimerval it = {{0, 0}, {0, 0}}, old;
  r = syscall(SYS_setitimer, ITIMER_VIRTUAL, &it, &old);
  expect_call(res(r), "setitimer(ITIMER_VIRTUAL, {it_interval={tv_sec=0, tv_usec=0}, "
              "it_value={tv_sec=0, tv_usec=0}}, {it_interval=%s, it_value=%s})",
              tv_str(&old.it_interval), tv_str(&old.it_value));
  r = syscall(SYS_getitimer, ITIMER_PROF, &old);
  expect_call(res(r), "getitimer(ITIMER_PROF, {it_interval=%s, it_value=%s})",
              tv_str(&old.it_interval), tv_str(&old.it_value));
  r = syscall(SYS_getitimer, ITIMER_PROF, tail);
  expect_call(res(r), "getitimer(ITIMER_PROF, %p)", tail);

  // timex: read only (modes=0), shown as the kernel wrote it back.
  struct timex tx = {0};
  r = syscall(SYS_adjtimex, &tx);
  expect_timex("adjtimex(", &tx, r);
  memset(&tx, 0, sizeof tx);
  r = syscall(SYS_clock_adjtime, CLOCK_REALTIME, &tx);
  expect_timex("clock_adjtime(CLOCK_REALTIME, ", &tx, r);
  r = syscall(SYS_adjtimex, bad);
  expect_call(res(r), "adjtimex(%p)", bad);
  r = syscall(SYS_adjtimex, NULL);
  expect_call(res(r), "adjtimex(NULL)");

  // tms.
  struct tms t;
  for (volatile long spin = 0; spin < 50000000; spin = spin + 1) {
    // some user time to show in seconds
  }
  r = syscall(SYS_times, &t);
  expect_call(res(r), "times({tms_utime=%s, tms_stime=%s, tms_cutime=%s, tms_cstime=%s})",
              clk(t.tms_utime), clk(t.tms_stime), clk(t.tms_cutime), clk(t.tms_cstime));
  r = syscall(SYS_times, NULL);
  expect_call(res(r), "times(NULL)");

  // File times, with their dates.
  struct utimbuf ub = {1234567890, 0};
  r = syscall(SYS_utime, path, &ub);
  expect_call(res(r), "utime(\"%s\", {actime=1234567890%s, modtime=0})", path, date(1234567890, 0, 0));
  ub = (struct utimbuf){-1, 1};
  r = syscall(SYS_utime, path, &ub);
  expect_call(res(r), "utime(\"%s\", {actime=-1%s, modtime=1%s})", path, date(-1, 0, 0), date(1, 0, 0));
  r = syscall(SYS_utime, path, NULL);
  expect_call(res(r), "utime(\"%s\", NULL)", path);

  struct timeval tvs[2] = {{1234567890, 5}, {0, 0}};
  r = syscall(SYS_utimes, path, tvs);
  expect_call(res(r), "utimes(\"%s\", [{tv_sec=1234567890, tv_usec=5}%s, {tv_sec=0, tv_usec=0}])", path,
              date(1234567890, 5, 6));
  tvs[1] = (struct timeval){-1, 1000000};
  r = syscall(SYS_futimesat, AT_FDCWD, path, tvs);
  expect_call(res(r), "futimesat(AT_FDCWD, \"%s\", [{tv_sec=1234567890, tv_usec=5}%s, "
              "{tv_sec=-1, tv_usec=1000000}])", path, date(1234567890, 5, 6));
  r = syscall(SYS_utimes, path, tail);
  expect_call(res(r), "utimes(\"%s\", %p)", path, tail);

  struct timespec tss[2] = {{1234567890, 0}, {1, UTIME_NOW}};
  r = syscall(SYS_utimensat, AT_FDCWD, path, tss, 0);
  expect_call(res(r), "utimensat(AT_FDCWD, \"%s\", [{tv_sec=1234567890, tv_nsec=0}%s, UTIME_NOW], 0)",
              path, date(1234567890, 0, 9));
  tss[0] = (struct timespec){2, UTIME_OMIT};
  r = syscall(SYS_utimensat, AT_FDCWD, path, tss, AT_SYMLINK_NOFOLLOW);
  expect_call(res(r), "utimensat(AT_FDCWD, \"%s\", [UTIME_OMIT, UTIME_NOW], AT_SYMLINK_NOFOLLOW)", path);
  tss[0] = (struct timespec){1, 1000000000};
  tss[1] = (struct timespec){-2, 7};
  r = syscall(SYS_utimensat, AT_FDCWD, path, tss, 0);
  expect_call(res(r), "utimensat(AT_FDCWD, \"%s\", [{tv_sec=1, tv_nsec=1000000000}, "
              "{tv_sec=-2, tv_nsec=7}%s], 0)", path, date(-2, 7, 9));
  r = syscall(SYS_utimensat, AT_FDCWD, path, NULL, 0);
  expect_call(res(r), "utimensat(AT_FDCWD, \"%s\", NULL, 0)", path);
  r = syscall(SYS_utimensat, AT_FDCWD, path, tail, 0);
  expect_call(res(r), "utimensat(AT_FDCWD, \"%s\", %p, 0)", path, tail);

  // itimerspec.
  int tid = -1;
  r = syscall(SYS_timer_create, CLOCK_MONOTONIC, NULL, &tid);
  expect_call(res(r), "timer_create(CLOCK_MONOTONIC, NULL, [%d])", tid);
  struct itimerspec its = {{1, 2}, {3, 4}}, oits;
  r = syscall(SYS_timer_settime, tid, 0, &its, &oits);
  expect_call(res(r), "timer_settime(%d, 0, {it_interval={tv_sec=1, tv_nsec=2}, "
              "it_value={tv_sec=3, tv_nsec=4}}, {it_interval=%s, it_value=%s})",
              tid, ts_str(&oits.it_interval), ts_str(&oits.it_value));
  r = syscall(SYS_timer_gettime, tid, &oits);
  expect_call(res(r), "timer_gettime(%d, {it_interval=%s, it_value=%s})", tid,
              ts_str(&oits.it_interval), ts_str(&oits.it_value));
  r = syscall(SYS_timer_gettime, tid, bad);
  expect_call(res(r), "timer_gettime(%d, %p)", tid, bad);

  unlink(path);
  expect_line("+++ exited with 0 +++");
  return 0;
}
