// The sink of -c: the summary table replaces the trace, so every event is dropped here.
#pragma once

#include "output/sink.h"

namespace cxtrace::output {

class NullSink final : public Sink {
 public:
  void syscall_entry(const Subject&, const decode::Record&) override {}
  void syscall_exit(const Subject&, const decode::Record&) override {}
  void syscall_vanished(const Subject&, const decode::Record&) override {}
  void signal(const Subject&, int, const decode::Values&) override {}
  void group_stop(const Subject&, int) override {}
  void exited(const Subject&, int) override {}
  void killed(const Subject&, int, bool) override {}
  void superseded(const Subject&, pid_t) override {}
  void detached(const Subject&) override {}
  void forget(const Subject&) override {}
};

}  // namespace cxtrace::output
