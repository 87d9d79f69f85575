// -k: takes the user-space stack of a stopped thread and names every frame (module, function,
// offsets), as strace 6.1 does. It keeps three caches so that a trace of a big program stays
// quick: each process's mappings (re-read only after a syscall that changes them, or when an
// address falls outside every known mapping), each module's symbol table (read once per file,
// whatever process maps it), and libunwind's own unwind-table cache.
#pragma once

#include <sys/types.h>
#include <sys/user.h>

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>

#include "mem/memory_reader.h"
#include "stack/elf_symbols.h"
#include "stack/process_maps.h"
#include "stack/stack_trace.h"
#include "stack/unwinder.h"

namespace cxtrace::stack {

class StackTracer {
 public:
  // strace stops a walk after this many frames and says so.
  static constexpr size_t kMaxFrames = 256;

  // Calls whose stack must be taken at entry: at exit it is gone (exit, exit_group) or belongs
  // to the new program (execve, execveat).
  static bool capture_at_entry(uint64_t nr);
  // Calls after which the mappings are re-read.
  static bool changes_mappings(uint64_t nr);

  // False if the unwinder could not be set up.
  bool available() const { return unwinder_.ok(); }

  // Walks thread `tid` (stopped, with registers `regs`) into `out`.
  void capture(pid_t tid, const user_regs_struct& regs, mem::MemoryReader& mem, bool at_entry,
               StackTrace& out);

  // Some process mapped or unmapped memory, or replaced its image.
  void mappings_changed();
  // The thread is gone.
  void forget(pid_t tid);

 private:
  const ProcessMaps* maps_for(pid_t tid, bool reread);
  const ElfSymbols& symbols_for(const Mapping& m);
  void name_frame(const Mapping& m, uint64_t ip, bool after_call, StackFrame& f);

  Unwinder unwinder_;
  std::unordered_map<pid_t, ProcessMaps> maps_;
  std::unordered_map<std::string, std::unique_ptr<ElfSymbols>> modules_;
};

}  // namespace cxtrace::stack
