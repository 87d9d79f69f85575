// clone: strace's named-argument form, in its order: `clone(child_stack=NULL,
// flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=0x7f…) = 4899`. The
// pointers the kernel writes (parent_tid, tls, child_tidptr) are shown at exit, and only when
// a flag makes the kernel use them.
#include <sched.h>

#include "decode/special.h"
#include "decode/special/common.h"

namespace cxtrace::decode {

namespace {

using special::named_arg;

// x86_64's argument order: flags, stack, parent_tid, child_tid, tls.
constexpr int kFlags = 0, kStack = 1, kParentTid = 2, kChildTid = 3, kTls = 4;
constexpr uint64_t kCsignal = 0xff;

int exit_args(uint64_t flags) {
  return ((flags & (CLONE_PARENT_SETTID | CLONE_PIDFD)) != 0 ? 1 : 0) +
         ((flags & CLONE_SETTLS) != 0 ? 1 : 0) +
         ((flags & (CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID)) != 0 ? 1 : 0);
}

void entry(CallCtx& c) {
  uint64_t flags = c.arg(kFlags) & ~kCsignal;
  auto sig = static_cast<int>(c.arg(kFlags) & kCsignal);
  named_arg(c, "child_stack", [&](Values& out) { out.ptr(c.arg(kStack)); });
  named_arg(c, "flags", [&](Values& out) {
    if (flags == 0) {
      special::put_signo(out, sig);
      return;
    }
    // The flags and the exit signal are two parts (`0x1200000|17` under -X raw).
    out.flags_begin(c.arg(kFlags), NumFmt::hex, kParts);
    special::put_flags(out, table::xlat::clone_flags, flags, "CLONE_???");
    if (sig != 0) {
      special::put_signo(out, sig);
    }
    out.flags_end();
  });
  special::entry_done(c, 2 + exit_args(flags));
  c.rec.exit_sep = true;  // `<... clone resumed>, child_tidptr=…`
}

void exit(CallCtx& c) {
  uint64_t flags = c.arg(kFlags) & ~kCsignal;
  if ((flags & (CLONE_PARENT_SETTID | CLONE_PIDFD)) != 0) {
    named_arg(c, "parent_tid", [&](Values&) {
      special::put_num<int32_t>(c, c.arg(kParentTid), [](Values& o, int32_t v) { o.int_(v); });
    });
  }
  if ((flags & CLONE_SETTLS) != 0) {
    named_arg(c, "tls", [&](Values& out) { out.ptr(c.arg(kTls)); });
  }
  if ((flags & (CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID)) != 0) {
    named_arg(c, "child_tidptr", [&](Values& out) { out.ptr(c.arg(kChildTid)); });
  }
}

}  // namespace

extern const SpecialDecoder special_clone = {entry, exit};

}  // namespace cxtrace::decode
