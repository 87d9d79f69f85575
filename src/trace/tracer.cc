#include "trace/tracer.h"

#include <dirent.h>
#include <linux/capability.h>
#include <pwd.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <string_view>
#include <utility>

#include <fmt/core.h>
#include <spdlog/spdlog.h>

#include "decode/siginfo.h"
#include "filter/seccomp.h"
#include "table/syscall_table.h"
#include "trace/ptrace.h"
#include "trace/daemonize.h"
#include "trace/spawn.h"
#include "trace/tree.h"

namespace cxtrace::trace {

namespace {

// Signal handlers can reach only globals. These two are all the loop shares with them:
// which fatal signal arrived, and whether a flush is due. Neither handler restarts system
// calls, so a blocking waitpid returns EINTR and the loop looks at both. A signal that
// lands just before waitpid blocks is seen at the next timer tick at the latest.
volatile sig_atomic_t g_interrupted = 0;
volatile sig_atomic_t g_flush_due = 0;
// ^Z reached cxtrace (a job of a shell, with its program in the same process group).
volatile sig_atomic_t g_tstp = 0;

// Output reaches a terminal or pipe at most this long after the line was complete.
constexpr long kFlushIntervalUs = 25'000;

void on_fatal_signal(int sig) { g_interrupted = sig; }

void on_flush_timer(int) { g_flush_due = 1; }

void on_tstp(int) { g_tstp = 1; }

// -I: 1 (anywhere) leaves the fatal signals their default action, so cxtrace dies at once;
// 2 (waiting) lets the loop notice them between stops, then detach and exit; 3 (never)
// ignores them; 4 (never_tstp) ignores ^Z too. cxtrace never stops for terminal I/O.
void install_handlers(int interruptible) {
  struct sigaction sa {};
  sa.sa_handler = interruptible <= 1   ? SIG_DFL
                  : interruptible == 2 ? on_fatal_signal
                                       : SIG_IGN;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = 0;
  for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGQUIT}) {
    sigaction(sig, &sa, nullptr);
  }
  signal(SIGTTOU, SIG_IGN);
  signal(SIGTTIN, SIG_IGN);
  // ^Z: the terminal sends SIGTSTP to cxtrace and its program at once. Stopping at once would
  // leave a thread of the program that got it waiting in its signal stop for cxtrace, while
  // the program's other threads run on (a read of the terminal would take what the user types
  // next at the shell). So cxtrace first passes the signal on, lets the program stop, then
  // stops itself (Tracer::stop_self). A SIGTSTP ignored from the start stays ignored.
  struct sigaction old {};
  sigaction(SIGTSTP, nullptr, &old);
  if (interruptible >= 4) {
    signal(SIGTSTP, SIG_IGN);
  } else if (old.sa_handler != SIG_IGN) {
    sa.sa_handler = on_tstp;
    sigaction(SIGTSTP, &sa, nullptr);
  }
  sa.sa_handler = on_flush_timer;
  sigaction(SIGALRM, &sa, nullptr);
  signal(SIGPIPE, SIG_IGN);  // a closed -o '|cmd' is reported by the write, not fatal
  itimerval tv{{0, kFlushIntervalUs}, {0, kFlushIntervalUs}};
  setitimer(ITIMER_REAL, &tv, nullptr);
}

void stop_flush_timer() {
  itimerval tv{};
  setitimer(ITIMER_REAL, &tv, nullptr);
}

// The threads of `pid`, the leader first; empty when it does not exist. When its /proc entry
// cannot be read (no /proc, hidepid, out of descriptors) but the pid exists, the process is
// taken to be the one thread its pid names: the attach still works (or fails for its own
// reason), only the other threads are missed.
std::vector<pid_t> threads_of(pid_t pid) {
  std::vector<pid_t> tids;
  std::string dir = fmt::format("/proc/{}/task", pid);
  DIR* d = opendir(dir.c_str());
  if (d == nullptr) {
    if (kill(pid, 0) == 0 || errno == EPERM) {
      tids.push_back(pid);
    }
    return tids;
  }
  while (dirent* e = readdir(d)) {
    if (e->d_name[0] != '.') {
      tids.push_back(static_cast<pid_t>(std::atoi(e->d_name)));
    }
  }
  closedir(d);
  std::sort(tids.begin(), tids.end());
  // The leader first, as strace lists it.
  auto it = std::find(tids.begin(), tids.end(), pid);
  if (it != tids.end()) {
    std::rotate(tids.begin(), it, it + 1);
  }
  return tids;
}

// A numeric field of /proc/PID/status ("TracerPid", "Tgid", "Uid": its first number), or
// `missing` when it cannot be read.
long status_number(pid_t pid, std::string_view field, long missing = 0) {
  std::ifstream status(fmt::format("/proc/{}/status", pid));
  std::string line;
  while (std::getline(status, line)) {
    if (line.size() > field.size() && line.compare(0, field.size(), field) == 0 &&
        line[field.size()] == ':') {
      return std::atol(line.c_str() + field.size() + 1);
    }
  }
  return missing;
}

pid_t tracer_of(pid_t pid) { return static_cast<pid_t>(status_number(pid, "TracerPid")); }

std::string user_text(long uid) {
  const passwd* pw = getpwuid(static_cast<uid_t>(uid));
  if (pw == nullptr) {
    return fmt::format("uid {}", uid);
  }
  return fmt::format("user {} (uid {})", pw->pw_name, uid);
}

