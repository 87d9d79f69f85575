#include "arch/x86_64.h"

namespace cxtrace::arch {

RawSyscall entry_from_regs(const user_regs_struct& r) {
  return RawSyscall{r.orig_rax, {r.rdi, r.rsi, r.rdx, r.r10, r.r8, r.r9}, r.rip, r.rsp};
}

int64_t return_from_regs(const user_regs_struct& r) { return static_cast<int64_t>(r.rax); }

}  // namespace cxtrace::arch
