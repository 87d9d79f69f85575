// Fuzz target: the whole command line. The input is the argument list, NUL-separated (argv[0]
// is "cxtrace"), and goes through every step main() takes before anything runs: cli::parse
// (CLI11's options, -p lists, -e qualifiers, -s, -a, -S, -U, -X, --color, timestamps, process
// control), then the filter chain (-e trace/status/signal/raw/verbose, -P, --filter), the
// tampering rules (-e inject=/fault=, --inject-filter) and the program's environment (-E).
// Nothing is started: -u's user lookup and the output file are left out. A wrong command line
// must end in a message and a status, never in an exception or a crash.
#include <cstdint>
#include <string>
#include <vector>

#include "cli/parse.h"
#include "filter/filter.h"
#include "filter/inject.h"
#include "fuzz_input.h"
#include "trace/launch.h"

using namespace cxtrace;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 4096) {
    return 0;  // longer command lines find nothing new, only slower
  }
  fuzz::Input in(data, size);
  std::vector<std::string> words = fuzz::split(in.rest(), '\0');
  std::vector<char*> argv;
  std::string name = "cxtrace";
  argv.push_back(name.data());
  for (std::string& w : words) {
    argv.push_back(w.data());
  }
  argv.push_back(nullptr);
  cli::ParseResult r = cli::parse(static_cast<int>(argv.size() - 1), argv.data());
  if (!r.options) {
    return 0;
  }
  cli::Options& o = *r.options;
  std::string error;
  if (o.list_syscalls && !o.list_pattern.empty()) {
    (void)filter::parse_syscall_token(o.list_pattern, false, error);
  }
  (void)filter::Filter::build(o, error);
  (void)filter::Injector::build(o, error);
  o.user.clear();  // -u looks the user up in the system's databases: not the input's to decide
  (void)trace::Launch::prepare(o, error);
  return 0;
}
