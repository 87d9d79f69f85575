// Tampering rules: what `-e inject=`, `-e fault=` and `--inject-filter` ask cxtrace to do to the
// calls they select. A rule names its calls (a syscall set, or a --filter pattern whose
// conditions are decided from the arguments at entry) and an action: skip the call and make it
// fail with an errno or succeed with a value, send a signal, hold the thread before or after the
// call, and on which invocations (`when=`). The tracer (src/trace) carries the actions out; this
// module only parses and selects.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cli/options.h"
#include "decode/record.h"
#include "filter/pattern.h"
#include "filter/syscall_set.h"
#include "output/text_format.h"

namespace cxtrace::filter {

struct InjectAction {
  enum class Result { none, error, retval };
  Result result = Result::none;
  int error = 0;           // errno for Result::error
  uint64_t retval = 0;     // the value for Result::retval
  int signal = 0;          // 0: none
  int64_t syscall = -1;    // the %pure call run in place of the real one; -1: an invalid number
  int64_t delay_enter_ns = -1;  // -1: no delay
  int64_t delay_exit_ns = -1;
  // when=FIRST[..LAST][+[STEP]]: invocations FIRST, FIRST+STEP, … up to LAST, counted from 1.
  uint32_t first = 1;
  uint32_t last = UINT32_MAX;
  uint32_t step = 1;

  bool fires(uint64_t n) const {
    return n >= first && n <= last && (n - first) % step == 0;
  }
  bool delayed() const { return delay_enter_ns >= 0 || delay_exit_ns >= 0; }
};

struct InjectRule {
  SyscallSet names = SyscallSet::none();
  std::optional<Pattern> pattern;  // --inject-filter: conditions over the entry arguments
  InjectAction action;
};

// Parses `SET:KEY=VALUE:...` as -e inject= (fault: as -e fault=, whose error defaults to ENOSYS).
// Errors say what is wrong, without the option's name.
std::optional<InjectRule> parse_inject(std::string_view spec, bool fault, std::string& error);

// Parses the actions alone, `KEY=VALUE:...`, as --inject-filter's second word.
std::optional<InjectAction> parse_inject_actions(std::string_view actions, bool fault,
                                                 std::string& error);

// "1.5s", "10ms", "250" (microseconds) -> nanoseconds.
std::optional<int64_t> parse_delay(std::string_view text);

class Injector {
 public:
  // From Options::inject_expr and Options::inject_filters; nullopt with one line on a bad spec.
  static std::optional<Injector> build(const cli::Options& opts, std::string& error);

  bool empty() const { return rules_.empty(); }
  // Whether some rule needs the decoded entry arguments to decide.
  bool needs_args() const { return needs_args_; }
  // A quick test on the number alone.
  bool may_select(uint64_t nr) const { return any_.contains(nr); }
  // The rule that selects the call `rec` (decoded at entry when needs_args()), or nullptr. The
  // last rule given wins; --inject-filter rules come after -e inject ones. `index` identifies
  // the rule, for counting invocations.
  const InjectRule* select(const decode::Record& rec, size_t& index, std::string& scratch) const;

 private:
  std::vector<InjectRule> rules_;
  SyscallSet any_ = SyscallSet::none();
  bool needs_args_ = false;
  output::TextStyle style_;
};

}  // namespace cxtrace::filter
