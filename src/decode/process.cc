// Process structures: resource usage and limits, uname and sysinfo, scheduling parameters,
// capability sets and wait statuses. A limit that is a whole number of KiB is shown the way
// strace does, `8192*1024`; a wait status as the test that matches it,
// `[{WIFEXITED(s) && WEXITSTATUS(s) == 0}]`.
#include <linux/capability.h>
#include <linux/sched.h>
#include <sys/resource.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>
#include <sys/wait.h>

#include <algorithm>
#include <cstring>
#include <string>

#include <fmt/format.h>

#include "decode/basic.h"
#include "decode/families.h"
#include "decode/signals.h"
#include "decode/special/common.h"

namespace cxtrace::decode {

namespace {

using special::fetch;

void put_timeval(Values& out, const struct timeval& tv) {
  out.struct_begin();
  out.field("tv_sec");
  out.int_(tv.tv_sec);
  out.field("tv_usec");
  out.int_(tv.tv_usec);
  out.struct_end();
}

void put_long_field(Values& out, std::string_view name, long v) {
  out.field(name);
  out.int_(v);
}

void put_rusage_counts(Values& out, const struct rusage& ru) {
  put_long_field(out, "ru_maxrss", ru.ru_maxrss);
  put_long_field(out, "ru_ixrss", ru.ru_ixrss);
  put_long_field(out, "ru_idrss", ru.ru_idrss);
  put_long_field(out, "ru_isrss", ru.ru_isrss);
  put_long_field(out, "ru_minflt", ru.ru_minflt);
  put_long_field(out, "ru_majflt", ru.ru_majflt);
  put_long_field(out, "ru_nswap", ru.ru_nswap);
  put_long_field(out, "ru_inblock", ru.ru_inblock);
  put_long_field(out, "ru_oublock", ru.ru_oublock);
  put_long_field(out, "ru_msgsnd", ru.ru_msgsnd);
  put_long_field(out, "ru_msgrcv", ru.ru_msgrcv);
  put_long_field(out, "ru_nsignals", ru.ru_nsignals);
  put_long_field(out, "ru_nvcsw", ru.ru_nvcsw);
  put_long_field(out, "ru_nivcsw", ru.ru_nivcsw);
}

// A limit: RLIM64_INFINITY, a whole number of KiB as `N*1024`, or the number; in decimal
// under -X raw.
void put_limit(Values& out, uint64_t v) {
  if (v == UINT64_MAX) {
    out.sym("RLIM64_INFINITY", v, NumFmt::dec);
  } else if (v != 0 && v % 1024 == 0) {
    out.sym_text(fmt::format("{}*1024", v / 1024), v, NumFmt::dec);
  } else {
    out.uint_(v);
  }
}

// A utsname field: the bytes up to the NUL within its 65.
void put_uts_field(Values& out, std::string_view name, const char (&field)[65]) {
  out.field(name);
  out.str(std::string_view(field, strnlen(field, sizeof field)), 0);
}

void put_ulong_field(Values& out, std::string_view name, unsigned long v) {
  out.field(name);
  out.uint_(v);
}

// The kernel's struct sched_attr (linux/sched/types.h); 48 bytes up to sched_period, 56 with
// the utilisation clamps.
struct SchedAttr {
  uint32_t size, sched_policy;
  uint64_t sched_flags;
  int32_t sched_nice;
  uint32_t sched_priority;
  uint64_t sched_runtime, sched_deadline, sched_period;
  uint32_t sched_util_min, sched_util_max;
};
constexpr uint32_t kSchedAttrVer0 = 48;

void put_sched_params(Values& out, const SchedAttr& sa) {
  out.field("sched_nice");
  out.int_(sa.sched_nice);
  out.field("sched_priority");
  out.uint_(sa.sched_priority);
  out.field("sched_runtime");
  out.uint_(sa.sched_runtime);
  out.field("sched_deadline");
  out.uint_(sa.sched_deadline);
  out.field("sched_period");
  out.uint_(sa.sched_period);
}

void put_sched_attr(Values& out, const SchedAttr& sa, size_t got) {
  out.struct_begin();
  out.field("size");
  out.uint_(sa.size);
  // The fields the flags tell the kernel to keep as they are are not shown.
  if ((sa.sched_flags & SCHED_FLAG_KEEP_POLICY) == 0) {
    out.field("sched_policy");
    special::put_xval(out, table::xlat::sched_policies, sa.sched_policy, "SCHED_???");
  }
  out.field("sched_flags");
  special::put_flags(out, table::xlat::sched_flags, sa.sched_flags, "SCHED_FLAG_???");
  if ((sa.sched_flags & SCHED_FLAG_KEEP_PARAMS) == 0) {
    put_sched_params(out, sa);
  }
  if (got >= sizeof sa) {
    out.field("sched_util_min");
    out.uint_(sa.sched_util_min);
    out.field("sched_util_max");
    out.uint_(sa.sched_util_max);
  }
  if (sa.size > sizeof sa) {
    out.ellipsis();
  }
  out.struct_end();
}

// One 32-bit word of a capability set, its bits numbered from `first`.
void put_cap_word(Values& out, uint32_t word, unsigned first) {
  out.flags_begin(word);
  uint32_t left = word;
  for (unsigned bit = 0; bit < 32; ++bit) {
    if ((word & (1u << bit)) == 0) {
      continue;
    }
    if (const table::XlatEntry* e = special::lookup(table::xlat::capabilities, first + bit)) {
      out.text(fmt::format("1<<{}", e->name));
      left &= ~(1u << bit);
    }
  }
  if (left != 0) {
    out.hex(left);
  }
  out.flags_end();
}

// Capability sets: `1<<CAP_CHOWN|1<<CAP_KILL`, unknown bits in hex after them, or 0. The two
// 32-bit words are two parts under -X raw (`0xfeffffff|0x1ff`), the high one only when set.
void put_capset(Values& out, uint64_t set) {
  auto lo = static_cast<uint32_t>(set);
  auto hi = static_cast<uint32_t>(set >> 32);
  out.flags_begin(set, NumFmt::hex, kParts);
  if (lo != 0 || hi == 0) {
    put_cap_word(out, lo, 0);
  }
  if (hi != 0) {
    put_cap_word(out, hi, 32);
  }
  out.flags_end();
}

// How many 32-bit capability words follow a header of this version; 0 for an unknown one.
int cap_words(uint32_t version) {
  switch (version) {
    case _LINUX_CAPABILITY_VERSION_1: return 1;
    case _LINUX_CAPABILITY_VERSION_2:
    case _LINUX_CAPABILITY_VERSION_3: return 2;
    default: return 0;
  }
}

std::string signal_text(int sig) {
  std::string_view name = signal_name(sig);
  return name.empty() ? fmt::format("{}", sig) : std::string(name);
}

// The test a wait status passes, as strace writes it.
std::string wait_status_text(int s) {
  std::string t;
  auto extra = static_cast<unsigned>(s) & ~0xffffu;
  if (WIFSTOPPED(s)) {
    t = fmt::format("{{WIFSTOPPED(s) && WSTOPSIG(s) == {}}}", signal_text(WSTOPSIG(s)));
    if (extra != 0) {
      unsigned event = static_cast<unsigned>(s) >> 16;
      if (const table::XlatEntry* e = special::lookup(table::xlat::ptrace_events, event)) {
        t += fmt::format(" | {} << 16", e->name);
      } else {
        t += fmt::format(" | {:#x}", extra);
      }
    }
    return t;
  }
  if (WIFSIGNALED(s)) {
    t = fmt::format("{{WIFSIGNALED(s) && WTERMSIG(s) == {}{}}}", signal_text(WTERMSIG(s)),
                    WCOREDUMP(s) ? " && WCOREDUMP(s)" : "");
  } else if (WIFEXITED(s)) {
    t = fmt::format("{{WIFEXITED(s) && WEXITSTATUS(s) == {}}}", WEXITSTATUS(s));
  } else if (WIFCONTINUED(s)) {
    t = "{WIFCONTINUED(s)}";
  } else {
    return fmt::format("{:#x}", static_cast<unsigned>(s));
  }
  if (extra != 0) {
    t += fmt::format(" | {:#x}", extra);
  }
  return t;
}

}  // namespace

// wait4 and getrusage: the two times, and with -v every counter.
void decode_rusage(ArgCtx& a) {
  struct rusage ru {};
  if (!fetch(a.call, a.value, ru)) {
    return;
  }
  Values& out = a.out();
  out.struct_begin();
  out.field("ru_utime");
  put_timeval(out, ru.ru_utime);
  out.field("ru_stime");
  put_timeval(out, ru.ru_stime);
  if (a.opts().verbose) {
    put_rusage_counts(out, ru);
  } else {
    out.ellipsis();
  }
  out.struct_end();
}

void decode_rlimit(ArgCtx& a) {
  uint64_t lim[2] = {0, 0};
  if (!fetch(a.call, a.value, lim)) {
    return;
  }
  Values& out = a.out();
  out.struct_begin();
  out.field("rlim_cur");
  put_limit(out, lim[0]);
  out.field("rlim_max");
  put_limit(out, lim[1]);
  out.struct_end();
}

void decode_utsname(ArgCtx& a) {
  struct utsname u {};
  if (!fetch(a.call, a.value, u)) {
    return;
  }
  Values& out = a.out();
  out.struct_begin();
  put_uts_field(out, "sysname", u.sysname);
  put_uts_field(out, "nodename", u.nodename);
  if (a.opts().verbose) {
    put_uts_field(out, "release", u.release);
    put_uts_field(out, "version", u.version);
    put_uts_field(out, "machine", u.machine);
    put_uts_field(out, "domainname", u.domainname);
  } else {
    out.ellipsis();
  }
  out.struct_end();
}

// sysinfo shows every field, with or without -v.
void decode_sysinfo(ArgCtx& a) {
  struct sysinfo si {};
  if (!fetch(a.call, a.value, si)) {
    return;
  }
  Values& out = a.out();
  out.struct_begin();
  put_long_field(out, "uptime", si.uptime);
  out.field("loads");
  out.array_begin();
  for (unsigned long l : si.loads) {
    out.uint_(l);
  }
  out.array_end();
  put_ulong_field(out, "totalram", si.totalram);
  put_ulong_field(out, "freeram", si.freeram);
  put_ulong_field(out, "sharedram", si.sharedram);
  put_ulong_field(out, "bufferram", si.bufferram);
  put_ulong_field(out, "totalswap", si.totalswap);
  put_ulong_field(out, "freeswap", si.freeswap);
  put_ulong_field(out, "procs", si.procs);
  put_ulong_field(out, "totalhigh", si.totalhigh);
  put_ulong_field(out, "freehigh", si.freehigh);
  put_ulong_field(out, "mem_unit", si.mem_unit);
  out.struct_end();
}

// clone3 has its own decoder (special/clone3.cc), which shows struct clone_args with what the
// kernel wrote back; no other syscall takes one, so the generic form is the address.
void decode_clone_args(ArgCtx& a) { a.out().ptr(a.value); }

// struct sched_param is shown as its one member: `[0]`.
void decode_sched_param(ArgCtx& a) {
  int32_t prio = 0;
  if (!fetch(a.call, a.value, prio)) {
    return;
  }
  a.out().array_begin();
  a.out().int_(prio);
  a.out().array_end();
}

// struct sched_attr: as many bytes as its size field says (48 when it says 0), at most ours.
void decode_sched_attr(ArgCtx& a) {
  SchedAttr sa{};
  if (!fetch(a.call, a.value, sa.size)) {
    return;
  }
  size_t want = sa.size == 0 ? kSchedAttrVer0 : std::min<size_t>(sa.size, sizeof sa);
  if (want < kSchedAttrVer0) {
    // Too short for the kernel: just the size it was given.
    a.out().struct_begin();
    a.out().field("size");
    a.out().uint_(sa.size);
    a.out().struct_end();
    return;
  }
  if (a.mem().read(a.value, &sa, want) != want) {
    a.out().ptr(a.value);
    return;
  }
  put_sched_attr(a.out(), sa, want);
}

void decode_cap_header(ArgCtx& a) {
  struct {
    uint32_t version;
    int32_t pid;
  } h{};
  if (!fetch(a.call, a.value, h)) {
    return;
  }
  Values& out = a.out();
  out.struct_begin();
  out.field("version");
  special::put_xval(out, table::xlat::cap_version, h.version, "_LINUX_CAPABILITY_VERSION_???");
  out.field("pid");
  out.int_(h.pid);
  out.struct_end();
}

// The capability sets after the header (argument 0): one 32-bit word of each set for version
// 1, two for versions 2 and 3, shown as one 64-bit set.
void decode_cap_data(ArgCtx& a) {
  uint32_t version = 0;
  int words = 0;
  if (a.call.mem.read(a.call.arg(0), &version, sizeof version) == sizeof version) {
    words = cap_words(version);
  }
  if (a.value != 0 && words == 0) {
    a.out().ptr(a.value);
    return;
  }
  uint32_t data[2][3] = {};
  if (!special::fetch_bytes(a.call, a.value, data, sizeof data[0] * static_cast<size_t>(words))) {
    return;
  }
  static constexpr std::string_view kNames[] = {"effective", "permitted", "inheritable"};
  Values& out = a.out();
  out.struct_begin();
  for (int i = 0; i < 3; ++i) {
    uint64_t set = data[0][i];
    if (words == 2) {
      set |= uint64_t{data[1][i]} << 32;
    }
    out.field(kNames[i]);
    put_capset(out, set);
  }
  out.struct_end();
}

// Only a call that reported a child has a status to show.
void decode_wait_status(ArgCtx& a) {
  if (a.value != 0 && a.call.exiting && a.call.rec.rval == 0) {
    a.out().ptr(a.value);
    return;
  }
  int32_t s = 0;
  if (!fetch(a.call, a.value, s)) {
    return;
  }
  a.out().array_begin();
  a.out().text(wait_status_text(s));
  a.out().array_end();
}

}  // namespace cxtrace::decode
