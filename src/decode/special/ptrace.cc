// ptrace: what `addr` and `data` are depends on the request (strace's src/process.c): an
// offset into struct user for PTRACE_PEEKUSER (`8*RIP`), options for PTRACE_SETOPTIONS, a
// signal to deliver for PTRACE_CONT; and for the requests that fetch something, the value the
// kernel stored through `data`, shown at exit (`[0x7f…]`, a siginfo, an iovec).
#include <linux/ptrace.h>
#include <signal.h>
#include <stddef.h>
#include <sys/user.h>

#include <algorithm>

#include <fmt/format.h>

#include "decode/siginfo.h"
#include "decode/special.h"
#include "decode/special/common.h"

namespace cxtrace::decode {

namespace {

using special::arg;

constexpr int kRequest = 0, kPid = 1, kAddr = 2, kData = 3;

#define UOFF(member) {offsetof(struct user, member), "offsetof(struct user, " #member ")"}
struct UserOffset {
  uint64_t off;
  std::string_view name;
};
// strace's names for offsets into struct user, in increasing order (x86_64 userent.h).
constexpr UserOffset kUserOffsets[] = {
    {8 * 0, "8*R15"},   {8 * 1, "8*R14"},  {8 * 2, "8*R13"},  {8 * 3, "8*R12"},
    {8 * 4, "8*RBP"},   {8 * 5, "8*RBX"},  {8 * 6, "8*R11"},  {8 * 7, "8*R10"},
    {8 * 8, "8*R9"},    {8 * 9, "8*R8"},   {8 * 10, "8*RAX"}, {8 * 11, "8*RCX"},
    {8 * 12, "8*RDX"},  {8 * 13, "8*RSI"}, {8 * 14, "8*RDI"}, {8 * 15, "8*ORIG_RAX"},
    {8 * 16, "8*RIP"},  {8 * 17, "8*CS"},  {8 * 18, "8*EFL"}, {8 * 19, "8*RSP"},
    {8 * 20, "8*SS"},   UOFF(u_fpvalid),   UOFF(i387),        UOFF(u_tsize),
    UOFF(u_dsize),      UOFF(u_ssize),     UOFF(start_code),  UOFF(start_stack),
    UOFF(signal),       UOFF(reserved),    UOFF(u_ar0),       UOFF(u_fpstate),
    UOFF(magic),        UOFF(u_comm),      UOFF(u_debugreg),
    {sizeof(struct user), "sizeof(struct user)"},
};
#undef UOFF

void put_user_offset(Values& out, uint64_t addr) {
  const UserOffset* base = nullptr;
  for (const UserOffset& u : kUserOffsets) {
    if (u.off <= addr) {
      base = &u;
    }
  }
  // Beyond the end of struct user: just the number.
  if (base == nullptr || (addr > base->off && base == &kUserOffsets[std::size(kUserOffsets) - 1])) {
    out.ptr(addr);
    return;
  }
  std::string& pool = out.pool();
  size_t off = pool.size();
  pool += base->name;
  if (addr != base->off) {
    fmt::format_to(std::back_inserter(pool), "+{}", addr - base->off);
  }
  out.sym_pooled(off, addr, NumFmt::hex);  // 0x80 under -X raw
}

// struct user_regs_struct, the NT_PRSTATUS register set, as strace prints it.
constexpr std::string_view kRegNames[] = {
    "r15", "r14", "r13", "r12", "rbp", "rbx", "r11",     "r10",     "r9", "r8", "rax", "rcx", "rdx", "rsi",
    "rdi", "orig_rax", "rip", "cs", "eflags", "rsp", "ss", "fs_base", "gs_base", "ds", "es", "fs", "gs"};
static_assert(std::size(kRegNames) * 8 == sizeof(user_regs_struct));

// The iovec of PTRACE_GETREGSET/SETREGSET; with `regs` the NT_PRSTATUS registers it holds.
void put_iovec(CallCtx& c, uint64_t addr, bool regs) {
  struct {
    uint64_t base, len;
  } iov{};
  // strace prints this iovec whether or not the call failed.
  if (addr == 0 || c.mem.read(addr, &iov, sizeof iov) != sizeof iov) {
    c.out().ptr(addr);
    return;
  }
  Values& out = c.out();
  out.struct_begin();
  out.field("iov_base");
  uint64_t r[std::size(kRegNames)];
  // As many registers as the buffer holds (strace prints a short set partly).
  size_t n = std::min<uint64_t>(iov.len, sizeof r) / sizeof r[0];
  if (regs && n != 0 && c.mem.read(iov.base, r, n * sizeof r[0]) == n * sizeof r[0]) {
    out.struct_begin();
    for (size_t i = 0; i < n; ++i) {
      out.field(kRegNames[i]);
      out.hex(r[i]);
    }
    out.struct_end();
  } else {
    out.ptr(iov.base);
  }
  out.field("iov_len");
  out.uint_(iov.len);
  out.struct_end();
}

void put_siginfo(CallCtx& c, uint64_t addr) {
  siginfo_t si{};
  if (!special::fetch(c, addr, si)) {
    return;
  }
  decode_siginfo(si, c.out(), c.opts.pid_comm);
}

void put_sigmask(CallCtx& c, uint64_t addr, uint64_t len) {
  uint64_t mask = 0;
  if (addr == 0) {
    c.out().ptr(0);
    return;
  }
  if (len != sizeof mask || c.failed() || c.mem.read(addr, &mask, sizeof mask) != sizeof mask) {
    c.out().ptr(addr);
    return;
  }
  special::put_sigmask(c.out(), &mask, sizeof mask);
}

// Requests whose `data` the kernel fills: shown at exit.
bool data_at_exit(uint64_t request) {
  switch (request) {
    case PTRACE_PEEKDATA:
    case PTRACE_PEEKTEXT:
    case PTRACE_PEEKUSR:
    case PTRACE_GETEVENTMSG:
    case PTRACE_GETREGSET:
    case PTRACE_GETSIGINFO:
    case PTRACE_GETSIGMASK:
    case PTRACE_PEEKSIGINFO:
    case PTRACE_SECCOMP_GET_FILTER:
    case PTRACE_GET_SYSCALL_INFO:
      return true;
    default:
      return false;
  }
}

void put_peeksiginfo_args(CallCtx& c, uint64_t addr) {
  struct {
    uint64_t off;
    uint32_t flags;
    int32_t nr;
  } psi{};
  if (!special::fetch(c, addr, psi)) {
    return;
  }
  Values& out = c.out();
  out.struct_begin();
  out.field("off");
  out.uint_(psi.off);
  out.field("flags");
  special::put_flags(out, table::xlat::ptrace_peeksiginfo_flags, psi.flags,
                     "PTRACE_PEEKSIGINFO_???");
  out.field("nr");
  out.uint_(static_cast<uint32_t>(psi.nr));
  out.struct_end();
}

void entry(CallCtx& c) {
  uint64_t request = c.arg(kRequest);
  uint64_t addr = c.arg(kAddr);
  uint64_t data = c.arg(kData);
  arg(c, [&](Values& out) { special::put_xval(out, table::xlat::ptrace_cmds, request, "PTRACE_???"); });
  if (request == PTRACE_TRACEME) {
    special::entry_all(c);
    return;
  }
  arg(c, [&](Values& out) { out.int_(static_cast<int32_t>(c.arg(kPid))); });
  switch (request) {
    case PTRACE_ATTACH:
    case PTRACE_INTERRUPT:
    case PTRACE_KILL:
    case PTRACE_LISTEN:
      special::entry_all(c);
      return;
    case PTRACE_PEEKUSR:
    case PTRACE_POKEUSR:
      arg(c, [&](Values& out) { put_user_offset(out, addr); });
      break;
    case PTRACE_GETREGSET:
    case PTRACE_SETREGSET:
      arg(c, [&](Values& out) {
        special::put_xval(out, table::xlat::nt_descriptor_types, static_cast<uint32_t>(addr), "NT_???");
      });
      break;
    case PTRACE_GETSIGMASK:
    case PTRACE_SETSIGMASK:
    case PTRACE_SECCOMP_GET_FILTER:
    case PTRACE_SECCOMP_GET_METADATA:
    case PTRACE_GET_SYSCALL_INFO:
      arg(c, [&](Values& out) { out.uint_(addr); });
      break;
    case PTRACE_PEEKSIGINFO:
      arg(c, [&](Values&) { put_peeksiginfo_args(c, addr); });
      break;
    default:
      arg(c, [&](Values& out) { out.ptr(addr); });
      break;
  }
  if (data_at_exit(request)) {
    special::entry_done(c, 4);
    return;
  }
  arg(c, [&](Values& out) {
    switch (request) {
      case PTRACE_CONT:
      case PTRACE_DETACH:
      case PTRACE_SYSCALL:
      case PTRACE_SINGLESTEP:
      case PTRACE_SINGLEBLOCK:
      case PTRACE_SYSEMU:
      case PTRACE_SYSEMU_SINGLESTEP:
        special::put_signo(out, static_cast<int64_t>(data));
        break;
      case PTRACE_SEIZE:
      case PTRACE_SETOPTIONS:
        special::put_flags(out, table::xlat::ptrace_setoptions, data, "PTRACE_O_???");
        break;
      case PTRACE_SETSIGINFO:
        put_siginfo(c, data);
        break;
      case PTRACE_SETSIGMASK:
        put_sigmask(c, data, addr);
        break;
      case PTRACE_SETREGSET:
        put_iovec(c, data, addr == 1);  // NT_PRSTATUS
        break;
      default:
        out.ptr(data);
        break;
    }
  });
  special::entry_all(c);
}

void exit(CallCtx& c) {
  uint64_t request = c.arg(kRequest);
  if (!data_at_exit(request)) {
    return;
  }
  uint64_t data = c.arg(kData);
  arg(c, [&](Values& out) {
    switch (request) {
      case PTRACE_PEEKDATA:
      case PTRACE_PEEKTEXT:
      case PTRACE_PEEKUSR:
        special::put_num<uint64_t>(c, data, [](Values& o, uint64_t v) { o.ptr(v); });
        break;
      case PTRACE_GETEVENTMSG:
        special::put_num<uint64_t>(c, data, [](Values& o, uint64_t v) { o.uint_(v); });
        break;
      case PTRACE_GETREGSET:
        put_iovec(c, data, c.arg(kAddr) == 1 && !c.rec.is_error);  // NT_PRSTATUS
        break;
      case PTRACE_GETSIGINFO:
        put_siginfo(c, data);
        break;
      case PTRACE_GETSIGMASK:
        put_sigmask(c, data, c.arg(kAddr));
        break;
      default:  // siginfo arrays, filters, syscall info: the address
        out.ptr(data);
        break;
    }
  });
}

}  // namespace

extern const SpecialDecoder special_ptrace = {entry, exit};

}  // namespace cxtrace::decode
