// Process and thread ids. The kernel's pid_t names both; a strong type keeps them apart from
// the many other ints a tracer juggles (signal numbers, fds, exit codes).
#pragma once

#include <sys/types.h>

#include <compare>
#include <functional>

namespace cxtrace::trace {

struct Pid {
  pid_t value = 0;
  constexpr auto operator<=>(const Pid&) const = default;
};

}  // namespace cxtrace::trace

template <>
struct std::hash<cxtrace::trace::Pid> {
  size_t operator()(cxtrace::trace::Pid p) const noexcept { return std::hash<pid_t>{}(p.value); }
};
