// A process's descendants, for --tree: attaching to a process and to everything it has
// started and that still runs (a shell and its pipelines, a server and its workers).
#pragma once

#include <sys/types.h>

#include <vector>

namespace cxtrace::trace {

// The live processes whose parent is `pid` now, in pid order (read from /proc/*/stat;
// zombies are left out, there is nothing left of them to trace).
std::vector<pid_t> children_of(pid_t pid);

}  // namespace cxtrace::trace
