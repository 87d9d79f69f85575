// A user-space stack of one thread at one syscall (-k), resolved to modules and symbols when
// it was taken: by the time it is printed the process may have unmapped the code or replaced
// its whole image (execve). Plain data, so every sink can show it in its own syntax.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace cxtrace::stack {

struct StackFrame {
  // The mapped file the address lies in, as /proc/PID/maps names it. Empty for an entry that
  // reports why the walk stopped instead of a frame (see `error`).
  std::string module;
  std::string symbol;           // nearest function symbol at or below the address, demangled
  bool has_symbol = false;
  uint64_t symbol_offset = 0;   // address minus the symbol's start
  uint64_t module_offset = 0;   // address as an offset into the module's file
  // Why the walk ended early: "unexpected_backtracing_error" (an address outside any
  // executable file mapping, e.g. JIT code) or "too many stack frames".
  std::string error;
  uint64_t error_address = 0;   // the address that ended the walk, 0 if none
};

struct StackTrace {
  std::vector<StackFrame> frames;
  bool taken = false;            // a walk happened (frames may still be empty)
  // Taken at the syscall's entry (execve, exit, exit_group: afterwards the stack is gone or
  // replaced) rather than at its exit. strace prints a frame without a symbol differently in
  // the two cases; the text sink keeps that difference.
  bool at_entry = false;

  void clear() {
    frames.clear();
    taken = false;
    at_entry = false;
  }
};

}  // namespace cxtrace::stack
