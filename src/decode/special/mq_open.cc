// mq_open: `mode` and `attr` are shown only with O_CREAT, as strace does:
// `mq_open("q", O_RDWR|O_CREAT|O_EXCL, 0600, {mq_flags=0, mq_maxmsg=10, …})`. The name is a
// path (never cut by -s).
#include <fcntl.h>

#include "decode/basic.h"
#include "decode/special.h"
#include "decode/special/common.h"

namespace cxtrace::decode {

namespace {

void entry(CallCtx& c) {
  special::arg(c, [&](Values& out) { put_cstring(out, c.mem, c.arg(0), 4096); });
  generic_arg(c, 1);  // oflag
  if ((c.arg(1) & O_CREAT) != 0) {
    generic_arg(c, 2);  // mode
    generic_arg(c, 3);  // attr
  }
  special::entry_all(c);
}

}  // namespace

extern const SpecialDecoder special_mq_open = {entry, special::no_exit};

}  // namespace cxtrace::decode
