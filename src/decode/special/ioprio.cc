// ioprio_get, ioprio_set: a priority is a class and a level, shown as strace's
// `IOPRIO_PRIO_VALUE(IOPRIO_CLASS_BE, 4)`; ioprio_get describes its result that way.
#include <fmt/format.h>

#include "decode/special.h"
#include "decode/special/common.h"

namespace cxtrace::decode {

namespace {

constexpr unsigned kClassShift = 13;
constexpr uint32_t kPrioMask = (1u << kClassShift) - 1;

// `IOPRIO_PRIO_VALUE(IOPRIO_CLASS_BE, 4)`, the class as -X says.
void put_prio_value(Values& out, uint32_t ioprio) {
  out.text("IOPRIO_PRIO_VALUE(");
  special::put_xval(out, table::xlat::ioprio_class, ioprio >> kClassShift, "IOPRIO_CLASS_???");
  out.text(fmt::format(", {})", static_cast<int32_t>(ioprio & kPrioMask)));
}

// The argument: its number under -X raw (`16388`), both under -X verbose with the class
// verbose too (`16388 /* IOPRIO_PRIO_VALUE(0x2 /* IOPRIO_CLASS_BE */, 4) */`).
void put_ioprio(Values& out, uint32_t ioprio) {
  out.flags_begin(ioprio, NumFmt::dec, kConcat | kAllInComment | kStyledComment);
  put_prio_value(out, ioprio);
  out.flags_end();
}

void entry(CallCtx& c) {
  special::arg(c, [&](Values& out) {
    special::put_xval(out, table::xlat::ioprio_who, static_cast<uint32_t>(c.arg(0)),
                      "IOPRIO_WHO_???");
  });
  special::arg(c, [&](Values& out) { out.int_(static_cast<int32_t>(c.arg(1))); });
  if (c.rec.desc->nargs == 3) {  // ioprio_set
    special::arg(c, [&](Values& out) { put_ioprio(out, static_cast<uint32_t>(c.arg(2))); });
  }
  special::entry_all(c);
}

void exit(CallCtx& c) {
  if (c.rec.desc->nargs != 2 || c.rec.is_error) {
    return;
  }
  // The result spelled out, its class verbose under -X verbose, nothing under -X raw.
  special::begin_styled_ret(c);
  c.rec.ret_raw_hidden = true;
  put_prio_value(c.out(), static_cast<uint32_t>(c.rec.rval));
}

}  // namespace

extern const SpecialDecoder special_ioprio = {entry, exit};

}  // namespace cxtrace::decode
