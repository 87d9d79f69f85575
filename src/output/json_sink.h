// JSON Lines: one JSON object per line for every event, for jq and scripts rather than eyes.
// Unlike the text sink, a syscall is written once, when it is over, with its arguments and
// its result together: there are no `<unfinished ...>` halves to stitch back. A call that
// never returns (exit_group, a thread killed inside it, a detach) is still one object, with
// "returned": false. docs/cxtrace-events.schema.json describes every event and field.
#pragma once

#include <ctime>
#include <string>
#include <string_view>
#include <unordered_map>

#include "output/sink.h"

namespace cxtrace::output {

class JsonSink final : public Sink {
 public:
  JsonSink() { line_.reserve(4096); }

  void syscall_entry(const Subject& s, const decode::Record& rec) override;
  void syscall_exit(const Subject& s, const decode::Record& rec) override;
  void syscall_vanished(const Subject& s, const decode::Record& rec) override;
  void signal(const Subject& s, int sig, const decode::Values& info) override;
  void group_stop(const Subject& s, int sig) override;
  void exited(const Subject& s, int code) override;
  void killed(const Subject& s, int sig, bool core_dumped) override;
  void superseded(const Subject& s, pid_t old_tid) override;
  void attached(const Subject& s, pid_t parent) override;
  void detached(const Subject& s) override;
  void forget(const Subject& s) override;

 private:
  // `{"event":"NAME","pid":N,"time":T` into line_.
  void begin(const Subject& s, std::string_view event, const timespec& when);
  // Closes the object and writes the line to s's stream.
  void end(const Subject& s);
  void write_syscall(const Subject& s, const decode::Record& rec, bool returned, bool detached);
  void append_args(const decode::Record& rec);
  void append_result(const decode::Record& rec);
  void append_signal(int sig);
  // -k: "stack": one object a frame, outermost call last.
  void append_stack(const stack::StackTrace& st);

  std::string line_;
  // The call each thread is inside, from its entry until it is written. An entry is set to
  // nullptr rather than erased, so a thread's slot is allocated once, not once per call.
  std::unordered_map<uintptr_t, const decode::Record*> open_;
};

}  // namespace cxtrace::output