bool have_cap_sys_ptrace() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("CapEff:", 0) == 0) {
      return (std::strtoull(line.c_str() + 7, nullptr, 16) >> CAP_SYS_PTRACE & 1) != 0;
    }
  }
  return false;
}

// Why PTRACE_SEIZE of `pid` failed with EPERM, as precisely as /proc lets cxtrace tell.
std::string attach_denied(pid_t pid) {
  std::string head = fmt::format("cannot attach to process {}: {}", pid, std::strerror(EPERM));
  if (pid_t other = tracer_of(pid); other != 0) {
    return fmt::format("cannot attach to process {}: it is already traced by process {}", pid,
                       other);
  }
  long owner = status_number(pid, "Uid", -1);
  long self = static_cast<long>(geteuid());
  if (owner >= 0 && owner != self && !have_cap_sys_ptrace()) {
    return fmt::format("{}: it belongs to {} and cxtrace runs as {} without CAP_SYS_PTRACE",
                       head, user_text(owner), user_text(self));
  }
  std::ifstream yama("/proc/sys/kernel/yama/ptrace_scope");
  int scope = 0;
  if (yama >> scope && scope > 0) {
    return fmt::format("{} (Yama restricts ptrace: /proc/sys/kernel/yama/ptrace_scope is {})",
                       head, scope);
  }
  return fmt::format("{} (it may have made itself non-dumpable, or run with more privileges)",
                     head);
}

bool is_execve(uint64_t nr) { return nr == SYS_execve || nr == SYS_execveat; }

// The ptrace options for a tracee: what --follow asks for on top of trace_options().
unsigned options_for(const cli::Options& o, bool kill_on_exit, bool seccomp) {
  unsigned options = trace_options(o.follow_forks, kill_on_exit || o.kill_on_exit, seccomp);
  if (!o.follow_processes) {
    options &= ~unsigned{PTRACE_O_TRACEFORK | PTRACE_O_TRACEVFORK};
  }
  return options;
}

pid_t tgid_of(pid_t tid) { return static_cast<pid_t>(status_number(tid, "Tgid")); }

}  // namespace

Tracer::Tracer(const cli::Options& opts, const filter::Filter& filter, output::Output& out)
    : opts_(opts), filter_(filter), out_(out), fds_(static_cast<uint8_t>(opts.decode_fds)) {
  decode_opts_.string_limit = opts.string_limit;
  decode_opts_.decode_fds = static_cast<uint8_t>(opts.decode_fds);
  auto fd_set = [](const std::vector<int>& fds, bool inverted) {
    decode::FdSet set;
    set.listed.assign(fds.begin(), fds.end());
    std::sort(set.listed.begin(), set.listed.end());
    set.inverted = inverted;
    return set;
  };
  decode_opts_.read_fds = fd_set(opts.read_fds, opts.read_fds_inverted);
  decode_opts_.write_fds = fd_set(opts.write_fds, opts.write_fds_inverted);
  decode_opts_.raw_all = opts.raw_all;
  decode_opts_.verbose = opts.verbose;
  decode_opts_.pid_comm = opts.pid_comm;
  decode_opts_.raw = filter.raw_numbers();
  decode_opts_.terse = filter.terse_numbers();
  if (opts.stack_trace && !opts.summary_only) {
    stack_ = std::make_unique<stack::StackTracer>();
    if (!stack_->available()) {
      spdlog::warn("-k: libunwind could not be set up; no stack traces");
      stack_.reset();
    }
  }
}

void Tracer::take_stack(Tracee& t, bool at_entry, stack::StackTrace& out) {
  out.clear();
  user_regs_struct r{};
  if (!regs(t.pid, r)) {
    return;  // the thread is gone: no stack to show
  }
  stack_->capture(t.pid.value, r, t.mem, at_entry, out);
}

void Tracer::show_pending_stack(Tracee& t) {
  if (t.stack_unprinted) {
    t.stack_unprinted = false;
    out_.sink().stack_trace(subject(t), t.rec.stack);
  }
}

output::Subject Tracer::subject_with_stack(Tracee& t) {
  output::Subject s = subject_at_stop(t);
  if (stack_) {
    take_stack(t, false, stop_stack_);
    if (stop_stack_.taken) {
      s.stack = &stop_stack_;
    }
  }
  return s;
}

void Tracer::show_stop_stack(const output::Subject& s) {
  if (s.stack != nullptr) {
    out_.sink().stack_trace(s, *s.stack);
  }
}

int Tracer::interrupted_by() const { return g_interrupted; }

void Tracer::set_summary(stats::Summary* summary) {
  summary_ = summary;
  decode_args_ = !opts_.summary_only || filter_.has_paths() || filter_.has_conditions();
}

void Tracer::set_injector(const filter::Injector* injector) {
  injector_ = injector != nullptr && !injector->empty() ? injector : nullptr;
}

void Tracer::tamper_entry(Tracee& t, int& sig, int64_t& delay_ns) {
  size_t index = 0;
  const filter::InjectRule* rule = injector_->select(t.rec, index, scratch_text_);
  if (rule == nullptr) {
    return;
  }
  // when= counts the calls each rule selects, per syscall and per thread.
  uint64_t key = (uint64_t{index} << 32) | (t.rec.raw.nr & 0xffffffffu);
  if (!rule->action.fires(++t.inject_seen[key])) {
    return;
  }
  const filter::InjectAction& a = rule->action;
  t.inject = &a;
  t.rec.delayed = a.delayed();
  if (a.result != filter::InjectAction::Result::none &&
      !poke_user(t.pid, arch::kSyscallNrOffset, static_cast<uint64_t>(a.syscall))) {
    spdlog::debug("inject into {}: {}", t.pid.value, std::strerror(errno));
  }
  // A signal given when resuming from a syscall-entry stop is queued at once: it arrives as
  // the call returns, or interrupts it. The kernel drops one given at a seccomp stop, so
  // there it goes with the exit instead.
  (seccomp_entry_ ? t.inject_exit_sig : sig) = a.signal;
  delay_ns = a.delay_enter_ns;
}

