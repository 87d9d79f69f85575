// One traced thread and what the tracer remembers about it between stops: whether it is
// inside a syscall, the syscall being decoded, where its lines go. The kernel names threads
// by tid; cxtrace keeps one Tracee per tid.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>

#include "decode/record.h"
#include "mem/memory_reader.h"
#include "output/sink.h"
#include "trace/pid.h"

namespace cxtrace::filter {
struct InjectAction;
}

namespace cxtrace::trace {

struct Tracee {
  explicit Tracee(Pid p) : pid(p), mem(p) {}

  Pid pid;
  bool in_syscall = false;    // between a syscall-entry stop and its exit stop
  bool shown = false;         // the current syscall is selected and decoded
  bool deferred = false;      // … and its line waits for the exit verdict
  bool hidden = false;        // the started program before its execve: print nothing
  bool starting = false;      // … and the SIGCONT that released it is still to come
  bool group_stopped = false; // held in group-stop with PTRACE_LISTEN
  bool started_by_us = false; // the program cxtrace started (its status is cxtrace's)
  uint64_t last_nr = 0;       // the latest syscall it entered (-n on its other lines)
  std::string comm;           // its command name, read only for -Y
  bool maps_changing = false; // -k: the current call may change the mappings
  bool stack_unprinted = false; // -k: rec.stack was taken at entry and awaits its line
  decode::Record rec;
  int64_t entry_cpu_ns = 0;   // -c: the process's system CPU time at the call's entry
  mem::ProcessMemory mem;
  output::Stream* stream = nullptr;

  // Tampering (-e inject=): the action that fired at this call's entry, until its exit; how
  // often each rule has seen each syscall in this thread (when= counts per thread); and
  // whether delay_enter=/delay_exit= holds the thread stopped, to be resumed with `parked_sig`.
  const filter::InjectAction* inject = nullptr;
  int inject_exit_sig = 0;
  std::unordered_map<uint64_t, uint32_t> inject_seen;
  bool parked = false;
  int parked_sig = 0;

  uintptr_t key() const { return reinterpret_cast<uintptr_t>(this); }
};

}  // namespace cxtrace::trace
