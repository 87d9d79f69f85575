// Every thread being traced, by tid. Tracees live at stable addresses (the output layer
// keys open lines by them), and a tracee can change its tid in execve.
#pragma once

#include <memory>
#include <unordered_map>

#include "trace/tracee.h"

namespace cxtrace::trace {

class ProcessTable {
 public:
  Tracee* find(Pid pid) {
    auto it = by_pid_.find(pid);
    return it == by_pid_.end() ? nullptr : it->second.get();
  }
  Tracee& add(Pid pid) {
    auto& slot = by_pid_[pid];
    slot = std::make_unique<Tracee>(pid);
    return *slot;
  }
  void remove(Pid pid) { by_pid_.erase(pid); }
  // Moves the tracee at `from` to `to`, dropping whatever was at `to` (execve by a thread
  // that is not the leader: it takes over the leader's tid).
  Tracee* rename(Pid from, Pid to) {
    auto it = by_pid_.find(from);
    if (it == by_pid_.end()) {
      return nullptr;
    }
    std::unique_ptr<Tracee> t = std::move(it->second);
    by_pid_.erase(it);
    t->pid = to;
    t->mem.reset(to);
    auto& slot = by_pid_[to];
    slot = std::move(t);
    return slot.get();
  }
  size_t size() const { return by_pid_.size(); }
  bool empty() const { return by_pid_.empty(); }

  template <typename F>
  void for_each(F&& f) {
    for (auto& [pid, t] : by_pid_) {
      f(*t);
    }
  }

 private:
  std::unordered_map<Pid, std::unique_ptr<Tracee>> by_pid_;
};

}  // namespace cxtrace::trace
