// The time structures: timespec, timeval and the structs built from them. Seconds print
// signed and the sub-second part unsigned, as strace does, so a negative tv_nsec shows up as
// a huge number. The file-time calls (utime, utimes, utimensat) add the date a valid time
// stands for, in local time: `{tv_sec=1234567890, tv_nsec=0} /* 2009-02-13T23:31:30+0000 */`.
// Structures are read whole: NULL, an unreadable one and a failed call's out-argument print
// as an address.
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/times.h>
#include <sys/timex.h>
#include <unistd.h>
#include <utime.h>

#include <ctime>
#include <string_view>

#include <fmt/format.h>

#include "decode/arg_fetch.h"
#include "decode/families.h"
#include "decode/special/common.h"

namespace cxtrace::decode {

namespace {

constexpr int64_t kNsecPerSec = 1000000000;
constexpr int64_t kUsecPerSec = 1000000;

// ` /* 2009-02-13T23:31:30.000005+0000 */` after a time: none for zero, and none when the
// time has no calendar date. `digits` is the width of the fraction (6 or 9); a zero fraction
// is left out.
void put_date(Values& out, int64_t sec, uint64_t frac, int digits) {
  if (sec == 0 && frac == 0) {
    return;
  }
  auto t = static_cast<time_t>(sec);
  tm parts{};
  if (localtime_r(&t, &parts) == nullptr) {
    return;
  }
  char date[64];
  char zone[16];
  if (std::strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%S", &parts) == 0 ||
      std::strftime(zone, sizeof zone, "%z", &parts) == 0) {
    return;
  }
  if (frac == 0) {
    out.comment(fmt::format("{}{}", date, zone));
  } else {
    out.comment(fmt::format("{}.{:0{}}{}", date, frac, digits, zone));
  }
}

void put_timespec(Values& out, const timespec& ts) {
  out.struct_begin();
  out.field("tv_sec");
  out.int_(ts.tv_sec);
  out.field("tv_nsec");
  out.uint_(static_cast<uint64_t>(ts.tv_nsec));
  out.struct_end();
}

void put_timeval(Values& out, const timeval& tv) {
  out.struct_begin();
  out.field("tv_sec");
  out.int_(tv.tv_sec);
  out.field("tv_usec");
  out.uint_(static_cast<uint64_t>(tv.tv_usec));
  out.struct_end();
}

// A file time of utimensat: UTIME_NOW and UTIME_OMIT stand for the whole timespec, which
// -X raw shows as it is (`{tv_sec=1, tv_nsec=1073741823}`).
void put_file_timespec(Values& out, const timespec& ts) {
  if (ts.tv_nsec == UTIME_NOW || ts.tv_nsec == UTIME_OMIT) {
    out.struct_begin(kRawForm);
    out.field("tv_sec");
    out.int_(ts.tv_sec);
    out.field("tv_nsec");
    out.int_(ts.tv_nsec);
    out.struct_end();
    out.sym(ts.tv_nsec == UTIME_NOW ? "UTIME_NOW" : "UTIME_OMIT", static_cast<uint64_t>(ts.tv_nsec));
    return;
  }
  put_timespec(out, ts);
  if (ts.tv_nsec >= 0 && ts.tv_nsec < kNsecPerSec) {
    put_date(out, ts.tv_sec, static_cast<uint64_t>(ts.tv_nsec), 9);
  }
}

void put_file_timeval(Values& out, const timeval& tv) {
  put_timeval(out, tv);
  if (tv.tv_usec >= 0 && tv.tv_usec < kUsecPerSec) {
    put_date(out, tv.tv_sec, static_cast<uint64_t>(tv.tv_usec), 6);
  }
}

// The kernel writes a sleep's remainder only when a signal interrupted it (the call is to
// be restarted); otherwise the buffer holds whatever was there, so only its address is shown.
bool is_restart(const Record& rec) {
  switch (rec.err()) {
    case 512:  // ERESTARTSYS
    case 513:  // ERESTARTNOINTR
    case 514:  // ERESTARTNOHAND
    case 516:  // ERESTART_RESTARTBLOCK
      return true;
    default:
      return false;
  }
}

// nanosleep's `rem` and clock_nanosleep's `remain` (which an absolute sleep leaves alone).
bool is_sleep_remainder(const ArgCtx& a) {
  std::string_view name = a.call.rec.desc->name;
  return (name == "nanosleep" && a.index == 1) ||
         (name == "clock_nanosleep" && a.index == 3);
}

void decode_sleep_remainder(ArgCtx& a) {
  const Record& rec = a.call.rec;
  bool relative = rec.desc->name == std::string_view("nanosleep") || (rec.raw.args[1] & TIMER_ABSTIME) == 0;
  timespec ts{};
  if (a.value == 0 || !relative || !is_restart(rec) ||
      a.mem().read(a.value, &ts, sizeof ts) != sizeof ts) {
    a.out().ptr(a.value);
    return;
  }
  put_timespec(a.out(), ts);
}

void put_timex(Values& out, const struct timex& tx) {
  out.struct_begin();
  out.field("modes");
  special::put_flags(out, table::xlat::adjtimex_modes, tx.modes, "ADJ_???");
  auto num = [&out](std::string_view name, int64_t v) {
    out.field(name);
    out.int_(v);
  };
  num("offset", tx.offset);
  num("freq", tx.freq);
  num("maxerror", tx.maxerror);
  num("esterror", tx.esterror);
  out.field("status");
  special::put_flags(out, table::xlat::adjtimex_status, static_cast<uint32_t>(tx.status),
                     "STA_???");
  num("constant", tx.constant);
  num("precision", tx.precision);
  num("tolerance", tx.tolerance);
  out.field("time");
  put_timeval(out, tx.time);
  num("tick", tx.tick);
  num("ppsfreq", tx.ppsfreq);
  num("jitter", tx.jitter);
  num("shift", tx.shift);
  num("stabil", tx.stabil);
  num("jitcnt", tx.jitcnt);
  num("calcnt", tx.calcnt);
  num("errcnt", tx.errcnt);
  num("stbcnt", tx.stbcnt);
  num("tai", tx.tai);
  out.struct_end();
}

}  // namespace

void decode_timespec(ArgCtx& a) {
  if (a.call.exiting && is_sleep_remainder(a)) {
    decode_sleep_remainder(a);
    return;
  }
  timespec ts{};
  if (fetch_arg(a, ts)) {
    put_timespec(a.out(), ts);
  }
}

void decode_timespec_pair(ArgCtx& a) {
  timespec ts[2]{};
  if (!fetch_arg(a, ts)) {
    return;
  }
  Values& out = a.out();
  out.array_begin();
  put_file_timespec(out, ts[0]);
  put_file_timespec(out, ts[1]);
  out.array_end();
}

void decode_timeval(ArgCtx& a) {
  timeval tv{};
  if (fetch_arg(a, tv)) {
    put_timeval(a.out(), tv);
  }
}

void decode_timeval_pair(ArgCtx& a) {
  timeval tv[2]{};
  if (!fetch_arg(a, tv)) {
    return;
  }
  Values& out = a.out();
  out.array_begin();
  put_file_timeval(out, tv[0]);
  put_file_timeval(out, tv[1]);
  out.array_end();
}

void decode_timezone(ArgCtx& a) {
  struct timezone tz{};
  if (!fetch_arg(a, tz)) {
    return;
  }
  Values& out = a.out();
  out.struct_begin();
  out.field("tz_minuteswest");
  out.int_(tz.tz_minuteswest);
  out.field("tz_dsttime");
  out.int_(tz.tz_dsttime);
  out.struct_end();
}

void decode_itimerval(ArgCtx& a) {
  itimerval it{};
  if (!fetch_arg(a, it)) {
    return;
  }
  Values& out = a.out();
  out.struct_begin();
  out.field("it_interval");
  put_timeval(out, it.it_interval);
  out.field("it_value");
  put_timeval(out, it.it_value);
  out.struct_end();
}

void decode_itimerspec(ArgCtx& a) {
  itimerspec it{};
  if (!fetch_arg(a, it)) {
    return;
  }
  Values& out = a.out();
  out.struct_begin();
  out.field("it_interval");
  put_timespec(out, it.it_interval);
  out.field("it_value");
  put_timespec(out, it.it_value);
  out.struct_end();
}

void decode_timex(ArgCtx& a) {
  struct timex tx{};
  if (fetch_arg(a, tx)) {
    put_timex(a.out(), tx);
  }
}

void decode_utimbuf(ArgCtx& a) {
  utimbuf ub{};
  if (!fetch_arg(a, ub)) {
    return;
  }
  Values& out = a.out();
  out.struct_begin();
  out.field("actime");
  out.int_(ub.actime);
  put_date(out, ub.actime, 0, 0);
  out.field("modtime");
  out.int_(ub.modtime);
  put_date(out, ub.modtime, 0, 0);
  out.struct_end();
}

void put_clock_t(Values& out, uint64_t ticks) {
  out.uint_(ticks);
  long hz = sysconf(_SC_CLK_TCK);
  if (ticks == 0 || hz <= 0) {
    return;
  }
  // As many decimals as a tick needs: 2 for 100 Hz.
  int digits = 0;
  for (long scale = 1; scale < hz && digits < 9; scale *= 10) {
    ++digits;
  }
  out.remark(fmt::format("{:.{}f} s", static_cast<double>(ticks) / static_cast<double>(hz), digits));
}

void decode_tms(ArgCtx& a) {
  struct tms t{};
  if (!fetch_arg(a, t)) {
    return;
  }
  Values& out = a.out();
  out.struct_begin();
  out.field("tms_utime");
  put_clock_t(out, static_cast<uint64_t>(t.tms_utime));
  out.field("tms_stime");
  put_clock_t(out, static_cast<uint64_t>(t.tms_stime));
  out.field("tms_cutime");
  put_clock_t(out, static_cast<uint64_t>(t.tms_cutime));
  out.field("tms_cstime");
  put_clock_t(out, static_cast<uint64_t>(t.tms_cstime));
  out.struct_end();
}

}  // namespace cxtrace::decode
