// Walking a stopped thread's stack with libunwind's remote unwinder, the library strace 6.1
// uses in Debian's build, so the frames found (and where the walk stops) are strace's.
//
// libunwind reaches the tracee only through accessor callbacks. cxtrace supplies its own for
// registers and memory: registers come from one PTRACE_GETREGS snapshot taken by the tracer
// (through trace/ptrace.cc), memory from process_vm_readv (mem/). Only the search for unwind
// tables is libunwind-ptrace's own (_UPT_find_proc_info), and it reads /proc/PID/maps and
// the mapped files, never ptrace. So the rule "only trace/ptrace.cc calls ptrace()" holds,
// and the walk can neither change the tracee's registers nor disturb its stops.
#pragma once

#include <sys/types.h>
#include <sys/user.h>

#include <cstdint>
#include <functional>
#include <unordered_map>

#include "mem/memory_reader.h"

namespace cxtrace::stack {

struct Libunwind;  // the functions, found in libunwind when -k first needs them

class Unwinder {
 public:
  Unwinder();
  ~Unwinder();
  Unwinder(const Unwinder&) = delete;
  Unwinder& operator=(const Unwinder&) = delete;

  // False when libunwind could not be set up (the tracer then reports -k as unavailable).
  bool ok() const { return as_ != nullptr; }

  // One frame: the instruction address, and whether the symbol should be looked up one byte
  // earlier (a return address: the call may be the last instruction of its function).
  // Returning false stops the walk.
  using FrameFn = std::function<bool(uint64_t ip, bool after_call)>;

  // Walks the stack of thread `tid`, stopped, from `regs`, calling `on_frame` for each frame
  // from the innermost out; at most `max_frames` of them. Returns true when the walk stopped
  // at that limit with frames still to come.
  bool walk(pid_t tid, const user_regs_struct& regs, mem::MemoryReader& mem, size_t max_frames,
              const FrameFn& on_frame);

  // The process's mappings changed: cached unwind tables may be stale.
  void flush();
  // The thread is gone (or its image was replaced): drop what is kept for it.
  void forget(pid_t tid);

 private:
  void* context_for(pid_t tid);
  const Libunwind& lib() const;

  const Libunwind* lib_ = nullptr;           // the loaded library's functions, or none

  void* as_ = nullptr;                       // unw_addr_space_t
  std::unordered_map<pid_t, void*> upt_;     // per thread: libunwind-ptrace's context
};

}  // namespace cxtrace::stack
