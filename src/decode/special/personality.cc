// personality: the persona is an execution domain (PER_MASK) with flags above it, and the
// result is the previous persona, in hex with the same description:
// `personality(PER_LINUX) = 0x40000 (PER_LINUX|ADDR_NO_RANDOMIZE)`. 0xffffffff only queries.
#include <sys/personality.h>

#include "decode/special.h"
#include "decode/special/common.h"

namespace cxtrace::decode {

namespace {

constexpr uint32_t kPerMask = 0xff;

// The domain and the flags are two parts, each with its number under -X raw (`0|0x40000`).
void put_persona(Values& out, uint32_t v) {
  out.flags_begin(v, NumFmt::hex, kParts);
  special::put_xval(out, table::xlat::personality_types, v & kPerMask, "PER_???");
  if (uint32_t rest = v & ~kPerMask; rest != 0) {
    special::put_flags(out, table::xlat::personality_flags, rest, "");
  }
  out.flags_end();
}

void entry(CallCtx& c) {
  auto v = static_cast<uint32_t>(c.arg(0));
  special::arg(c, [&](Values& out) {
    if (v == 0xffffffff) {
      out.hex(v);
    } else {
      put_persona(out, v);
    }
  });
  special::entry_all(c);
}

void exit(CallCtx& c) {
  if (c.rec.is_error) {
    return;
  }
  c.rec.ret_hex = true;
  special::begin_styled_ret(c);
  put_persona(c.out(), static_cast<uint32_t>(c.rec.rval));
}

}  // namespace

extern const SpecialDecoder special_personality = {entry, exit};

}  // namespace cxtrace::decode
