// The tracer loop: wait for any tracee to stop, classify the stop, decode and report what
// happened, resume. It owns the process table and follows the program's threads and
// children through fork, clone, execve and exit, and it lets go of everything cleanly when
// cxtrace is told to stop.
#pragma once

#include <sys/resource.h>

#include <csignal>
#include <memory>
#include <functional>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "cli/options.h"
#include "decode/decoder.h"
#include "filter/filter.h"
#include "filter/inject.h"
#include "output/output.h"
#include "stack/stack_tracer.h"
#include "stats/summary.h"
#include "trace/fd_describer.h"
#include "trace/delay_queue.h"
#include "trace/launch.h"
#include "trace/process_table.h"
#include "trace/wait_status.h"

namespace cxtrace::trace {

class Tracer {
 public:
  Tracer(const cli::Options& opts, const filter::Filter& filter, output::Output& out);

  // Starts `argv` (argv[0] searched in PATH) stopped and seized. On failure returns false
  // with a one-line reason in `error`; nothing is left running.
  bool start(const std::vector<std::string>& argv, std::string& error);

  // Attaches to every thread of `pid`. Returns false with a reason in `error`.
  bool attach(pid_t pid, std::string& error);

  // Runs until nothing is traced any more, or until cxtrace is interrupted. Returns how the
  // started program ended (nullopt when there was none, or it was detached).
  std::optional<WaitStatus> run();

  // The fatal signal that interrupted the run, or 0.
  int interrupted_by() const;

  // -c / -C: every finished call that passes the filters is also counted in `summary`. With
  // -c alone nothing is printed per call, and arguments are not decoded unless a filter
  // needs them (-P, --filter conditions).
  void set_summary(stats::Summary* summary);

  // -e inject=, -e fault=, --inject-filter: the calls the rules select among those shown are
  // tampered with as the rules say.
  void set_injector(const filter::Injector* injector);
  // -E, -u, --argv0: how start() sets the program up (src/trace/launch.h). Without it the
  // program gets cxtrace's own environment and user.
  void set_launch(const Launch* launch) { launch_ = launch; }

 private:
  pid_t wait_next(int& raw, rusage* ru);
  // ^Z reached cxtrace: let the program stop first, then stop cxtrace itself.
  void stop_self(bool want_cpu);
  // A status wait4 returned: with `ru` (-c measuring CPU time) the tracee's system time is
  // kept for the summary, then the stop is handled.
  void dispatch(pid_t pid, int raw, const rusage* ru);
  void handle(Pid pid, WaitStatus status);
  void on_syscall_stop(Tracee& t);
  void on_syscall_entry(Tracee& t, const arch::RawSyscall& raw);
  void on_syscall_exit(Tracee& t, int64_t rval, bool is_error);
  void on_signal_stop(Tracee& t, int sig);
  void on_group_stop(Tracee& t, int sig);
  void on_event(Tracee& t, int event);
  void on_exec(Tracee& t);
  void on_gone(Tracee& t, WaitStatus status);
  // The thread left its syscall without an exit stop (it died, or execve replaced it).
  void vanish(Tracee& t);
  // waitpid says there is nothing left to wait for (ECHILD), yet threads are in the table:
  // they vanished without a status of their own, as a thread killed inside execve after it
  // took over the leader's pid but before the kernel reported the exec (the leader's death
  // is its death). Their calls end unfinished (`= ?`) and they are dropped.
  void drop_vanished();
  Tracee& adopt(Pid pid, const Tracee* parent);
  void resume(Tracee& t, int sig = 0);
  void detach_all();
  output::Subject subject(const Tracee& t) const;
  // The summary's two timestamps of a call: at entry, as late as possible, and at exit,
  // as early as possible, so that cxtrace's own work counts as little as it can.
  void summary_entry(Tracee& t);
  void summary_exit(Tracee& t);
  output::Subject subject_at_stop(const Tracee& t) const;
  // Tampering: at entry, whether a rule fires, and if so the number is replaced and `sig`,
  // `delay_ns` say how to resume; at exit, the result is rewritten.
  void tamper_entry(Tracee& t, int& sig, int64_t& delay_ns);
  void tamper_exit(Tracee& t, const filter::InjectAction& a, int64_t& rval, bool& is_error);
  // Holds a stopped tracee for `ns`, or resumes at once when there is nothing to wait for.
  void resume_after(Tracee& t, int64_t ns, int sig);
  void release_due();
  void unpark(Tracee& t);
  void load_comm(Tracee& t) const;
  // -k: walks the thread's stack into `out`; shows the call's stack if no line showed it yet
  // (the call never returned); shows the stack at a signal or stop just reported.
  void take_stack(Tracee& t, bool at_entry, stack::StackTrace& out);
  void show_pending_stack(Tracee& t);
  // The subject of a signal or group stop, with its stack (-k) taken before it is reported.
  output::Subject subject_with_stack(Tracee& t);
  void show_stop_stack(const output::Subject& s);

  const cli::Options& opts_;
  const filter::Filter& filter_;
  output::Output& out_;
  ProcessTable table_;
  decode::DecodeOptions decode_opts_;
  Pid started_{0};
  bool seccomp_ = false;  // the started program runs under cxtrace's seccomp filter
  std::optional<WaitStatus> started_status_;
  decode::Values scratch_;  // siginfo of a signal stop
  std::string scratch_text_;  // argument text for --filter conditions
  stats::Summary* summary_ = nullptr;
  const filter::Injector* injector_ = nullptr;
  DelayQueue delays_;
  bool seccomp_entry_ = false;  // the entry being handled is a seccomp stop
  bool decode_args_ = true;  // false only for -c without argument filters
  int64_t cpu_ns_ = 0;       // the stopped tracee's system CPU time, from wait4 (-c without -w)
  ProcFdDescriber fds_;      // -y, -yy: what the stopped tracee's descriptors are
  std::unique_ptr<stack::StackTracer> stack_;  // -k (not with -c, which prints no calls)
  stack::StackTrace stop_stack_;               // -k: the stack at a signal or group stop

  // Process control: -b execve, --syscall-limit, --follow, --tree, -D.
  bool wanted(bool is_thread) const;               // --follow: trace this new task?
  bool let_go(Pid pid, WaitStatus status);         // a new task --follow does not want
  void release(Tracee& t);                          // detach one tracee now (-b execve)
  void attach_descendants(pid_t pid);               // --tree
  bool start_daemonized(const std::string& path, const std::vector<std::string>& argv,
                        const std::function<bool()>& before_exec, std::string& error);
  const Launch* launch_ = nullptr;
  Pid first_exec_{0};          // -b: the started program's own execve is not a detach point
  bool wait_started_ = false;  // -b let the started program go: wait for it before exiting
  long long shown_calls_ = 0;  // --syscall-limit: calls shown so far
  bool limit_reached_ = false;
  std::unordered_map<pid_t, bool> unwanted_;  // --follow: tasks to let go (true: already gone)
};

}  // namespace cxtrace::trace
