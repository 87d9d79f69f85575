#include "decode/signals.h"

#include <array>
#include <cctype>
#include <charconv>
#include <string>

#include <fmt/format.h>

namespace cxtrace::decode {

namespace {

constexpr int kRtMin = 32;  // the kernel's SIGRTMIN; glibc reserves 32 and 33 for itself
constexpr int kRtMax = 64;

constexpr std::array<std::string_view, 32> kNames = {
    "0",       "SIGHUP",  "SIGINT",    "SIGQUIT", "SIGILL",    "SIGTRAP", "SIGABRT",   "SIGBUS",
    "SIGFPE",  "SIGKILL", "SIGUSR1",   "SIGSEGV", "SIGUSR2",   "SIGPIPE", "SIGALRM",   "SIGTERM",
    "SIGSTKFLT", "SIGCHLD", "SIGCONT", "SIGSTOP", "SIGTSTP",   "SIGTTIN", "SIGTTOU",   "SIGURG",
    "SIGXCPU", "SIGXFSZ", "SIGVTALRM", "SIGPROF", "SIGWINCH",  "SIGIO",   "SIGPWR",    "SIGSYS",
};

}  // namespace

std::string_view signal_name(int sig) {
  static const std::array<std::string, kRtMax + 1> names = [] {
    std::array<std::string, kRtMax + 1> n;
    for (int s = 1; s < static_cast<int>(kNames.size()); ++s) {
      n[s] = kNames[s];
    }
    n[kRtMin] = "SIGRTMIN";
    for (int s = kRtMin + 1; s <= kRtMax; ++s) {
      n[s] = fmt::format("SIGRT_{}", s - kRtMin);
    }
    return n;
  }();
  if (sig <= 0 || sig > kRtMax) {
    return {};
  }
  return names[sig];
}

std::optional<int> signal_by_name(std::string_view name) {
  int n = 0;
  auto [p, ec] = std::from_chars(name.data(), name.data() + name.size(), n);
  if (ec == std::errc() && p == name.data() + name.size()) {
    return (n > 0 && n <= kRtMax) ? std::optional<int>(n) : std::nullopt;
  }
  std::string up;
  for (char c : name) {
    up += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  if (up.rfind("SIG", 0) != 0) {
    up = "SIG" + up;
  }
  for (int s = 1; s <= kRtMax; ++s) {
    if (signal_name(s) == up) {
      return s;
    }
  }
  if (up == "SIGIOT") {
    return 6;
  }
  if (up == "SIGPOLL") {
    return 29;
  }
  return std::nullopt;
}

}  // namespace cxtrace::decode
