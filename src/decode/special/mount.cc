// mount: the old MS_MGC_VAL magic in the high half of the flags is shown by name, and the
// filesystem type and data are shown as addresses when the flags say the kernel ignores them
// (a remount ignores the type; bind, move and propagation changes ignore both):
// `mount("/a", "/b", NULL, MS_BIND|MS_REC, NULL)`.
#include <sys/mount.h>

#include "decode/special.h"
#include "decode/special/common.h"

namespace cxtrace::decode {

namespace {

using special::arg;

constexpr uint64_t kMgcVal = 0xc0ed0000;
constexpr uint64_t kMgcMask = 0xffff0000;

void entry(CallCtx& c) {
  uint64_t flags = c.arg(3);
  bool old_magic = (flags & kMgcMask) == kMgcVal;
  if (old_magic) {
    flags &= ~kMgcMask;
  }
  bool ignore_type = false;
  bool ignore_data = false;
  if ((flags & MS_REMOUNT) != 0) {
    ignore_type = true;
  } else if ((flags & (MS_BIND | MS_MOVE | MS_SHARED | MS_PRIVATE | MS_SLAVE | MS_UNBINDABLE)) !=
             0) {
    ignore_type = ignore_data = true;
  }
  generic_arg(c, 0);  // source
  generic_arg(c, 1);  // target
  arg(c, [&](Values& out) {
    if (ignore_type) {
      out.ptr(c.arg(2));
    } else {
      special::put_str(c, c.arg(2));
    }
  });
  arg(c, [&](Values& out) {
    // The magic and the flags are two parts under -X raw (`0xc0ed0000|0x21`).
    out.flags_begin(c.arg(3), NumFmt::hex, old_magic ? kParts : 0);
    if (old_magic) {
      out.sym("MS_MGC_VAL", kMgcVal);
    }
    if (flags != 0 || !old_magic) {
      special::put_flags(out, table::xlat::mount_flags, flags, "MS_???");
    }
    out.flags_end();
  });
  arg(c, [&](Values& out) {
    if (ignore_data) {
      out.ptr(c.arg(4));
    } else {
      special::put_str(c, c.arg(4));
    }
  });
  special::entry_all(c);
}

}  // namespace

extern const SpecialDecoder special_mount = {entry, special::no_exit};

}  // namespace cxtrace::decode
