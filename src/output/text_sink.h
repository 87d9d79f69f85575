// strace's line format. A syscall line is written in two halves: `name(in-args` at entry and
// `out-args) = result` at exit, so a blocked call is visible while it blocks. When another
// thread's line comes in between, the first half is closed with ` <unfinished ...>` and the
// second half starts with `<... name resumed>`, exactly as strace does.
#pragma once

#include <ctime>
#include <string>

#include "output/sink.h"
#include "output/text_format.h"

namespace cxtrace::output {

struct TextOptions {
  int columns = 40;  // -a: the column the ` = result` is aligned to
  // How lines name their process: strace's rules, decided once from the options.
  enum class Prefix { none, bracket_when_many, pid_column } prefix = Prefix::bracket_when_many;
  TextStyle style;
  bool always_show_pid = false;  // --always-show-pid: the prefix even for a single process
  bool pid_comm = false;         // -Y: `1234<sh>` in the pid prefix

  // Line decorations, in the order they follow the pid prefix: the wall-clock time (-t),
  // the time since the previous line (-r), the syscall number (-n), the instruction
  // pointer (-i). Digits: how many after the decimal point (0, 3, 6, 9); -1: not shown.
  enum class Clock { none, time, unix } clock = Clock::none;
  int clock_digits = 0;
  int relative_digits = -1;
  int duration_digits = -1;  // -T: ` <0.000012>` after the result
  bool syscall_number = false;
  bool instruction_pointer = false;

  // Arguments: `dirfd=` (-N), `int dirfd=` and `= int 3` (--arg-types), ` at 0x7ffd…` after
  // each value read from the tracee's memory (--arg-addresses).
  bool arg_names = false;
  bool arg_types = false;
  bool arg_addresses = false;
};

class TextSink final : public Sink {
 public:
  explicit TextSink(const TextOptions& opts) : opts_(opts) {}

  void syscall_entry(const Subject& s, const decode::Record& rec) override;
  void syscall_exit(const Subject& s, const decode::Record& rec) override;
  void syscall_vanished(const Subject& s, const decode::Record& rec) override;
  void signal(const Subject& s, int sig, const decode::Values& info) override;
  void group_stop(const Subject& s, int sig) override;
  void exited(const Subject& s, int code) override;
  void killed(const Subject& s, int sig, bool core_dumped) override;
  void superseded(const Subject& s, pid_t old_tid) override;
  void detached(const Subject& s) override;
  void forget(const Subject& s) override;
  void stack_trace(const Subject& s, const stack::StackTrace& st) override;

 private:
  // Starts a new line for `s`: closes any open line on its stream, writes the pid prefix.
  void begin_line(const Subject& s, const decode::Record* rec = nullptr);
  // The decorations after the pid prefix; `rec` is the syscall the line is about, if any.
  void append_decorations(const Subject& s, const decode::Record* rec);
  void append_arg_label(const decode::Record& rec, int i);
  void append_arg_address(const decode::Record& rec, int i);
  // Continues `s`'s syscall line, or starts `<... name resumed>` if it was interrupted.
  void resume_line(const Subject& s, const decode::Record& rec);
  void append_args(const decode::Record& rec, int from, int to);
  void finish_call(const Subject& s, const decode::Record& rec, bool vanished);
  void append_return(const decode::Record& rec);
  // Writes line_ to the stream, tracking the column; `open` leaves the line open for s.
  void emit(const Subject& s, bool open);

  TextOptions opts_;
  std::string line_;
  timespec last_line_{};  // -r: when the previous line began (CLOCK_MONOTONIC)
  bool any_line_ = false;
};

// strace's name for a syscall: the table's, or syscall_0x1c1 for unknown numbers.
void append_syscall_name(const decode::Record& rec, std::string& out);

}  // namespace cxtrace::output
