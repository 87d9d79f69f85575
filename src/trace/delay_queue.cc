#include "trace/delay_queue.h"

#include <signal.h>

namespace cxtrace::trace {

int64_t now_ns() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * int64_t{1'000'000'000} + ts.tv_nsec;
}

DelayQueue::~DelayQueue() {
  if (have_timer_) {
    timer_delete(timer_);
  }
}

void DelayQueue::add(Pid pid, int64_t delay_ns) {
  queue_.push(Entry{now_ns() + delay_ns, pid});
  arm();
}

std::vector<Pid> DelayQueue::take_due() {
  std::vector<Pid> due;
  int64_t now = now_ns();
  while (!queue_.empty() && queue_.top().due_ns <= now) {
    due.push_back(queue_.top().pid);
    queue_.pop();
  }
  if (!due.empty()) {
    arm();
  }
  return due;
}

void DelayQueue::arm() {
  if (!have_timer_) {
    sigevent ev{};
    ev.sigev_notify = SIGEV_SIGNAL;
    ev.sigev_signo = SIGALRM;
    if (timer_create(CLOCK_MONOTONIC, &ev, &timer_) != 0) {
      return;  // the loop's periodic flush tick still wakes it, only later
    }
    have_timer_ = true;
  }
  itimerspec spec{};
  if (!queue_.empty()) {
    // An absolute deadline: a timer that fires before the wait blocks is caught by the loop's
    // check before waiting, or by the next tick.
    int64_t due = queue_.top().due_ns;
    spec.it_value.tv_sec = due / 1'000'000'000;
    spec.it_value.tv_nsec = due % 1'000'000'000;
  }
  timer_settime(timer_, TIMER_ABSTIME, &spec, nullptr);
}

}  // namespace cxtrace::trace
