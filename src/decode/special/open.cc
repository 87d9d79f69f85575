// open, openat: `mode` is shown only when the flags make the kernel use it (O_CREAT, or any
// bit of O_TMPFILE), as strace does: `openat(AT_FDCWD, "x", O_WRONLY|O_CREAT|O_TRUNC, 0666)`.
#include <fcntl.h>

#include "decode/special.h"
#include "decode/special/common.h"

namespace cxtrace::decode {

namespace {

constexpr uint64_t kTmpfileBit = 020000000;  // __O_TMPFILE: O_TMPFILE without O_DIRECTORY

void entry(CallCtx& c) {
  // open(pathname, flags, mode) or openat(dirfd, pathname, flags, mode).
  int flags_index = c.rec.desc->nargs - 2;
  for (int i = 0; i <= flags_index; ++i) {
    generic_arg(c, i);
  }
  if ((c.arg(flags_index) & (O_CREAT | kTmpfileBit)) != 0) {
    generic_arg(c, flags_index + 1);
  }
  special::entry_all(c);
}

}  // namespace

extern const SpecialDecoder special_open = {entry, special::no_exit};

}  // namespace cxtrace::decode
