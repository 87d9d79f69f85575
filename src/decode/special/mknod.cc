// mknod, mknodat: the device number is shown only for the types that have one (character and
// block devices): `mknodat(AT_FDCWD, "p", S_IFIFO|0644)`, `mknod("c", S_IFCHR|0600,
// makedev(0x1, 0x3))`.
#include <sys/stat.h>

#include "decode/special.h"
#include "decode/special/common.h"

namespace cxtrace::decode {

namespace {

void entry(CallCtx& c) {
  int dev = c.rec.desc->nargs - 1;  // the last argument; the mode is just before it
  for (int i = 0; i < dev; ++i) {
    generic_arg(c, i);
  }
  auto type = static_cast<uint32_t>(c.arg(dev - 1)) & S_IFMT;
  if (type == S_IFCHR || type == S_IFBLK || c.opts.is_raw(c.rec.raw.nr)) {
    generic_arg(c, dev);
  }
  special::entry_all(c);
}

}  // namespace

extern const SpecialDecoder special_mknod = {entry, special::no_exit};

}  // namespace cxtrace::decode
