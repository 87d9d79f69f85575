// The process-control options (-b, -D, -I, --syscall-limit, --follow, --tree and the checks
// that tie -E, --argv0, --kill-on-exit to the rest of the command line): their raw values as
// CLI11 reads them, and the one function that checks them and fills Options.
#pragma once

#include <string>

#include "cli/options.h"

namespace cxtrace::cli {

// The process-control options as given, before they are checked.
struct Control {
  std::string detach_on;
  int daemonize_short = 0;
  std::string daemonize_long;
  std::string interruptible;
  std::string syscall_limit;
  std::string busy_wait;
  std::string follow;
};

// Checks the process-control options and fills `o` from them (o.attach_pids, o.output and the
// options CLI11 stores directly must be set already). `dash_f`: -f was given; `have_prog`: a
// program to start. False with one line in `error` for a wrong value or combination.
bool check_control(const Control& c, bool dash_f, bool have_prog, Options& o, std::string& error);

}  // namespace cxtrace::cli
