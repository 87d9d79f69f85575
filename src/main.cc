// cxtrace: trace system calls and signals, the way strace does. This file is the plan of a
// run, step by step; each step lives in its own module.
#include <signal.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cstdlib>
#include <ctime>
#include <memory>
#include <string>

#include <fmt/core.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "cli/parse.h"
#include "filter/filter.h"
#include "filter/inject.h"
#include "output/output.h"
#include "output/syscall_list.h"
#include "stats/summary.h"
#include "trace/launch.h"
#include "trace/tracer.h"

using namespace cxtrace;

namespace {

int fail(const std::string& msg) {
  fmt::print(stderr, "cxtrace: {}\n", msg);
  return 1;
}

// Ends cxtrace the way the program ended: the same exit code, or death by the same signal
// (without a core dump of cxtrace's own).
[[noreturn]] void exit_like(int code, int sig) {
  if (sig != 0) {
    rlimit no_core{0, 0};
    setrlimit(RLIMIT_CORE, &no_core);
    signal(sig, SIG_DFL);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, sig);
    sigprocmask(SIG_UNBLOCK, &set, nullptr);
    raise(sig);
  }
  std::exit(code);
}

}  // namespace

int main(int argc, char** argv) {
  // 1. The command line. A usage error ends here, before anything runs.
  cli::ParseResult parsed = cli::parse(argc, argv);
  if (!parsed.options) {
    return parsed.exit_status;
  }
  const cli::Options& opts = *parsed.options;

  // 2. cxtrace's own diagnostics go to stderr, and only with -d.
  spdlog::set_default_logger(spdlog::stderr_color_st("cxtrace"));
  spdlog::set_pattern("cxtrace: %l: %v");
  spdlog::set_level(opts.debug > 0 ? spdlog::level::debug : spdlog::level::warn);

  // 3. `--syscalls` lists what cxtrace knows (a table, or bare names for scripts) and ends here.
  if (opts.list_syscalls) {
    std::string err;
    std::optional<filter::SyscallSet> set =
        opts.list_pattern.empty() ? filter::SyscallSet::all()
                                  : filter::parse_syscall_token(opts.list_pattern, false, err);
    if (!set) {
      return fail(fmt::format("--syscalls {}: {}", opts.list_pattern, err));
    }
    if (!opts.list_names && !opts.list_classes) {
      output::print_syscall_list(*set, stdout);
    }
    if (opts.list_names) {
      output::print_syscall_names(*set, stdout);
    }
    if (opts.list_classes) {
      output::print_class_names(stdout);
    }
    return 0;
  }

  // 4. What to show. A bad expression is an error before anything runs.
  std::string error;
  std::optional<filter::Filter> filter = filter::Filter::build(opts, error);
  if (!filter) {
    return fail(error);
  }
  //    What to tamper with (-e inject=, -e fault=, --inject-filter), checked as strictly.
  std::optional<filter::Injector> injector = filter::Injector::build(opts, error);
  if (!injector) {
    return fail(error);
  }

  // 5. How the program starts: its environment (-E), its user (-u), its argv[0] (--argv0). A
  //    user that does not exist is an error before anything runs.
  std::optional<trace::Launch> launch = trace::Launch::prepare(opts, error);
  if (!launch) {
    return fail(error);
  }

  // 6. Where the trace goes. A file that cannot be opened is an error before the program
  //    starts.
  std::unique_ptr<output::Output> out = output::Output::open(opts, error);
  if (!out) {
    return fail(error);
  }

  // 7. What to trace: the processes to attach to, then the program to start.
  trace::Tracer tracer(opts, *filter, *out);
  tracer.set_launch(&*launch);
  //    With -c or -C the tracer also counts every call for the summary table.
  std::unique_ptr<stats::Summary> summary;
  if (opts.summary_only || opts.summary) {
    summary = std::make_unique<stats::Summary>(opts.summary_opts);
    tracer.set_summary(summary.get());
  }
  tracer.set_injector(&*injector);
  for (pid_t pid : opts.attach_pids) {
    if (!tracer.attach(pid, error)) {
      return fail(error);
    }
  }
  if (!opts.command.empty() && !tracer.start(opts.command, error)) {
    return fail(error);
  }

  // 8. Trace until every tracee is gone or cxtrace is told to stop.
  std::optional<trace::WaitStatus> status = tracer.run();
  if (summary) {
    timespec now{};
    clock_gettime(CLOCK_MONOTONIC, &now);
    out->write_block(summary->report(now, true));
  }
  out->close();

  // 9. Leave as the program left.
  if (int sig = tracer.interrupted_by(); sig != 0) {
    exit_like(0, sig);
  }
  if (!status) {
    return 0;
  }
  if (status->kind() == trace::WaitStatus::Kind::killed) {
    exit_like(0, status->fatal_signal());
  }
  return status->exit_code();
}