void Tracer::tamper_exit(Tracee& t, const filter::InjectAction& a, int64_t& rval,
                         bool& is_error) {
  using Result = filter::InjectAction::Result;
  if (a.result == Result::none) {
    return;
  }
  // A retval in the error range is still printed as the number it is, as strace prints it.
  rval = a.result == Result::error ? -int64_t{a.error} : static_cast<int64_t>(a.retval);
  is_error = a.result == Result::error;
  t.rec.injected = true;
  if (!poke_user(t.pid, arch::kReturnOffset, static_cast<uint64_t>(rval))) {
    spdlog::debug("inject result into {}: {}", t.pid.value, std::strerror(errno));
  }
}

void Tracer::resume_after(Tracee& t, int64_t ns, int sig) {
  if (ns < 0) {
    resume(t, sig);
    return;
  }
  t.parked = true;
  t.parked_sig = sig;
  delays_.add(t.pid, ns);
}

void Tracer::unpark(Tracee& t) {
  t.parked = false;
  resume(t, t.parked_sig);
}

void Tracer::release_due() {
  for (Pid pid : delays_.take_due()) {
    Tracee* t = table_.find(pid);
    if (t != nullptr && t->parked) {
      unpark(*t);
    }
  }
}

void Tracer::summary_entry(Tracee& t) {
  t.entry_cpu_ns = cpu_ns_;
  clock_gettime(CLOCK_MONOTONIC, &t.rec.entry_time);
}

