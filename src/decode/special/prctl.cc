// prctl: the option decides how many arguments are shown and in what form, and whether the
// kernel fills one of them (shown at exit) or describes the result (`= 1 (SUID_DUMP_USER)`).
// Options strace does not decode show their four arguments in hex. Forms from strace 6.1.
#include <linux/prctl.h>

#include "decode/special.h"
#include "decode/special/common.h"
#include "decode/signals.h"

namespace cxtrace::decode {

namespace {

using special::arg;

constexpr int kTaskCommLen = 16;

void hex_args(CallCtx& c, int from) {
  for (int i = from; i < 5; ++i) {
    arg(c, [&](Values& out) { out.hex(c.arg(i)); });
  }
}

void put_u(CallCtx& c, int i) { arg(c, [&](Values& out) { out.uint_(c.arg(i)); }); }

// Options whose second argument the kernel fills: shown at exit.
bool fills_arg2(uint32_t option) {
  switch (option) {
    case PR_GET_CHILD_SUBREAPER:
    case PR_GET_ENDIAN:
    case PR_GET_FPEMU:
    case PR_GET_FPEXC:
    case PR_GET_NAME:
    case PR_GET_PDEATHSIG:
    case PR_GET_TID_ADDRESS:
    case PR_GET_TSC:
    case PR_GET_UNALIGN:
      return true;
    default:
      return false;
  }
}

void entry(CallCtx& c) {
  auto option = static_cast<uint32_t>(c.arg(0));
  uint64_t a2 = c.arg(1), a3 = c.arg(2);
  arg(c, [&](Values& out) { special::put_xval(out, table::xlat::prctl_options, option, "PR_???"); });
  if (fills_arg2(option)) {
    special::entry_done(c, 2);
    return;
  }
  switch (option) {
    case PR_GET_KEEPCAPS:
    case PR_GET_SECCOMP:
    case PR_GET_TIMERSLACK:
    case PR_GET_TIMING:
    case PR_GET_DUMPABLE:
    case PR_GET_SECUREBITS:
    case PR_GET_FP_MODE:
    case PR_TASK_PERF_EVENTS_DISABLE:
    case PR_TASK_PERF_EVENTS_ENABLE:
      break;
    case PR_SET_CHILD_SUBREAPER:
    case PR_SET_ENDIAN:
    case PR_SET_FPEMU:
    case PR_SET_FPEXC:
    case PR_SET_KEEPCAPS:
    case PR_SET_TIMING:
      put_u(c, 1);
      break;
    case PR_SET_DUMPABLE:
      arg(c, [&](Values& out) { special::put_xval(out, table::xlat::pr_dumpable, a2, "SUID_DUMP_???"); });
      break;
    case PR_CAPBSET_DROP:
    case PR_CAPBSET_READ:
      arg(c, [&](Values& out) { special::put_xval(out, table::xlat::capabilities, a2, "CAP_???"); });
      break;
    case PR_CAP_AMBIENT:
      arg(c, [&](Values& out) {
        special::put_xval(out, table::xlat::pr_cap_ambient, a2, "PR_CAP_AMBIENT_???");
      });
      if (a2 == PR_CAP_AMBIENT_RAISE || a2 == PR_CAP_AMBIENT_LOWER || a2 == PR_CAP_AMBIENT_IS_SET) {
        arg(c, [&](Values& out) { special::put_xval(out, table::xlat::capabilities, a3, "CAP_???"); });
        hex_args(c, 3);
      } else {
        hex_args(c, 2);
      }
      break;
    case PR_MCE_KILL:
      arg(c, [&](Values& out) { special::put_xval(out, table::xlat::pr_mce_kill, a2, "PR_MCE_KILL_???"); });
      arg(c, [&](Values& out) {
        if (a2 == PR_MCE_KILL_SET) {
          special::put_xval(out, table::xlat::pr_mce_kill_policy, a3, "PR_MCE_KILL_???");
        } else {
          out.hex(a3);
        }
      });
      hex_args(c, 3);
      break;
    case PR_SET_NAME:
      arg(c, [&](Values&) { special::put_str_max(c, a2, kTaskCommLen - 1); });
      break;
    case PR_SET_VMA:
      arg(c, [&](Values& out) { special::put_xval(out, table::xlat::pr_set_vma, a2, "PR_SET_VMA_???"); });
      if (a2 == 0) {  // PR_SET_VMA_ANON_NAME
        arg(c, [&](Values& out) { out.ptr(a3); });
        put_u(c, 3);
        arg(c, [&](Values&) { special::put_str(c, c.arg(4)); });
      } else {
        hex_args(c, 2);
      }
      break;
    case PR_SET_MM:
      arg(c, [&](Values& out) { special::put_xval(out, table::xlat::pr_set_mm, a2, "PR_SET_MM_???"); });
      hex_args(c, 2);
      break;
    case PR_SET_PDEATHSIG:
      arg(c, [&](Values& out) {
        if (a2 > 128) {
          out.uint_(a2);
        } else {
          special::put_signo(out, static_cast<int64_t>(a2));
        }
      });
      break;
    case PR_SET_PTRACER:
      arg(c, [&](Values& out) {
        if (static_cast<int32_t>(a2) == -1) {
          out.sym("PR_SET_PTRACER_ANY", static_cast<uint64_t>(-1), NumFmt::sdec);
        } else {
          out.int_(static_cast<int32_t>(a2));
        }
      });
      break;
    case PR_SET_SECCOMP:
      arg(c, [&](Values& out) { special::put_xval(out, table::xlat::seccomp_mode, a2, "SECCOMP_MODE_???"); });
      if (a2 == 2) {  // SECCOMP_MODE_FILTER
        arg(c, [&](Values&) { special::put_sock_fprog(c, a3); });
      } else if (a2 != 1) {  // not SECCOMP_MODE_STRICT
        hex_args(c, 2);
      }
      break;
    case PR_SET_SECUREBITS:
      arg(c, [&](Values& out) { special::put_flags(out, table::xlat::secbits, a2, "SECBIT_???"); });
      break;
    case PR_SET_TIMERSLACK:
      arg(c, [&](Values& out) { out.int_(static_cast<int64_t>(a2)); });
      break;
    case PR_SET_TSC:
      arg(c, [&](Values& out) { special::put_xval(out, table::xlat::pr_tsc, a2, "PR_TSC_???"); });
      break;
    case PR_SET_UNALIGN:
      arg(c, [&](Values& out) {
        special::put_flags(out, table::xlat::pr_unalign_flags, a2, "PR_UNALIGN_???");
      });
      break;
    case PR_SET_NO_NEW_PRIVS:
    case PR_SET_THP_DISABLE:
    case PR_SET_IO_FLUSHER:
      put_u(c, 1);
      hex_args(c, 2);
      break;
    case PR_SET_FP_MODE:
      arg(c, [&](Values& out) { special::put_flags(out, table::xlat::pr_fp_mode, a2, "PR_FP_MODE_???"); });
      break;
    case PR_GET_SPECULATION_CTRL:
      arg(c, [&](Values& out) { special::put_xval(out, table::xlat::pr_spec_cmds, a2, "PR_SPEC_???"); });
      break;
    case PR_SET_SPECULATION_CTRL:
      arg(c, [&](Values& out) { special::put_xval(out, table::xlat::pr_spec_cmds, a2, "PR_SPEC_???"); });
      arg(c, [&](Values& out) {
        if (a2 <= 2) {
          special::put_xval(out, table::xlat::pr_spec_set_flags, a3, "PR_SPEC_???");
        } else {
          out.hex(a3);
        }
      });
      break;
    default:
      hex_args(c, 1);
      break;
  }
  special::entry_all(c);
}

// A result described after it: `= 1 (SUID_DUMP_USER)`, `= 0x3 (SECBIT_NOROOT|…)`.
void describe_result(CallCtx& c, uint32_t option) {
  auto r = static_cast<uint64_t>(c.rec.rval);
  Values& out = c.out();
  switch (option) {
    case PR_GET_DUMPABLE:
      if (const table::XlatEntry* e = special::lookup(table::xlat::pr_dumpable, r)) {
        special::begin_ret(c);
        out.sym(e->name, r);
      }
      break;
    case PR_GET_SECUREBITS:
      if (r != 0) {
        c.rec.ret_hex = true;
        special::begin_ret(c);
        special::put_flags(out, table::xlat::secbits, r, "");
      }
      break;
    case PR_GET_FP_MODE:
      if (r != 0) {
        c.rec.ret_hex = true;
        special::begin_ret(c);
        special::put_flags(out, table::xlat::pr_fp_mode, r, "");
      }
      break;
    case PR_MCE_KILL_GET:
      if (const table::XlatEntry* e = special::lookup(table::xlat::pr_mce_kill_policy, r)) {
        special::begin_ret(c);
        out.sym(e->name, r);
      }
      break;
    case PR_GET_SPECULATION_CTRL:
      if (c.arg(1) <= 2) {
        c.rec.ret_hex = true;
        special::begin_ret(c);
        special::put_flags(out, table::xlat::pr_spec_get_flags, r, "");
      }
      break;
    default:
      break;
  }
}

void exit(CallCtx& c) {
  auto option = static_cast<uint32_t>(c.arg(0));
  uint64_t a2 = c.arg(1);
  if (fills_arg2(option)) {
    arg(c, [&](Values& out) {
      switch (option) {
        case PR_GET_NAME:
          if (c.rec.is_error) {
            out.ptr(a2);
          } else {
            special::put_str_max(c, a2, kTaskCommLen);
          }
          break;
        case PR_GET_PDEATHSIG:
          special::put_num<uint32_t>(c, a2, [](Values& o, uint32_t v) { special::put_signo(o, v); });
          break;
        case PR_GET_TID_ADDRESS:
          special::put_num<uint64_t>(c, a2, [](Values& o, uint64_t v) { o.ptr(v); });
          break;
        case PR_GET_TSC:
          special::put_num<uint32_t>(c, a2, [](Values& o, uint32_t v) {
            special::put_xval(o, table::xlat::pr_tsc, v, "PR_TSC_???");
          });
          break;
        case PR_GET_UNALIGN:
          special::put_num<uint32_t>(c, a2, [](Values& o, uint32_t v) {
            special::put_flags(o, table::xlat::pr_unalign_flags, v, "PR_UNALIGN_???");
          });
          break;
        default:  // the child subreaper flag, endianness, FP emulation: unsigned ints
          special::put_num<uint32_t>(c, a2, [](Values& o, uint32_t v) { o.uint_(v); });
          break;
      }
    });
    return;
  }
  if (!c.rec.is_error) {
    describe_result(c, option);
  }
}

}  // namespace

extern const SpecialDecoder special_prctl = {entry, exit};

}  // namespace cxtrace::decode
