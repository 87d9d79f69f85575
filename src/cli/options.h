// Everything the command line says, as plain data. The CLI layer fills it and checks it;
// the rest of cxtrace only reads it.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

#include "stats/summary_options.h"

namespace cxtrace::cli {

struct Options {
  // `--syscalls [PATTERN]`: list known syscalls instead of tracing; with --names and
  // --classes, only names, one a line (for scripts and shell completion).
  bool list_syscalls = false;
  std::string list_pattern;
  bool list_names = false;
  bool list_classes = false;

  // What to trace.
  std::vector<std::string> command;  // PROG ARGS…
  std::vector<pid_t> attach_pids;    // -p
  bool follow_forks = false;         // -f
  bool output_separately = false;    // -ff (with -o)

  // Where and how to print.
  std::string output;                // -o FILE or '|cmd'; empty: stderr
  bool append = false;               // -A
  int columns = 40;                  // -a
  // strace's default for a started program traced into a file: cxtrace ignores SIGINT,
  // SIGTERM, SIGHUP, SIGQUIT (the program gets them from the terminal and dies; cxtrace
  // reports it). Otherwise these signals make cxtrace detach and exit.
  bool ignore_fatal_signals = false;
  bool quiet_attach = false;         // -q, -e quiet=attach: no "Process N attached/detached"
  bool quiet_exit = false;           // -qq, -e quiet=exit: no "+++ exited with N +++"
  bool quiet_superseded = false;     // -e quiet=thread-execve
  int debug = 0;                     // -d
  size_t string_limit = 32;          // -s
  int hex_strings = 0;               // -x, -xx
  bool verbose = false;              // -v: structures in full
  bool raw_all = false;              // -X raw
  std::vector<std::string> raw_expr; // -e raw=SET
  std::vector<std::string> verbose_expr; // -e verbose=SET

  // Per-line decorations (src/output/text_sink): timestamps, syscall numbers, instruction
  // pointers, command names, argument names, types and addresses, constant style.
  enum class Clock { none, time, unix };
  Clock absolute_clock = Clock::none;  // -t, -ttt, --absolute-timestamps=format:
  int absolute_digits = 0;             // fraction digits: 0, 3, 6 (-tt), 9
  int relative_digits = -1;            // -r, --relative-timestamps: -1 off, else 0/3/6/9
  int duration_digits = -1;            // -T, --syscall-times: -1 off, else 0/3/6/9
  bool syscall_number = false;         // -n
  bool instruction_pointer = false;    // -i
  bool pid_comm = false;               // -Y, --decode-pids=comm
  bool always_show_pid = false;        // --always-show-pid
  enum class ConstStyle { abbrev, raw, verbose };
  ConstStyle const_style = ConstStyle::abbrev;  // -X
  bool arg_names = false;              // -N, --arg-names
  bool arg_types = false;              // --arg-types (implies names)
  bool arg_addresses = false;          // --arg-addresses

  // Output syntax and colour (src/output).
  enum class Format { text, json };
  Format format = Format::text;      // --json, --output-format=text|json
  enum class Color { auto_, always, never };
  Color color = Color::auto_;        // --color/--colour=auto|always|never

  // Descriptors and the data they carry (-y, -yy, --decode-fds, -e read=, -e write=).
  unsigned decode_fds = 0;           // details: 1 path, 2 socket, 4 dev, 8 pidfd (decode::kDecodeFd*)
  std::vector<int> read_fds;         // -e read=SET: dump what is read from these …
  bool read_fds_inverted = false;    // … or from all but these (`all`, `!3`)
  std::vector<int> write_fds;        // -e write=SET: the same for what is written
  bool write_fds_inverted = false;
  bool stack_trace = false;          // -k: the user-space stack after each syscall line

  // What to show (src/filter).
  std::vector<std::string> trace_expr;   // -e trace=, in order given (the last one counts)
  std::vector<std::string> status_expr;  // -e status=, -z, -Z
  std::vector<std::string> signal_expr;  // -e signal=
  std::vector<std::string> trace_paths;  // -P
  std::vector<std::string> filters;      // --filter patterns
  bool filename_only = false;            // --filename
  bool socketcall_only = false;          // --socketcall
  int seccomp = -1;                      // --seccomp-bpf 1, --no-seccomp-bpf 0, auto -1

  // Tampering (src/filter/inject.h): -e inject=, -e fault=, --inject, --fault as
  // "inject=SPEC" / "fault=SPEC" in the order given; --inject-filter PATTERN ACTIONS as pairs.
  std::vector<std::string> inject_expr;
  std::vector<std::string> inject_filters;

  // The syscall summary (src/stats).
  bool summary_only = false;             // -c: the table instead of the trace
  bool summary = false;                  // -C: the trace, then the table
  stats::SummaryOptions summary_opts;    // -S, -U, -w, --summary-latency, --summary-interval

  // Process control (src/trace/launch, daemonize, tree): how the program starts, what is
  // followed, when cxtrace lets go.
  std::vector<std::string> env_changes;  // -E VAR=VAL (set) or -E VAR (remove), in order
  std::string user;                      // -u USER or UID:GID; empty: as cxtrace runs
  std::string argv0;                     // --argv0: the program's argv[0]; empty: PROG
  bool detach_on_execve = false;         // -b execve
  int daemonize = 0;                     // -D 1 grandchild, -DD 2 pgroup, -DDD 3 session
  int interruptible = 2;                 // -I: 1 anywhere, 2 waiting, 3 never, 4 never_tstp
  long long syscall_limit = 0;           // --syscall-limit: detach after N shown calls; 0 off
  bool kill_on_exit = false;             // --kill-on-exit
  int busy_wait_us = 50;                 // --busy-wait: poll this long for a stop, then sleep
  bool follow_threads = true;            // --follow: which new tasks -f follows (both with -f)
  bool follow_processes = true;
  bool attach_tree = false;              // --tree: -p PID and every descendant it has
};

}  // namespace cxtrace::cli