void Tracer::summary_exit(Tracee& t) {
  if (filter_.has_conditions() && !filter_.admits_conditions(t.rec, scratch_text_)) {
    return;
  }
  auto ns = [](const timespec& ts) { return ts.tv_sec * int64_t{1'000'000'000} + ts.tv_nsec; };
  int64_t wall = ns(t.rec.exit_time) - ns(t.rec.entry_time);
  int64_t time = summary_->measures_cpu() ? cpu_ns_ - t.entry_cpu_ns : wall;
  summary_->add(t.rec.raw.nr, t.rec.is_error, time, wall);
}

output::Subject Tracer::subject(const Tracee& t) const {
  output::Subject s{t.pid.value, t.key(), t.stream, table_.size()};
  s.last_nr = t.last_nr;
  s.comm = t.comm;
  return s;
}

// The same, with the instruction pointer where the thread stopped (-i on signal lines).
output::Subject Tracer::subject_at_stop(const Tracee& t) const {
  output::Subject s = subject(t);
  user_regs_struct r{};
  if (opts_.instruction_pointer && regs(t.pid, r)) {
    s.ip_known = true;
    s.ip = r.rip;
  }
  return s;
}

void Tracer::load_comm(Tracee& t) const {
  if (!opts_.pid_comm) {
    return;
  }
  std::ifstream in(fmt::format("/proc/{}/comm", t.pid.value));
  std::getline(in, t.comm);
}

bool Tracer::start(const std::vector<std::string>& argv, std::string& error) {
  std::optional<std::string> path = find_program(argv[0], error);
  if (!path) {
    return false;
  }
  // The kernel-side filter pays off only when some syscalls are left out, and is safe only
  // when every process that inherits it is traced (-f) and needs no change to the
  // program's privileges (an explicit --seccomp-bpf may set no_new_privs).
  // (-e trace=none leaves out everything: the filter then stops the program at no syscall.)
  bool selective = filter_.entry_set().numbers().size() < table::kSyscallCount;
  if (opts_.seccomp == 1 && !opts_.follow_forks) {
    spdlog::warn("--seccomp-bpf needs -f (the filter is inherited by every child); not used");
  }
  // A process cxtrace lets go of keeps the filter, and its selected calls would then fail:
  // no filter when something is let go (-b, --syscall-limit, --follow short of all).
  const char* conflict = opts_.detach_on_execve        ? "-b execve"
                         : opts_.syscall_limit > 0     ? "--syscall-limit"
                         : !opts_.follow_threads       ? "--follow=forks"
                         : !opts_.follow_processes     ? "--follow=threads"
                                                       : nullptr;
  if (opts_.seccomp == 1 && opts_.follow_forks && conflict != nullptr) {
    spdlog::warn("--seccomp-bpf cannot be used with {}; not used", conflict);
  }
  seccomp_ = opts_.follow_forks && selective && conflict == nullptr &&
             (opts_.seccomp == 1 || (opts_.seccomp == -1 && !filter::seccomp_needs_no_new_privs()));
  std::function<bool()> before_exec;
  std::vector<sock_filter> prog;
  if (seccomp_) {
    prog = filter::seccomp_program(filter_.entry_set());
    before_exec = [&prog, this] { return filter::install_seccomp(prog, opts_.seccomp == 1); };
  }
  spdlog::debug("seccomp-bpf filter: {}", seccomp_ ? "on" : "off");
  std::vector<std::string> args = argv;
  if (launch_ != nullptr && !launch_->argv0.empty()) {
    args[0] = launch_->argv0;  // --argv0: what the program sees; the path is still argv[0]'s
  }
  if (opts_.daemonize > 0) {
    return start_daemonized(*path, args, before_exec, error);
  }
  pid_t pid = spawn_stopped(*path, args, before_exec, error, launch_);
  if (pid < 0) {
    return false;
  }
  if (!seize(Pid{pid}, options_for(opts_, true, seccomp_))) {
    error = fmt::format("cannot trace the program: ptrace(PTRACE_SEIZE, {}): {}", pid,
                        std::strerror(errno));
    kill(pid, SIGKILL);
    waitpid(pid, nullptr, 0);
    return false;
  }
  Tracee& t = adopt(Pid{pid}, nullptr);
  t.hidden = true;
  t.starting = true;
  t.started_by_us = true;
  started_ = Pid{pid};
  first_exec_ = Pid{pid};
  // The child is in group-stop from its own SIGSTOP; SIGCONT ends it. The tracer sees the
  // stop and the SIGCONT and hides both: they belong to cxtrace, not to the program.
  kill(pid, SIGCONT);
  return true;
}

bool Tracer::attach(pid_t pid, std::string& error) {
  if (pid == getpid()) {
    error = fmt::format("cannot attach to process {}: that is cxtrace itself", pid);
    return false;
  }
  std::vector<pid_t> tids = threads_of(pid);
  if (tids.empty()) {
    error = fmt::format("cannot attach to process {}: no such process", pid);
    return false;
  }
  unsigned options = options_for(opts_, false, false);
  size_t attached = 0;
  for (pid_t tid : tids) {
    if (table_.find(Pid{tid}) != nullptr) {
      continue;
    }
    if (!seize(Pid{tid}, options)) {
      int e = errno;
      if (attached == 0) {
        if (e == EPERM) {
          error = attach_denied(pid);
        } else {
          error = fmt::format("cannot attach to process {}: {}", pid,
                              e == ESRCH ? "no such process" : std::strerror(e));
        }
        return false;
      }
      continue;  // a thread that exited meanwhile
    }
    Tracee& t = table_.add(Pid{tid});
    t.stream = out_.stream_for(tid);
    load_comm(t);
    out_.sink().attached(subject(t), 0);
    interrupt(Pid{tid});
    ++attached;
  }
  if (!opts_.quiet_attach) {
    if (attached > 1) {
      fmt::print(stderr, "cxtrace: Process {} attached with {} threads\n", pid, attached);
    } else {
      fmt::print(stderr, "cxtrace: Process {} attached\n", pid);
    }
  }
  if (opts_.attach_tree) {
    attach_descendants(pid);
  }
  return true;
}

// -D: cxtrace's own process becomes the program; this returns in the tracer, a grandchild.
bool Tracer::start_daemonized(const std::string& path, const std::vector<std::string>& argv,
                              const std::function<bool()>& before_exec, std::string& error) {
  unsigned options = options_for(opts_, false, seccomp_);
  pid_t pid = daemonize(opts_.daemonize, options,
                        [&] { exec_program(path, argv, before_exec, launch_); }, error);
  if (pid < 0) {
    return false;
  }
  Tracee& t = adopt(Pid{pid}, nullptr);
  t.hidden = true;  // until its execve: cxtrace's own code, waiting for the tracer
  first_exec_ = Pid{pid};
  if (!opts_.quiet_attach) {
    fmt::print(stderr, "cxtrace: Process {} attached\n", pid);
  }
  return true;
}

// --tree: every process below `pid`, depth first. Children forked after their parent was
// seized are already followed; the walk goes on below them too.
void Tracer::attach_descendants(pid_t pid) {
  for (pid_t child : children_of(pid)) {
    if (table_.find(Pid{child}) != nullptr || tracer_of(child) == getpid()) {
      attach_descendants(child);
      continue;
    }
    std::string error;
    if (!attach(child, error)) {
      if (threads_of(child).empty()) {
        spdlog::debug("{} (it has ended meanwhile)", error);
      } else {
        fmt::print(stderr, "cxtrace: {}\n", error);
      }
    }
  }
}

// --follow: a new thread is wanted with threads, a new process with forks.
bool Tracer::wanted(bool is_thread) const {
  return is_thread ? opts_.follow_threads : opts_.follow_processes;
}

// A stop of a task cxtrace does not know yet. True when --follow does not want it: it is
// detached at this, its first stop, and runs on untraced.
bool Tracer::let_go(Pid pid, WaitStatus status) {
  auto it = unwanted_.find(pid.value);
  bool announced = it != unwanted_.end();
  if (!announced) {
    if (opts_.follow_threads && opts_.follow_processes) {
      return false;
    }
    // Its first stop came before its parent's fork or clone event.
    pid_t tgid = tgid_of(pid.value);
    if (wanted(tgid != 0 && tgid != pid.value)) {
      return false;
    }
  }
  detach(pid, status.kind() == WaitStatus::Kind::signal_stop ? status.stop_signal() : 0);
  spdlog::debug("not following {}", pid.value);
  if (announced) {
    unwanted_.erase(it);
  } else {
    unwanted_[pid.value] = true;  // its parent's event is still to come
  }
  return true;
}

// -b execve: the tracee runs on untraced from its new program's first instruction.
void Tracer::release(Tracee& t) {
  out_.sink().detached(subject(t));
  detach(t.pid, 0);
  if (!opts_.quiet_attach) {
    out_.flush();
    fmt::print(stderr, "cxtrace: Process {} detached\n", t.pid.value);
  }
  if (t.started_by_us) {
    started_status_.reset();  // its exit status is no longer cxtrace's, as with strace
    wait_started_ = true;
  }
  out_.sink().forget(subject(t));
  table_.remove(t.pid);
}

Tracee& Tracer::adopt(Pid pid, const Tracee* parent) {
  Tracee& t = table_.add(pid);
  t.stream = out_.stream_for(pid.value);
  load_comm(t);
  t.hidden = parent != nullptr && parent->hidden;
  if (parent != nullptr && !t.hidden) {
    out_.sink().attached(subject(t), parent->pid.value);
  }
  if (parent != nullptr && !opts_.quiet_attach && !t.hidden) {
    out_.flush();
    fmt::print(stderr, "cxtrace: Process {} attached\n", pid.value);
  }
  spdlog::debug("tracing {} (parent {})", pid.value, parent ? parent->pid.value : 0);
  return t;
}

void Tracer::resume(Tracee& t, int sig) {
  // With the seccomp filter, the filter stops the tracee at the syscalls that matter;
  // ptrace's own syscall stops are needed only for the exit of a call already entered.
  bool ok = (seccomp_ && !t.in_syscall) ? resume_cont(t.pid, sig) : resume_syscall(t.pid, sig);
  if (!ok) {
    spdlog::debug("resume {}: {}", t.pid.value, std::strerror(errno));
  }
}

std::optional<WaitStatus> Tracer::run() {
  install_handlers(opts_.interruptible);
  bool want_cpu = summary_ != nullptr && summary_->measures_cpu();
  bool periodic = summary_ != nullptr && summary_->options().interval_s > 0;
  if (summary_ != nullptr) {
    timespec now{};
    clock_gettime(CLOCK_MONOTONIC, &now);
    summary_->start(now);
  }
  while (!table_.empty()) {
    if (g_interrupted) {
      detach_all();
      break;
    }
    if (limit_reached_) {
      if (!opts_.quiet_attach) {
        out_.flush();
        fmt::print(stderr, "cxtrace: syscall limit reached ({} shown), detaching\n",
                   shown_calls_);
      }
      detach_all();
      break;
    }
    if (g_flush_due) {
      g_flush_due = 0;
      out_.flush();
    }
    if (g_tstp) {
      stop_self(want_cpu);
      continue;
    }
    if (!delays_.empty()) {
      release_due();
    }
    if (periodic) {
      timespec now{};
      clock_gettime(CLOCK_MONOTONIC, &now);
      if (summary_->due(now)) {
        out_.write_block(summary_->report(now, false));
        out_.flush();
      }
    }
    int raw = 0;
    // -c measures the tracee's system CPU time, which wait4 reports with every stop.
    rusage ru{};
    pid_t pid = wait_next(raw, want_cpu ? &ru : nullptr);
    if (pid < 0) {
      if (errno == EINTR) {
        continue;
      }
      spdlog::debug("waitpid: {}", std::strerror(errno));
      drop_vanished();
      break;
    }
    dispatch(pid, raw, want_cpu ? &ru : nullptr);
  }
  // -b let the started program go: it is still cxtrace's child, and cxtrace ends with it.
  while (wait_started_ && !g_interrupted && waitpid(started_.value, nullptr, 0) < 0 &&
         errno == EINTR) {
  }
  stop_flush_timer();
  out_.flush();
  return started_status_;
}

// The next stop of any tracee. A tracee stopped at a syscall usually stops again a few
// microseconds after it is resumed, and a CPU that goes idle meanwhile can take tens of
// microseconds to wake (on a virtual machine, far more than the stop itself costs), so the
// loop first polls for up to --busy-wait microseconds and only then sleeps in wait4. Signals
// that the loop must look at (a fatal one, the flush timer) end the polling as they end the
// sleep: with -1 and EINTR.
pid_t Tracer::wait_next(int& raw, rusage* ru) {
  const int64_t end = opts_.busy_wait_us > 0 ? now_ns() + int64_t{opts_.busy_wait_us} * 1000 : 0;
  while (end != 0) {
    pid_t pid = wait4(-1, &raw, __WALL | WNOHANG, ru);
    if (pid != 0) {
      return pid;
    }
    if (g_interrupted || g_flush_due || g_tstp) {
      errno = EINTR;
      return -1;
    }
    if (now_ns() >= end) {
      break;
    }
  }
  return wait4(-1, &raw, __WALL, ru);
}

// ^Z: the stops the program makes as the signal reaches its threads are handled (the signal
// passed on, the group stop that follows kept), until none has come for 10 ms (every tracee
// stopped, or running without a stop) or 200 ms have passed; then cxtrace stops itself with
// SIGTSTP's default action, and carries on when continued.
void Tracer::stop_self(bool want_cpu) {
  g_tstp = 0;
  const int64_t start = now_ns();
  int64_t last_event = start;
  while (!g_interrupted && !table_.empty()) {
    int64_t now = now_ns();
    if (now - last_event >= 10'000'000 || now - start >= 200'000'000) {
      break;
    }
    int raw = 0;
    rusage ru{};
    pid_t pid = wait4(-1, &raw, __WALL | WNOHANG, want_cpu ? &ru : nullptr);
    if (pid < 0) {
      break;
    }
    if (pid == 0) {
      timespec pause{0, 200'000};
      nanosleep(&pause, nullptr);
      continue;
    }
    dispatch(pid, raw, want_cpu ? &ru : nullptr);
    last_event = now_ns();
  }
  if (g_interrupted) {
    return;
  }
  out_.flush();
  struct sigaction dfl {};
  struct sigaction ours {};
  dfl.sa_handler = SIG_DFL;
  sigemptyset(&dfl.sa_mask);
  sigaction(SIGTSTP, &dfl, &ours);
  raise(SIGTSTP);  // stops here (not in an orphaned process group, where ^Z stops nothing)
  sigaction(SIGTSTP, &ours, nullptr);
}

void Tracer::dispatch(pid_t pid, int raw, const rusage* ru) {
  if (ru != nullptr) {
    cpu_ns_ = ru->ru_stime.tv_sec * int64_t{1'000'000'000} + ru->ru_stime.tv_usec * int64_t{1000};
  }
  handle(Pid{pid}, WaitStatus(raw));
}

void Tracer::handle(Pid pid, WaitStatus status) {
  Tracee* t = table_.find(pid);
  if (t == nullptr) {
    if (status.kind() == WaitStatus::Kind::exited || status.kind() == WaitStatus::Kind::killed) {
      unwanted_.erase(pid.value);
      return;  // not a tracee: the -o '|cmd' process, or one cxtrace let go
    }
    if (let_go(pid, status)) {
      return;
    }
    // A new child can report its first stop before its parent's fork event.
    t = &adopt(pid, nullptr);
    out_.sink().attached(subject(*t), 0);
    if (!opts_.quiet_attach) {
      out_.flush();
      fmt::print(stderr, "cxtrace: Process {} attached\n", pid.value);
    }
  }
  switch (status.kind()) {
    case WaitStatus::Kind::exited:
    case WaitStatus::Kind::killed:
      on_gone(*t, status);
      break;
    case WaitStatus::Kind::syscall_stop:
      on_syscall_stop(*t);
      break;
    case WaitStatus::Kind::signal_stop:
      on_signal_stop(*t, status.stop_signal());
      break;
    case WaitStatus::Kind::group_stop:
      on_group_stop(*t, status.stop_signal());
      break;
    case WaitStatus::Kind::event_stop:
      on_event(*t, status.ptrace_event());
      break;
  }
}

void Tracer::on_syscall_stop(Tracee& t) {
  SyscallInfo info{};
  if (syscall_info(t.pid, info) && info.op != PTRACE_SYSCALL_INFO_NONE) {
    if (info.op == PTRACE_SYSCALL_INFO_EXIT) {
      on_syscall_exit(t, info.exit.rval, info.exit.is_error != 0);
      return;
    }
    arch::RawSyscall raw;
    if (info.op == PTRACE_SYSCALL_INFO_SECCOMP) {
      raw.nr = info.seccomp.nr;
      std::copy(std::begin(info.seccomp.args), std::end(info.seccomp.args), raw.args.begin());
    } else {
      raw.nr = info.entry.nr;
      std::copy(std::begin(info.entry.args), std::end(info.entry.args), raw.args.begin());
    }
    raw.ip = info.instruction_pointer;
    raw.sp = info.stack_pointer;
    seccomp_entry_ = info.op == PTRACE_SYSCALL_INFO_SECCOMP;
    on_syscall_entry(t, raw);
    seccomp_entry_ = false;
    return;
  }
  // Kernels before 5.3: the registers, and our own idea of entry versus exit.
  user_regs_struct r{};
  if (!regs(t.pid, r)) {
    resume(t);
    return;
  }
  if (t.in_syscall) {
    int64_t rv = arch::return_from_regs(r);
    on_syscall_exit(t, rv, arch::is_error_return(rv));
  } else {
    on_syscall_entry(t, arch::entry_from_regs(r));
  }
}

void Tracer::on_syscall_entry(Tracee& t, const arch::RawSyscall& raw) {
  timespec entered{};
  clock_gettime(CLOCK_MONOTONIC, &entered);
  t.in_syscall = true;
  t.shown = false;
  t.last_nr = raw.nr;
  bool own_exec = t.hidden;  // the execve that starts the program is cxtrace's: never tampered
  t.maps_changing = stack_ && stack::StackTracer::changes_mappings(raw.nr);
  // The started program's first execve: its stack before the call is cxtrace's own child
  // code, so, as strace does, the stack is taken after it (the new program's entry point).
  bool first_exec = t.hidden;
  if (t.hidden) {
    if (!is_execve(raw.nr)) {
      resume(t);
      return;
    }
    t.hidden = false;
  }
  if (!filter_.traced(raw.nr)) {
    resume(t);  // not selected: nothing is read, nothing printed
    return;
  }
  t.rec.reset(raw, table::by_number(raw.nr));
  t.rec.entry_time = entered;
  bool tamper = !own_exec && injector_ != nullptr && injector_->may_select(raw.nr);
  if (decode_args_ || (tamper && injector_->needs_args())) {
    fds_.set_tid(t.pid.value);
    decode::decode_entry(t.rec, t.mem, decode_opts_, decode_opts_.decode_fds != 0 ? &fds_ : nullptr);
  }
  if (filter_.has_paths() && !filter_.admits_paths(t.pid.value, t.rec)) {
    resume(t);
    return;
  }
  t.shown = true;
  t.deferred = filter_.deferred();
  if (stack_ && !first_exec && stack::StackTracer::capture_at_entry(raw.nr)) {
    take_stack(t, true, t.rec.stack);
    t.stack_unprinted = t.rec.stack.taken;
  }
  if (!t.deferred) {
    out_.sink().syscall_entry(subject(t), t.rec);
  }
  int sig = 0;
  int64_t delay_ns = -1;
  if (tamper) {
    tamper_entry(t, sig, delay_ns);
  }
  if (summary_ != nullptr) {
    summary_entry(t);
  }
  resume_after(t, delay_ns, sig);
}

void Tracer::on_syscall_exit(Tracee& t, int64_t rval, bool is_error) {
  if (summary_ != nullptr) {
    clock_gettime(CLOCK_MONOTONIC, &t.rec.exit_time);
  }
  bool was_in = t.in_syscall;
  t.in_syscall = false;
  if (t.maps_changing) {
    t.maps_changing = false;
    stack_->mappings_changed();
  }
  constexpr int64_t kRestartBlock = -516;  // ERESTART_RESTARTBLOCK: restart_syscall follows
  const filter::InjectAction* tampered = t.inject;
  t.inject = nullptr;
  if (!was_in || !t.shown) {
    // An exit without an entry: cxtrace attached inside the call. Remember what it was if
    // the kernel will resume it through restart_syscall.
    user_regs_struct r{};
    if (!was_in && rval == kRestartBlock && regs(t.pid, r)) {
      t.rec.restart_nr = r.orig_rax;
    }
    resume(t);
    return;
  }
  if (tampered != nullptr) {
    tamper_exit(t, *tampered, rval, is_error);
  }
  if (rval == kRestartBlock) {
    t.rec.restart_nr = t.rec.raw.nr;
  }
  t.shown = false;
  clock_gettime(CLOCK_MONOTONIC, &t.rec.exit_time);
  t.rec.rval = rval;
  t.rec.is_error = is_error;
  t.rec.has_exit = true;
  if (decode_args_) {
    fds_.set_tid(t.pid.value);
    decode::decode_exit(t.rec, t.mem, decode_opts_, decode_opts_.decode_fds != 0 ? &fds_ : nullptr);
  }
  if (summary_ != nullptr) {
    summary_exit(t);
  }
  bool shown = true;
  if (t.deferred) {
    // The whole line waited for this verdict; it is printed in one piece or not at all.
    t.deferred = false;
    shown = filter_.admits_exit(t.rec, scratch_text_);
    if (shown) {
      if (stack_ && !t.rec.stack.taken) {
        take_stack(t, false, t.rec.stack);
      }
      out_.sink().syscall_entry(subject(t), t.rec);
      out_.sink().syscall_exit(subject(t), t.rec);
      t.stack_unprinted = t.rec.stack.taken;
    } else {
      t.stack_unprinted = false;
    }
  } else {
    if (stack_ && !t.rec.stack.taken) {
      take_stack(t, false, t.rec.stack);
    }
    out_.sink().syscall_exit(subject(t), t.rec);
    t.stack_unprinted = t.rec.stack.taken;
  }
  show_pending_stack(t);
  if (shown && opts_.syscall_limit > 0 && ++shown_calls_ >= opts_.syscall_limit) {
    limit_reached_ = true;  // the loop lets everything go before the next stop
  }
  int sig = std::exchange(t.inject_exit_sig, 0);
  resume_after(t, tampered != nullptr ? tampered->delay_exit_ns : -1, sig);
}

void Tracer::vanish(Tracee& t) {
  if (t.in_syscall && t.shown) {
    if (!t.deferred) {
      out_.sink().syscall_vanished(subject(t), t.rec);
    } else if (filter_.admits_unfinished()) {
      out_.sink().syscall_entry(subject(t), t.rec);
      out_.sink().syscall_vanished(subject(t), t.rec);
    } else {
      t.stack_unprinted = false;  // the call is not shown, nor its stack
    }
  }
  t.in_syscall = false;
  t.shown = false;
  t.deferred = false;
  t.inject = nullptr;
  t.inject_exit_sig = 0;
  t.parked = false;
}

void Tracer::on_signal_stop(Tracee& t, int sig) {
  if (t.starting && sig == SIGCONT) {
    t.starting = false;
    resume(t, 0);  // cxtrace's own SIGCONT: the program never sees it
    return;
  }
  if (!t.hidden && filter_.signal_shown(sig)) {
    siginfo_t si{};
    scratch_.clear();
    if (siginfo(t.pid, si)) {
      decode::decode_siginfo(si, scratch_, opts_.pid_comm);
    }
    output::Subject s = subject_with_stack(t);
    out_.sink().signal(s, sig, scratch_);
    show_stop_stack(s);
  }
  resume(t, sig);
}

void Tracer::on_group_stop(Tracee& t, int sig) {
  if (t.hidden) {
    resume(t);  // the started program's own SIGSTOP before execve
    return;
  }
  output::Subject s = subject_with_stack(t);
  out_.sink().group_stop(s, sig);
  show_stop_stack(s);
  t.group_stopped = true;
  // Stay stopped, as the program would untraced, but keep reporting: SIGCONT or SIGKILL
  // ends the stop and the tracer sees it.
  if (!listen(t.pid)) {
    resume(t);
  }
}

void Tracer::on_event(Tracee& t, int event) {
  switch (event) {
    case PTRACE_EVENT_FORK:
    case PTRACE_EVENT_VFORK:
    case PTRACE_EVENT_CLONE: {
      unsigned long child = 0;
      if (event_msg(t.pid, child) && table_.find(Pid{static_cast<pid_t>(child)}) == nullptr) {
        pid_t kid = static_cast<pid_t>(child);
        bool all = opts_.follow_threads && opts_.follow_processes;
        if (all || wanted(event == PTRACE_EVENT_CLONE && tgid_of(kid) == tgid_of(t.pid.value))) {
          adopt(Pid{kid}, &t);
        } else if (auto it = unwanted_.find(kid); it != unwanted_.end()) {
          unwanted_.erase(it);  // already let go at its first stop
        } else {
          unwanted_[kid] = false;  // let go at its first stop
        }
      }
      resume(t);
      return;
    }
    case PTRACE_EVENT_EXEC:
      on_exec(t);
      return;
    case PTRACE_EVENT_SECCOMP:
      on_syscall_stop(t);  // the filter's stop is this call's entry
      return;
    case PTRACE_EVENT_EXIT:
      vanish(t);
      resume(t);
      return;
    default:
      // PTRACE_EVENT_STOP without a stopping signal: a new tracee's first stop, the end
      // of a PTRACE_LISTEN, or our PTRACE_INTERRUPT after attach.
      t.group_stopped = false;
      resume(t);
      return;
  }
}

void Tracer::on_exec(Tracee& leader) {
  unsigned long old = 0;
  Pid pid = leader.pid;
  Tracee* t = &leader;
  if (event_msg(pid, old) && static_cast<pid_t>(old) != pid.value) {
    // A thread other than the leader called execve: it now has the leader's tid, and the
    // old leader is gone without an exit of its own.
    if (table_.find(Pid{static_cast<pid_t>(old)}) != nullptr) {
      out_.sink().forget(subject(leader));
      // The old leader's entry goes; what cxtrace knows of the process stays with the pid:
      // if cxtrace started it, its exit status is still cxtrace's.
      bool started_by_us = leader.started_by_us;
      t = table_.rename(Pid{static_cast<pid_t>(old)}, pid);
      t->started_by_us = t->started_by_us || started_by_us;
      t->stream = out_.stream_for(pid.value);
      if (!opts_.quiet_superseded) {
        out_.sink().superseded(subject(*t), static_cast<pid_t>(old));
      }
    }
  }
  t->mem.reset(pid);
  t->hidden = false;
  load_comm(*t);  // execve renames the command
  if (stack_) {
    stack_->mappings_changed();
    stack_->forget(static_cast<pid_t>(old));
  }
  if (opts_.detach_on_execve) {
    if (t->pid != first_exec_) {
      release(*t);
      return;
    }
    first_exec_ = Pid{0};  // the started program's own execve: traced through
  }
  resume(*t);
}

void Tracer::on_gone(Tracee& t, WaitStatus status) {
  vanish(t);
  if (!t.hidden && !opts_.quiet_exit) {
    if (status.kind() == WaitStatus::Kind::exited) {
      out_.sink().exited(subject(t), status.exit_code());
    } else {
      out_.sink().killed(subject(t), status.fatal_signal(), status.core_dumped());
    }
  }
  // A stack taken at entry of a call that never returned (exit_group) follows the exit line.
  show_pending_stack(t);
  if (stack_) {
    stack_->forget(t.pid.value);
  }
  if (t.started_by_us) {
    started_status_ = status;
  }
  out_.sink().forget(subject(t));
  table_.remove(t.pid);
}

void Tracer::drop_vanished() {
  if (errno != ECHILD) {
    return;
  }
  std::vector<Pid> gone;
  table_.for_each([&](Tracee& t) {
    spdlog::debug("{} vanished without an exit status", t.pid.value);
    vanish(t);
    out_.sink().forget(subject(t));
    gone.push_back(t.pid);
  });
  for (Pid pid : gone) {
    table_.remove(pid);
  }
}

void Tracer::detach_all() {
  if (opts_.kill_on_exit) {
    return;  // PTRACE_O_EXITKILL: every tracee dies with cxtrace, nothing is let go
  }
  int sig = g_interrupted;
  // The program cxtrace started gets the signal that stopped cxtrace; attached processes
  // are left exactly as they were.
  if (started_.value != 0 && table_.find(started_) != nullptr) {
    kill(started_.value, sig);
  }
  std::vector<Pid> pending;
  table_.for_each([&](Tracee& t) {
    if (t.parked) {
      // Held by a delay: let it go on as if never held. At entry the real call runs, not the
      // injected one: cxtrace will not be there to write the injected result.
      if (t.in_syscall && t.inject != nullptr) {
        poke_user(t.pid, arch::kSyscallNrOffset, t.rec.raw.nr);
        t.inject = nullptr;
        t.parked_sig = 0;
      }
      unpark(t);
    }
    interrupt(t.pid);
    pending.push_back(t.pid);
  });
  while (!table_.empty()) {
    int raw = 0;
    pid_t pid = waitpid(-1, &raw, __WALL);
    if (pid < 0) {
      if (errno == EINTR) {
        continue;
      }
      drop_vanished();
      break;
    }
    Tracee* t = table_.find(Pid{pid});
    if (t == nullptr) {
      continue;
    }
    WaitStatus st(raw);
    if (st.kind() == WaitStatus::Kind::exited || st.kind() == WaitStatus::Kind::killed) {
      on_gone(*t, st);
      continue;
    }
    // A pending signal is handed back on detach, so the process still receives it.
    int inject = st.kind() == WaitStatus::Kind::signal_stop ? st.stop_signal() : 0;
    if (t->starting && inject == SIGCONT) {
      inject = 0;
    }
    out_.sink().detached(subject(*t));
    show_pending_stack(*t);
    detach(t->pid, inject);
    if (!opts_.quiet_attach) {
      out_.flush();
      fmt::print(stderr, "cxtrace: Process {} detached\n", pid);
    }
    if (t->started_by_us) {
      started_status_.reset();
    }
    out_.sink().forget(subject(*t));
    table_.remove(t->pid);
  }
}

}  // namespace cxtrace::trace
