// adjtimex, clock_adjtime: the struct timex is shown as the kernel left it, and a successful
// call's result is the clock state, named after it: `= 5 (TIME_ERROR)`.
#include "decode/special.h"
#include "decode/special/common.h"

namespace cxtrace::decode {

namespace {

void exit(CallCtx& c) {
  generic_exit(c);
  if (c.rec.is_error) {
    return;
  }
  if (const table::XlatEntry* e = special::lookup(table::xlat::adjtimex_state, c.rec.rval)) {
    special::begin_ret(c);
    c.out().sym(e->name, static_cast<uint64_t>(c.rec.rval));
  }
}

}  // namespace

extern const SpecialDecoder special_adjtimex = {generic_entry, exit};

}  // namespace cxtrace::decode
