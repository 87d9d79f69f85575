// One status word from waitpid(), classified the way a ptrace tracer needs it: an exit, a
// death by signal, or one of the five kinds of ptrace stop. The raw word is kept so nothing
// is lost; the accessors say what it means (rr keeps the same split in its WaitStatus).
#pragma once

#include <cstdint>

namespace cxtrace::trace {

class WaitStatus {
 public:
  enum class Kind {
    exited,         // exit_code()
    killed,         // fatal_signal(), core_dumped()
    syscall_stop,   // SIGTRAP|0x80 with PTRACE_O_TRACESYSGOOD
    signal_stop,    // signal-delivery-stop: stop_signal() is about to be delivered
    group_stop,     // PTRACE_EVENT_STOP with a stopping signal
    event_stop,     // any other PTRACE_EVENT_*: ptrace_event()
  };

  explicit WaitStatus(int raw) : raw_(raw) {}

  Kind kind() const;
  int raw() const { return raw_; }
  int exit_code() const;
  int fatal_signal() const;
  bool core_dumped() const;
  int stop_signal() const;   // the signal in any stopped status
  int ptrace_event() const;  // PTRACE_EVENT_* or 0

 private:
  int raw_;
};

}  // namespace cxtrace::trace
