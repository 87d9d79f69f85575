// futex: which arguments are shown depends on the operation (strace's src/futex.c):
// `futex(0x7f…, FUTEX_WAKE_PRIVATE, 2147483647)`, `futex(0x7f…, FUTEX_WAIT, 0, {tv_sec=1,
// tv_nsec=0})`, `futex(0x7f…, FUTEX_WAIT_BITSET|FUTEX_CLOCK_REALTIME, 0, NULL,
// FUTEX_BITSET_MATCH_ANY)`. Everything is read at entry.
#include <linux/futex.h>

#include <fmt/format.h>

#include "decode/special.h"
#include "decode/special/common.h"

namespace cxtrace::decode {

namespace {

using special::arg;

constexpr int kUaddr = 0, kOp = 1, kVal = 2, kTimeout = 3, kUaddr2 = 4, kVal3 = 5;

void put_val(CallCtx& c) { arg(c, [&](Values& out) { out.uint_(static_cast<uint32_t>(c.arg(kVal))); }); }
void put_val2(CallCtx& c) {
  arg(c, [&](Values& out) { out.uint_(static_cast<uint32_t>(c.arg(kTimeout))); });
}
void put_uaddr2(CallCtx& c) { arg(c, [&](Values& out) { out.ptr(c.arg(kUaddr2)); }); }
void put_timeout(CallCtx& c) { generic_arg(c, kTimeout); }
void put_bitset(CallCtx& c) {
  arg(c, [&](Values& out) {
    special::put_xval(out, table::xlat::futex_bitset, static_cast<uint32_t>(c.arg(kVal3)), "");
  });
}

// FUTEX_WAKE_OP's encoded operation: `FUTEX_OP_ADD<<28|0x1<<12|FUTEX_OP_CMP_GT<<24|0`, four
// parts under -X raw and verbose (`0x1 /* FUTEX_OP_ADD */<<28|…`).
void put_wake_op(CallCtx& c) {
  arg(c, [&](Values& out) {
    auto v = static_cast<uint32_t>(c.arg(kVal3));
    auto hex = [](uint32_t n) { return n == 0 ? std::string("0") : fmt::format("{:#x}", n); };
    // `NAME<<SHIFT`, or `0x5<<SHIFT /* FUTEX_OP_??? */` for a value the table lacks. strace
    // 6.1's -X raw names none, so it gives every one the remark (`0x1<<28 /* FUTEX_OP_??? */`).
    auto shifted = [&](const table::Xlat& x, uint32_t n, int shift, std::string_view dflt) {
      std::string tail = fmt::format("<<{}", shift);
      if (const table::XlatEntry* e = special::lookup(x, n)) {
        out.flags_begin(n, NumFmt::hex, kParts | kConcat);
        out.sym(e->name, n);
        out.text(tail);
        out.flags_end();
        out.comment(dflt, kRawOnly);
      } else {
        out.text(hex(n) + tail);
        out.comment(dflt);
      }
    };
    out.flags_begin(v, NumFmt::hex, kParts);
    if (((v >> 28) & FUTEX_OP_OPARG_SHIFT) != 0) {
      out.flags_begin(FUTEX_OP_OPARG_SHIFT, NumFmt::hex, kParts | kConcat);
      out.sym("FUTEX_OP_OPARG_SHIFT", FUTEX_OP_OPARG_SHIFT);
      out.text("<<28");
      out.flags_end();
    }
    shifted(table::xlat::futex_wake_ops, (v >> 28) & 0x7, 28, "FUTEX_OP_???");
    out.text(hex((v >> 12) & 0xfff) + "<<12");
    shifted(table::xlat::futex_wake_cmps, (v >> 24) & 0xf, 24, "FUTEX_OP_CMP_???");
    out.text(hex(v & 0xfff));
    out.flags_end();
  });
}

void entry(CallCtx& c) {
  auto op = static_cast<int32_t>(c.arg(kOp));
  arg(c, [&](Values& out) { out.ptr(c.arg(kUaddr)); });
  arg(c, [&](Values& out) {
    special::put_xval(out, table::xlat::futexops, static_cast<uint32_t>(op), "FUTEX_???");
  });
  switch (op & 127) {
    case FUTEX_WAIT:
      put_val(c);
      put_timeout(c);
      break;
    case FUTEX_LOCK_PI:
    case FUTEX_LOCK_PI2:
      put_timeout(c);
      break;
    case FUTEX_WAIT_BITSET:
      put_val(c);
      put_timeout(c);
      put_bitset(c);
      break;
    case FUTEX_WAKE_BITSET:
      put_val(c);
      put_bitset(c);
      break;
    case FUTEX_REQUEUE:
      put_val(c);
      put_val2(c);
      put_uaddr2(c);
      break;
    case FUTEX_CMP_REQUEUE:
    case FUTEX_CMP_REQUEUE_PI:
      put_val(c);
      put_val2(c);
      put_uaddr2(c);
      arg(c, [&](Values& out) { out.uint_(static_cast<uint32_t>(c.arg(kVal3))); });
      break;
    case FUTEX_WAKE_OP:
      put_val(c);
      put_val2(c);
      put_uaddr2(c);
      put_wake_op(c);
      break;
    case FUTEX_WAIT_REQUEUE_PI:
      put_val(c);
      put_timeout(c);
      put_uaddr2(c);
      break;
    case FUTEX_FD:
    case FUTEX_WAKE:
      put_val(c);
      break;
    case FUTEX_UNLOCK_PI:
    case FUTEX_TRYLOCK_PI:
      break;
    default:
      put_val(c);
      arg(c, [&](Values& out) { out.ptr(c.arg(kTimeout)); });
      put_uaddr2(c);
      arg(c, [&](Values& out) { out.hex(static_cast<uint32_t>(c.arg(kVal3))); });
      break;
  }
  special::entry_all(c);
}

}  // namespace

extern const SpecialDecoder special_futex = {entry, special::no_exit};

}  // namespace cxtrace::decode
