// Everything the command line says, as plain data. The CLI layer fills it and checks it;
// the rest of cxtrace only reads it.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace cxtrace::cli {

struct Options {
  // What to trace.
  std::vector<std::string> command;  // PROG ARGS…
  std::vector<pid_t> attach_pids;    // -p
  bool follow_forks = false;         // -f
  bool output_separately = false;    // -ff (with -o)

  // Where and how to print.
  std::string output;                // -o FILE or '|cmd'; empty: stderr
  bool append = false;               // -A
  int columns = 40;                  // -a
  int quiet = 0;                     // -q, -qq
  int debug = 0;                     // -d
  size_t string_limit = 32;          // -s
  int hex_strings = 0;               // -x, -xx
  bool raw_all = false;              // -X raw
};

}  // namespace cxtrace::cli
