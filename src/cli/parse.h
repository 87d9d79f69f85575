// The command line, strace's way: options first, then the program and its arguments, which
// are never parsed as options. Every option answers to strace's short and long names.
#pragma once

#include <optional>

#include "cli/options.h"

namespace cxtrace::cli {

// The parsed options, or the exit status to leave with at once (0 after --help or
// --version, 1 after a usage error, whose one-line message is already on stderr).
struct ParseResult {
  std::optional<Options> options;
  int exit_status = 0;
};

ParseResult parse(int argc, char** argv);

}  // namespace cxtrace::cli
