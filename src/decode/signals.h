// Signal names as strace prints them: SIGUSR1, and for the real-time range SIGRTMIN,
// SIGRT_1 … SIGRT_32 counted from the kernel's first real-time signal (32), not glibc's.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace cxtrace::decode {

// "SIGUSR1", in static storage; empty for numbers that are not signals.
std::string_view signal_name(int sig);

// Parses "SIGUSR1", "USR1", "usr1", "10", "SIGRT_3", "RTMIN"; nullopt if not a signal.
std::optional<int> signal_by_name(std::string_view name);

}  // namespace cxtrace::decode
