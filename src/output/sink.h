// What the tracer reports, in the order it happens: syscall entries and exits, signals,
// stops, exits. A Sink turns these events into one output syntax (strace's text lines, JSON
// Lines). Sinks never touch the tracee: everything they print arrives decoded.
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "decode/record.h"
#include "decode/value.h"

namespace cxtrace::output {

class OutputFile;

// One output destination and the line currently open on it: strace prints a syscall's
// entry at once and closes the line at exit, so another process's line in between must
// first end the open one with ` <unfinished ...>`.
struct Stream {
  OutputFile* file = nullptr;
  uintptr_t open_owner = 0;  // key of the subject whose line is open, 0 if none
  size_t col = 0;            // characters on the current line so far
};

// Who an event is about.
struct Subject {
  pid_t pid;
  uintptr_t key;   // stable identity of the traced thread (survives execve's pid change)
  Stream* stream;
  size_t nprocs;   // how many threads are traced right now (for the `[pid N]` prefix)
  // For the line decorations of lines that are not a syscall's (-n, -i, -Y):
  uint64_t last_nr = 0;    // the thread's latest syscall number
  bool ip_known = false;   // the instruction pointer at this stop could be read
  uint64_t ip = 0;
  std::string_view comm{}; // the thread's command name (-Y), empty when not wanted
  // -k: the stack at a signal or group stop being reported (nullptr: none), for sinks that
  // show it inside the event; stack_trace() follows with the same stack.
  const stack::StackTrace* stack = nullptr;
};

class Sink {
 public:
  virtual ~Sink() = default;
  virtual void syscall_entry(const Subject& s, const decode::Record& rec) = 0;
  virtual void syscall_exit(const Subject& s, const decode::Record& rec) = 0;
  // The thread died inside the syscall: `= ?`.
  virtual void syscall_vanished(const Subject& s, const decode::Record& rec) = 0;
  // A signal-delivery stop; `info` holds the decoded siginfo.
  virtual void signal(const Subject& s, int sig, const decode::Values& info) = 0;
  virtual void group_stop(const Subject& s, int sig) = 0;
  virtual void exited(const Subject& s, int code) = 0;
  virtual void killed(const Subject& s, int sig, bool core_dumped) = 0;
  virtual void superseded(const Subject& s, pid_t old_tid) = 0;
  // The thread is traced from now on: attached with -p, or followed from `parent` (0: none
  // known). The text sink leaves this to the tracer's `Process N attached` message.
  virtual void attached(const Subject&, pid_t /*parent*/) {}
  // cxtrace let go of the thread while its line was open.
  virtual void detached(const Subject& s) = 0;
  // The thread is gone from the tracer's view: end any line it left open.
  virtual void forget(const Subject& s) = 0;
  // -k: the stack of the event just reported for `s`: a syscall (then it is also the
  // Record's `stack`), a signal or a stop. It follows the call's last line, or, for a call
  // that never returned (exit_group), the thread's `+++ exited` line. A sink that shows
  // Record::stack inside its syscall event may use this for signals only.
  virtual void stack_trace(const Subject& s, const stack::StackTrace& st) {
    (void)s;
    (void)st;
  }
};

}  // namespace cxtrace::output
