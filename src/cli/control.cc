#include "cli/control.h"

#include <algorithm>
#include <charconv>
#include <limits>
#include <string_view>

#include <fmt/core.h>

namespace cxtrace::cli {

namespace {

// `text` is a whole decimal number in [lo, hi]; stored in `out` only then.
template <typename T>
bool whole_number(const std::string& text, T lo, T hi, T& out) {
  T v{};
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || p != text.data() + text.size() || v < lo || v > hi) {
    return false;
  }
  out = v;
  return true;
}

}  // namespace

bool check_control(const Control& c, bool dash_f, bool have_prog, Options& o, std::string& error) {
  if (!c.detach_on.empty()) {
    if (c.detach_on != "execve") {
      error = fmt::format("-b/--detach-on: syscall '{}' is not supported (only execve)",
                          c.detach_on);
      return false;
    }
    o.detach_on_execve = true;
  }
  if (c.daemonize_short > 0 && !c.daemonize_long.empty()) {
    error = "-D and --daemonize cannot be given together";
    return false;
  }
  o.daemonize = c.daemonize_short;
  if (c.daemonize_short > 3) {
    error = fmt::format("too many -D's ({}): -DDD is the most", c.daemonize_short);
    return false;
  }
  if (!c.daemonize_long.empty()) {
    const std::string& d = c.daemonize_long;
    o.daemonize = d == "grandchild" ? 1 : d == "pgroup" || d == "pgrp" ? 2 : d == "session" ? 3 : 0;
    if (o.daemonize == 0) {
      error = fmt::format("invalid --daemonize argument: '{}' (expected grandchild, pgroup or "
                          "session)", d);
      return false;
    }
  }
  if (o.daemonize > 0 && !have_prog) {
    error = "-D/--daemonize needs PROG [ARGS]";
    return false;
  }
  if (o.daemonize > 0 && !o.attach_pids.empty()) {
    error = "-D/--daemonize cannot be combined with -p/--attach";
    return false;
  }
  if (!o.argv0.empty() && !have_prog) {
    error = "--argv0 needs PROG [ARGS]";
    return false;
  }
  for (const std::string& e : o.env_changes) {
    if (e.empty() || e[0] == '=') {
      error = fmt::format("-E/--env: invalid value '{}' (expected VAR=VAL or VAR)", e);
      return false;
    }
  }
  // -I: the default depends on how cxtrace runs (-D, or a program traced into a file).
  o.interruptible = o.daemonize > 0 ? 4 : !o.output.empty() && have_prog ? 3 : 2;
  if (!c.interruptible.empty()) {
    const std::string& i = c.interruptible;
    o.interruptible = i == "1" || i == "anywhere" || i == "always" ? 1
                      : i == "2" || i == "waiting"                 ? 2
                      : i == "3" || i == "never"                   ? 3
                      : i == "4" || i == "never_tstp"              ? 4
                                                                   : 0;
    if (o.interruptible == 0) {
      error = fmt::format("invalid -I/--interruptible argument: '{}' (expected 1, 2, 3, 4, "
                          "anywhere, waiting, never or never_tstp)", i);
      return false;
    }
  }
  if (!c.syscall_limit.empty() &&
      !whole_number(c.syscall_limit, 1LL, std::numeric_limits<long long>::max(), o.syscall_limit)) {
    error = fmt::format("invalid --syscall-limit argument: '{}' (expected a positive number)",
                        c.syscall_limit);
    return false;
  }
  if (!c.busy_wait.empty() && !whole_number(c.busy_wait, 0, 1'000'000, o.busy_wait_us)) {
    error = fmt::format("invalid --busy-wait argument: '{}' (expected microseconds, 0 to "
                        "1000000)", c.busy_wait);
    return false;
  }
  if (o.kill_on_exit && !o.attach_pids.empty()) {
    error = "--kill-on-exit and -p/--attach cannot be given together (an attached process "
            "is always let go)";
    return false;
  }
  if (!c.follow.empty()) {
    if (dash_f) {
      error = "-f/--follow-forks and --follow cannot be given together";
      return false;
    }
    o.follow_threads = o.follow_processes = false;
    for (size_t i = 0; i <= c.follow.size();) {
      size_t j = std::min(c.follow.find(',', i), c.follow.size());
      std::string_view item = std::string_view(c.follow).substr(i, j - i);
      if (item == "threads") {
        o.follow_threads = true;
      } else if (item == "forks") {
        o.follow_processes = true;
      } else if (item == "all") {
        o.follow_threads = o.follow_processes = true;
      } else {
        error = fmt::format("invalid --follow argument: '{}' (expected threads, forks or all)",
                            c.follow);
        return false;
      }
      i = j + 1;
    }
    o.follow_forks = true;
  }
  if (o.attach_tree) {
    if (o.attach_pids.empty()) {
      error = "--tree needs -p PID";
      return false;
    }
    o.follow_forks = true;  // what the tree starts from now on is traced too
  }
  return true;
}

}  // namespace cxtrace::cli
