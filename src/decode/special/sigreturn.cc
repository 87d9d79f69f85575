// rt_sigreturn: shows the signal mask the kernel is about to restore, read from the signal
// frame on the stack: `rt_sigreturn({mask=[USR2]}) = 0`. On x86_64 the handler's `ret` has
// popped the frame's return address (pretcode), so the stack pointer is at the frame's
// struct ucontext, whose uc_sigmask follows uc_flags, uc_link, uc_stack and the 256-byte
// struct sigcontext.
#include "decode/special.h"
#include "decode/special/common.h"

namespace cxtrace::decode {

namespace {

// offsetof(struct ucontext, uc_sigmask) in the kernel's x86_64 layout.
constexpr uint64_t kSigmaskOffset = 8 + 8 + 24 + 256;

void entry(CallCtx& c) {
  uint64_t addr = c.rec.raw.sp + kSigmaskOffset;
  special::arg(c, [&](Values& out) {
    out.struct_begin();
    out.field("mask");
    uint64_t mask = 0;
    if (!c.terse() && c.mem.read(addr, &mask, sizeof mask) == sizeof mask) {
      special::put_sigmask(out, &mask, sizeof mask);
    } else {
      out.ptr(addr);
    }
    out.struct_end();
  });
  special::entry_all(c);
}

}  // namespace

extern const SpecialDecoder special_sigreturn = {entry, special::no_exit};

}  // namespace cxtrace::decode
