// execveat: execve with a directory descriptor first and flags last:
// `execveat(AT_FDCWD, "/bin/true", ["true"], 0x7ffd… /* 41 vars */, AT_SYMLINK_NOFOLLOW)`.
// Everything is read at entry (see execve.cc).
#include "decode/special.h"
#include "decode/special/common.h"

namespace cxtrace::decode {

namespace {

void entry(CallCtx& c) {
  for (int i = 0; i < 4; ++i) {
    generic_arg(c, i);  // dirfd, pathname, argv, envp
  }
  special::arg(c, [&](Values& out) {
    special::put_flags(out, table::xlat::execveat_flags, static_cast<uint32_t>(c.arg(4)),
                       "AT_???");
  });
  special::entry_all(c);
}

}  // namespace

extern const SpecialDecoder special_execveat = {entry, special::no_exit};

}  // namespace cxtrace::decode
