// The signal structures: masks, struct sigaction as the kernel takes it (handler, flags,
// restorer, mask), stack_t, siginfo_t and struct sigevent. The kernel's sigset_t is 8 bytes
// on x86_64; a mask of another size is shown as its address, as the kernel refuses it.
// Structures are read whole: NULL, an unreadable one and a failed call's out-argument print
// as an address.
#include <signal.h>

#include <cstdint>
#include <string_view>

#include "decode/basic.h"
#include "decode/arg_fetch.h"
#include "decode/families.h"
#include "decode/siginfo.h"
#include "decode/special/common.h"

namespace cxtrace::decode {

namespace {

constexpr uint64_t kSigsetBytes = 8;
constexpr uint64_t kSaRestorer = 0x04000000;

// struct sigaction as rt_sigaction passes it (not glibc's layout).
struct KernelSigaction {
  uint64_t handler;
  uint64_t flags;
  uint64_t restorer;
  uint64_t mask;
};

// struct sigevent: the value, the signal, how to notify, and the notification's target.
struct KernelSigevent {
  uint64_t value;
  int32_t signo;
  int32_t notify;
  union {
    int32_t tid;
    struct {
      uint64_t function;
      uint64_t attributes;
    } thread;
    uint8_t pad[48];
  } un;
};
static_assert(sizeof(KernelSigevent) == sizeof(sigevent));

// The smallest mask a call takes: rt_sigpending fills in fewer bytes than a whole sigset_t
// if asked to; the others insist on the full size.
uint64_t min_sigset_bytes(const ArgCtx& a) {
  return a.call.rec.desc->name == std::string_view("rt_sigpending") ? 1 : kSigsetBytes;
}

void put_handler(Values& out, uint64_t handler) {
  if (handler == reinterpret_cast<uint64_t>(SIG_DFL)) {
    out.sym("SIG_DFL", handler);
  } else if (handler == reinterpret_cast<uint64_t>(SIG_IGN)) {
    out.sym("SIG_IGN", handler);
  } else if (handler == reinterpret_cast<uint64_t>(SIG_ERR)) {
    out.sym("SIG_ERR", handler);
  } else {
    out.ptr(handler);
  }
}

// The signal number means something only for the notifications that send one.
bool sends_signal(int32_t notify) {
  return notify == SIGEV_SIGNAL || notify == SIGEV_THREAD || notify == SIGEV_THREAD_ID;
}

void put_sigevent(Values& out, const KernelSigevent& ev) {
  out.struct_begin();
  // A zero value is left out.
  if (ev.value != 0) {
    out.field("sigev_value");
    out.struct_begin();
    out.field("sival_int");
    out.int_(static_cast<int32_t>(ev.value));
    out.field("sival_ptr");
    out.ptr(ev.value);
    out.struct_end();
  }
  out.field("sigev_signo");
  if (sends_signal(ev.notify)) {
    put_signal(out, ev.signo);
  } else {
    out.int_(ev.signo);
  }
  out.field("sigev_notify");
  special::put_xval(out, table::xlat::sigev_notify, static_cast<uint32_t>(ev.notify),
                    "SIGEV_???");
  if (ev.notify == SIGEV_THREAD_ID) {
    out.field("sigev_notify_thread_id");
    out.int_(ev.un.tid);
  } else if (ev.notify == SIGEV_THREAD) {
    out.field("sigev_notify_function");
    out.ptr(ev.un.thread.function);
    out.field("sigev_notify_attributes");
    out.ptr(ev.un.thread.attributes);
  }
  out.struct_end();
}

}  // namespace

void decode_sigset(ArgCtx& a) {
  uint64_t len = a.length();
  if (a.value != 0 && (len < min_sigset_bytes(a) || len > kSigsetBytes)) {
    a.out().ptr(a.value);
    return;
  }
  uint64_t mask = 0;
  if (fetch_arg_bytes(a, &mask, len)) {
    special::put_sigmask(a.out(), &mask, len);
  }
}

void decode_sigaction(ArgCtx& a) {
  KernelSigaction sa{};
  if (!fetch_arg(a, sa)) {
    return;
  }
  Values& out = a.out();
  out.struct_begin();
  out.field("sa_handler");
  put_handler(out, sa.handler);
  out.field("sa_mask");
  special::put_sigmask(out, &sa.mask, sizeof sa.mask);
  out.field("sa_flags");
  special::put_flags(out, table::xlat::sigact_flags, sa.flags, "SA_???");
  if ((sa.flags & kSaRestorer) != 0) {
    out.field("sa_restorer");
    out.ptr(sa.restorer);
  }
  out.struct_end();
}

void decode_siginfo_arg(ArgCtx& a) {
  siginfo_t si{};
  if (!fetch_arg(a, si)) {
    return;
  }
  // waitid with WNOHANG and no child to report leaves the siginfo zeroed.
  if (si.si_signo == 0) {
    a.out().struct_begin();
    a.out().struct_end();
    return;
  }
  decode_siginfo(si, a.out(), a.opts().pid_comm);
}

void decode_stack_t(ArgCtx& a) {
  stack_t ss{};
  if (!fetch_arg(a, ss)) {
    return;
  }
  Values& out = a.out();
  out.struct_begin();
  out.field("ss_sp");
  out.ptr(reinterpret_cast<uint64_t>(ss.ss_sp));
  out.field("ss_flags");
  special::put_flags(out, table::xlat::sigaltstack_flags, static_cast<uint32_t>(ss.ss_flags),
                     "SS_???");
  out.field("ss_size");
  out.uint_(ss.ss_size);
  out.struct_end();
}

void decode_sigevent(ArgCtx& a) {
  KernelSigevent ev{};
  if (fetch_arg(a, ev)) {
    put_sigevent(a.out(), ev);
  }
}

}  // namespace cxtrace::decode
