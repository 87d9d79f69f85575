#include "decode/siginfo.h"

#include <array>
#include <string>

#include "decode/basic.h"
#include "decode/errnos.h"
#include "decode/families.h"
#include "decode/pid_comm.h"
#include "decode/signals.h"

namespace cxtrace::decode {

namespace {

struct Code {
  int value;
  std::string_view name;
};

constexpr Code kGeneric[] = {
    {0, "SI_USER"},       {0x80, "SI_KERNEL"},     {-1, "SI_QUEUE"},    {-2, "SI_TIMER"},
    {-3, "SI_MESGQ"},     {-4, "SI_ASYNCIO"},      {-5, "SI_SIGIO"},    {-6, "SI_TKILL"},
    {-7, "SI_DETHREAD"},  {-60, "SI_ASYNCNL"},
};
constexpr Code kChld[] = {{1, "CLD_EXITED"},  {2, "CLD_KILLED"},  {3, "CLD_DUMPED"},
                          {4, "CLD_TRAPPED"}, {5, "CLD_STOPPED"}, {6, "CLD_CONTINUED"}};
constexpr Code kSegv[] = {{1, "SEGV_MAPERR"},  {2, "SEGV_ACCERR"},  {3, "SEGV_BNDERR"},
                          {4, "SEGV_PKUERR"},  {5, "SEGV_ACCADI"},  {6, "SEGV_ADIDERR"},
                          {7, "SEGV_ADIPERR"}, {8, "SEGV_MTEAERR"}, {9, "SEGV_MTESERR"},
                          {10, "SEGV_CPERR"}};
constexpr Code kBus[] = {{1, "BUS_ADRALN"}, {2, "BUS_ADRERR"}, {3, "BUS_OBJERR"},
                         {4, "BUS_MCEERR_AR"}, {5, "BUS_MCEERR_AO"}};
constexpr Code kIll[] = {{1, "ILL_ILLOPC"}, {2, "ILL_ILLOPN"}, {3, "ILL_ILLADR"},
                         {4, "ILL_ILLTRP"}, {5, "ILL_PRVOPC"}, {6, "ILL_PRVREG"},
                         {7, "ILL_COPROC"}, {8, "ILL_BADSTK"}, {9, "ILL_BADIADDR"}};
constexpr Code kFpe[] = {{1, "FPE_INTDIV"}, {2, "FPE_INTOVF"}, {3, "FPE_FLTDIV"},
                         {4, "FPE_FLTOVF"}, {5, "FPE_FLTUND"}, {6, "FPE_FLTRES"},
                         {7, "FPE_FLTINV"}, {8, "FPE_FLTSUB"}, {14, "FPE_FLTUNK"},
                         {15, "FPE_CONDTRAP"}};
constexpr Code kTrap[] = {{1, "TRAP_BRKPT"}, {2, "TRAP_TRACE"}, {3, "TRAP_BRANCH"},
                          {4, "TRAP_HWBKPT"}, {5, "TRAP_UNK"}, {6, "TRAP_PERF"}};
constexpr Code kPoll[] = {{1, "POLL_IN"},  {2, "POLL_OUT"}, {3, "POLL_MSG"},
                          {4, "POLL_ERR"}, {5, "POLL_PRI"}, {6, "POLL_HUP"}};
constexpr Code kSys[] = {{1, "SYS_SECCOMP"}, {2, "SYS_USER_DISPATCH"}};

template <size_t N>
std::string_view find(const Code (&codes)[N], int v) {
  for (const Code& c : codes) {
    if (c.value == v) {
      return c.name;
    }
  }
  return {};
}

// si_code values that carry a sender (pid, uid) rather than a fault address.
bool from_sender(int code) { return code <= 0; }

void signal_value(const siginfo_t& si, Values& out) {
  out.field("si_int");
  out.int_(si.si_value.sival_int);
  out.field("si_ptr");
  out.ptr(reinterpret_cast<uint64_t>(si.si_value.sival_ptr));
}

void sender(const siginfo_t& si, Values& out, bool pid_comm) {
  out.field("si_pid");
  put_pid(out, si.si_pid, pid_comm);
  out.field("si_uid");
  out.uint_(si.si_uid);
}

}  // namespace

std::string_view si_code_name(int signo, int code) {
  if (from_sender(code) || code == 0x80) {
    return find(kGeneric, code);
  }
  switch (signo) {
    case SIGCHLD:
      return find(kChld, code);
    case SIGSEGV:
      return find(kSegv, code);
    case SIGBUS:
      return find(kBus, code);
    case SIGILL:
      return find(kIll, code);
    case SIGFPE:
      return find(kFpe, code);
    case SIGTRAP:
      return find(kTrap, code);
    case SIGIO:
      return find(kPoll, code);
    case SIGSYS:
      return find(kSys, code);
    default:
      return {};
  }
}

void decode_siginfo(const siginfo_t& si, Values& out, bool pid_comm) {
  out.struct_begin();
  out.field("si_signo");
  put_signal(out, si.si_signo);
  if (si.si_errno != 0) {
    out.field("si_errno");
    std::string_view e = errno_name(si.si_errno);
    if (e.empty()) {
      out.int_(si.si_errno);
    } else {
      out.sym(e, static_cast<uint64_t>(si.si_errno), NumFmt::dec);
    }
  }
  out.field("si_code");
  std::string_view code = si_code_name(si.si_signo, si.si_code);
  if (code.empty()) {
    out.int_(si.si_code);
  } else {
    // An int, shown as one in hex under -X raw (SI_TKILL is 0xfffffffa).
    out.sym(code, static_cast<uint64_t>(static_cast<int64_t>(si.si_code)), NumFmt::hex32);
  }

  if (from_sender(si.si_code)) {
    switch (si.si_code) {
      case SI_TIMER:
        out.field("si_timerid");
        out.hex(static_cast<uint32_t>(si.si_timerid));
        out.field("si_overrun");
        out.int_(si.si_overrun);
        signal_value(si, out);
        break;
      case SI_QUEUE:
      case SI_MESGQ:
      case SI_ASYNCIO:
        sender(si, out, pid_comm);
        signal_value(si, out);
        break;
      default:
        sender(si, out, pid_comm);
        break;
    }
    out.struct_end();
    return;
  }

  switch (si.si_signo) {
    case SIGCHLD:
      sender(si, out, pid_comm);
      out.field("si_status");
      if (si.si_code == CLD_EXITED) {
        out.int_(si.si_status);
      } else {
        put_signal(out, si.si_status);
      }
      out.field("si_utime");
      put_clock_t(out, static_cast<uint64_t>(si.si_utime));
      out.field("si_stime");
      put_clock_t(out, static_cast<uint64_t>(si.si_stime));
      break;
    case SIGILL:
    case SIGFPE:
    case SIGSEGV:
    case SIGBUS:
    case SIGTRAP:
      out.field("si_addr");
      out.ptr(reinterpret_cast<uint64_t>(si.si_addr));
      break;
    case SIGIO:
      out.field("si_band");
      out.int_(si.si_band);
      out.field("si_fd");
      out.int_(si.si_fd);
      break;
    case SIGSYS:
      out.field("si_call_addr");
      out.ptr(reinterpret_cast<uint64_t>(si.si_call_addr));
      out.field("si_syscall");
      out.int_(si.si_syscall);
      out.field("si_arch");
      out.hex(si.si_arch);
      break;
    default:
      if (si.si_code == SI_KERNEL) {
        break;
      }
      sender(si, out, pid_comm);
      break;
  }
  out.struct_end();
}

}  // namespace cxtrace::decode
