// Threads held back by delay_enter= and delay_exit=: each waits, stopped, until its time comes,
// while the tracer goes on serving every other tracee. A one-shot POSIX timer interrupts the
// tracer's blocking wait at the earliest deadline; its signal is SIGALRM, which the loop
// already handles without restarting system calls.
#pragma once

#include <time.h>

#include <cstdint>
#include <functional>
#include <queue>
#include <vector>

#include "trace/pid.h"

namespace cxtrace::trace {

// CLOCK_MONOTONIC in nanoseconds: the clock of the delays and of the tracer's busy-wait.
int64_t now_ns();

class DelayQueue {
 public:
  DelayQueue() = default;
  DelayQueue(const DelayQueue&) = delete;
  DelayQueue& operator=(const DelayQueue&) = delete;
  ~DelayQueue();

  // Holds `pid` for `delay_ns` from now.
  void add(Pid pid, int64_t delay_ns);
  // The tracees whose time has come, in deadline order, taken off the queue. Re-arms the timer
  // for the next deadline.
  std::vector<Pid> take_due();
  bool empty() const { return queue_.empty(); }

 private:
  struct Entry {
    int64_t due_ns;
    Pid pid;
    bool operator>(const Entry& o) const { return due_ns > o.due_ns; }
  };
  void arm();

  std::priority_queue<Entry, std::vector<Entry>, std::greater<>> queue_;
  timer_t timer_{};
  bool have_timer_ = false;
};

}  // namespace cxtrace::trace
