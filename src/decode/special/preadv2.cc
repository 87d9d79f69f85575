// preadv2, pwritev2: the offset's ignored high half is not shown, and the flags are RWF_*:
// `preadv2(3, [{iov_base="hh", iov_len=2}], 1, -1, RWF_HIPRI|RWF_NOWAIT) = 2`. preadv2's
// buffers are known at exit, so the line stops after the descriptor until then.
#include "decode/special.h"
#include "decode/special/common.h"

namespace cxtrace::decode {

namespace {

constexpr int kFd = 0, kIov = 1, kIovcnt = 2, kOffset = 3, kFlags = 5;
constexpr int kShown = 5;

bool is_write(const CallCtx& c) { return c.rec.desc->args[kIov].dir == table::Dir::in; }

void rest(CallCtx& c) {
  generic_arg(c, kIov);
  generic_arg(c, kIovcnt);
  generic_arg(c, kOffset);
  special::arg(c, [&](Values& out) {
    special::put_flags(out, table::xlat::rwf_flags, static_cast<uint32_t>(c.arg(kFlags)), "RWF_???");
  });
}

void entry(CallCtx& c) {
  generic_arg(c, kFd);
  if (is_write(c)) {
    rest(c);
  }
  special::entry_done(c, kShown);
}

void exit(CallCtx& c) {
  if (!is_write(c)) {
    rest(c);
  }
}

}  // namespace

extern const SpecialDecoder special_preadv2 = {entry, exit};

}  // namespace cxtrace::decode
