// The filter chain: every selection the user gave, combined. A syscall is shown when each
// selection admits it: -e trace, --filename, --socketcall and the names of --filter
// patterns are decided at entry from the number alone, before any memory is read; -P at
// entry from the decoded arguments; -e status and pattern conditions at exit.
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>
#include <vector>

#include "cli/options.h"
#include "decode/record.h"
#include "filter/pattern.h"
#include "filter/syscall_set.h"
#include "output/text_format.h"

namespace cxtrace::filter {

// strace's -e status= classes of outcome.
struct StatusSet {
  bool successful = true;
  bool failed = true;
  bool unfinished = true;
  bool unavailable = true;
  bool detached = true;
  bool all() const { return successful && failed && unfinished && unavailable && detached; }
};

class Filter {
 public:
  // Builds the chain from the options; on a bad expression returns nullopt with one line
  // naming the option and what is wrong with it.
  static std::optional<Filter> build(const cli::Options& opts, std::string& error);

  // Entry verdict from the number alone.
  bool traced(uint64_t nr) const { return entry_set_.contains(nr); }
  // The numbers that can pass at entry, for the seccomp-bpf program.
  const SyscallSet& entry_set() const { return entry_set_; }
  // Entry verdict from the decoded in-arguments (-P).
  bool admits_paths(pid_t pid, const decode::Record& rec) const;
  bool has_paths() const { return !paths_.empty(); }
  // Whether the line must wait for the exit verdict (status or pattern conditions).
  bool deferred() const { return deferred_; }
  // Exit verdict on a finished call.
  bool admits_exit(const decode::Record& rec, std::string& scratch) const;
  // The --filter argument conditions alone, without -e status: the -c summary counts the
  // calls that pass these (strace's summary ignores the status selection).
  bool has_conditions() const { return patterns_need_exit_; }
  bool admits_conditions(const decode::Record& rec, std::string& scratch) const;
  // Exit verdict for a call that never returned (`= ?`).
  bool admits_unfinished() const { return status_.unfinished; }
  bool admits_detached() const { return status_.detached; }
  bool signal_shown(int sig) const { return sig > 0 && sig < 65 && signals_[sig]; }
  // -e raw=SET as a bit per syscall number, for the decoders.
  const std::vector<uint8_t>& raw_numbers() const { return raw_; }
  // -e verbose=SET: the syscalls whose structures print as addresses (those not in SET).
  const std::vector<uint8_t>& terse_numbers() const { return terse_; }

 private:
  // Parses the last of `exprs` (-e QUALIFIER=SET) into a flag per syscall number: set for the
  // syscalls in SET, or with `complement` for those not in it.
  static bool number_set(const std::vector<std::string>& exprs, std::string_view qualifier,
                         bool complement, std::vector<uint8_t>& out, std::string& error);

  SyscallSet entry_set_ = SyscallSet::all();
  std::vector<Pattern> patterns_;
  bool patterns_need_exit_ = false;
  StatusSet status_;
  std::vector<std::string> paths_;
  bool signals_[65];
  bool deferred_ = false;
  std::vector<uint8_t> raw_;
  std::vector<uint8_t> terse_;
  output::TextStyle style_;
};

}  // namespace cxtrace::filter
