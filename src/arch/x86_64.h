// The x86_64 view of a syscall stop: number, six arguments, return value. Everything above
// this layer sees only RawSyscall; the registers are read here and nowhere else (the
// fallback path for kernels without PTRACE_GET_SYSCALL_INFO).
#pragma once

#include <sys/user.h>

#include <array>
#include <cstddef>
#include <cstdint>

namespace cxtrace::arch {

struct RawSyscall {
  uint64_t nr = 0;
  std::array<uint64_t, 6> args{};
  uint64_t ip = 0;
  uint64_t sp = 0;
};

RawSyscall entry_from_regs(const user_regs_struct& regs);

// The return value as the kernel left it in rax.
int64_t return_from_regs(const user_regs_struct& regs);

// Where the syscall number and the result live in user_regs_struct, for changing them
// (PTRACE_POKEUSER): the number at entry, the result at exit.
constexpr size_t kSyscallNrOffset = offsetof(user_regs_struct, orig_rax);
constexpr size_t kReturnOffset = offsetof(user_regs_struct, rax);

// The kernel returns -4095..-1 for errors.
constexpr bool is_error_return(int64_t rv) { return rv < 0 && rv >= -4095; }

}  // namespace cxtrace::arch
