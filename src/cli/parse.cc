#include "cli/parse.h"

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <cstdio>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include "cli/control.h"
#include "cli/help_formatter.h"
#include "stats/summary_options.h"

namespace cxtrace::cli {

namespace {

constexpr const char* kVersion = "0.1.0";

// Levenshtein distance, for "did you mean".
size_t distance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) {
    row[j] = j;
  }
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t prev = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t cur = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] == b[j - 1] ? 0 : 1)});
      prev = cur;
    }
  }
  return row[b.size()];
}

std::string closest_option(const CLI::App& app, std::string_view wrong) {
  std::string best;
  size_t best_d = SIZE_MAX;
  std::string_view key = wrong.substr(0, wrong.find('='));
  for (const CLI::Option* o : app.get_options()) {
    for (const std::string& n : o->get_lnames()) {
      std::string cand = "--" + n;
      size_t d = distance(key, cand);
      if (cand.rfind(key, 0) == 0 && key.size() > 2) {
        d = 0;  // a prefix of a real option
      }
      if (d < best_d) {
        best_d = d;
        best = cand;
      }
    }
  }
  return best_d <= std::max<size_t>(2, key.size() / 3) ? best : std::string();
}

int usage_error(const std::string& msg) {
  fmt::print(stderr, "cxtrace: {}\nTry 'cxtrace --help' for more information.\n", msg);
  return 1;
}

// -p accepts "1,2 3" and can be repeated.
bool parse_pids(const std::vector<std::string>& specs, std::vector<pid_t>& out, std::string& bad) {
  for (const std::string& spec : specs) {
    size_t i = 0;
    while (i < spec.size()) {
      size_t j = spec.find_first_of(", \t", i);
      if (j == std::string::npos) {
        j = spec.size();
      }
      std::string_view tok(spec.data() + i, j - i);
      if (!tok.empty()) {
        long v = 0;
        auto [p, ec] = std::from_chars(tok.data(), tok.data() + tok.size(), v);
        if (ec != std::errc() || p != tok.data() + tok.size() || v <= 0 || v > 0x7fffffff) {
          bad = std::string(tok);
          return false;
        }
        out.push_back(static_cast<pid_t>(v));
      }
      i = j + 1;
    }
  }
  return true;
}

// Calls `item` on each non-empty item of a comma list, until it returns false; returns
// whether every call returned true.
template <typename F>
bool for_each_item(std::string_view list, F&& item) {
  size_t i = 0;
  while (i <= list.size()) {
    size_t j = std::min(list.find(',', i), list.size());
    std::string_view tok = list.substr(i, j - i);
    i = j + 1;
    if (!tok.empty() && !item(tok)) {
      return false;
    }
  }
  return true;
}

// -e read=SET / -e write=SET: descriptor numbers, `all`, `none`, `!` for all but the SET. A
// later SET replaces an earlier one, as in strace.
bool parse_fd_set(const std::string& value, std::vector<int>& fds, bool& inverted,
                  std::string& error) {
  std::string_view v = value;
  bool invert = !v.empty() && v[0] == '!';
  if (invert) {
    v.remove_prefix(1);
  }
  std::vector<int> out;
  bool all = false;
  bool any = false;
  bool ok = for_each_item(v, [&](std::string_view tok) {
    any = true;
    if (tok == "all") {
      all = true;
      return true;
    }
    if (tok == "none") {
      return true;
    }
    int fd = -1;
    auto [p, ec] = std::from_chars(tok.data(), tok.data() + tok.size(), fd);
    if (ec != std::errc() || p != tok.data() + tok.size() || fd < 0) {
      error = fmt::format("invalid descriptor '{}'", tok);
      return false;
    }
    out.push_back(fd);
    return true;
  });
  if (!ok) {
    return false;
  }
  if (!any) {
    error = fmt::format("invalid descriptor '{}'", value);
    return false;
  }
  // `all` lists every descriptor: the same as all but none.
  if (all) {
    out.clear();
  }
  fds = std::move(out);
  inverted = invert != all;
  return true;
}

// --decode-fds=SET / -e decode-fds=SET: path, socket, dev, pidfd, all, none, `!` inverts.
bool parse_decode_fds(const std::string& value, unsigned& bits, std::string& error) {
  std::string_view v = value;
  bool invert = !v.empty() && v[0] == '!';
  if (invert) {
    v.remove_prefix(1);
  }
  unsigned out = 0;
  bool any = false;
  bool ok = for_each_item(v, [&](std::string_view tok) {
    any = true;
    if (tok == "path") {
      out |= 1;
    } else if (tok == "socket") {
      out |= 2;
    } else if (tok == "dev") {
      out |= 4;
    } else if (tok == "pidfd") {
      out |= 8;
    } else if (tok == "all") {
      out |= 15;
    } else if (tok != "none") {
      error = fmt::format("invalid decode-fds '{}' (expected path, socket, dev, pidfd, all or none)", tok);
      return false;
    }
    return true;
  });
  if (!ok) {
    return false;
  }
  if (!any) {
    error = fmt::format("invalid decode-fds '{}' (expected path, socket, dev, pidfd, all or none)", value);
    return false;
  }
  bits = invert ? (~out & 15) : out;
  return true;
}

// The descriptor qualifiers: -e read=SET, -e write=SET, -e decode-fds=SET. Returns false
// when `expr` is another qualifier; otherwise `error` is empty or says what is wrong.
bool apply_fd_qualifier(const std::string& expr, Options& o, bool& decode_fds_given,
                        std::string& error) {
  size_t eq = expr.find('=');
  if (eq == std::string::npos) {
    return false;
  }
  std::string name = expr.substr(0, eq);
  std::string value = expr.substr(eq + 1);
  if (name == "read" || name == "reads" || name == "r") {
    parse_fd_set(value, o.read_fds, o.read_fds_inverted, error);
  } else if (name == "write" || name == "writes" || name == "w") {
    parse_fd_set(value, o.write_fds, o.write_fds_inverted, error);
  } else if (name == "decode-fds" || name == "decode_fds") {
    decode_fds_given = true;
    parse_decode_fds(value, o.decode_fds, error);
  } else {
    return false;
  }
  return true;
}

// -e NAME=VALUE, strace's qualifying expressions.
bool apply_qualifier(const std::string& expr, Options& o, std::string& error) {
  size_t eq = expr.find('=');
  std::string name = eq == std::string::npos ? "trace" : expr.substr(0, eq);
  std::string value = eq == std::string::npos ? expr : expr.substr(eq + 1);
  if (name == "trace" || name == "t") {
    o.trace_expr.push_back(value);
  } else if (name == "raw" || name == "x") {
    o.raw_expr.push_back(value);
  } else if (name == "verbose" || name == "v") {
    o.verbose_expr.push_back(value);
  } else if (name == "status") {
    o.status_expr.push_back(value);
  } else if (name == "signal" || name == "signals" || name == "s") {
    o.signal_expr.push_back(value);
  } else if (name == "inject" || name == "fault") {
    // Collected with --inject and --fault in command-line order, after parsing.
  } else if (name == "quiet" || name == "silent" || name == "silence" || name == "q") {
    bool invert = !value.empty() && value[0] == '!';
    bool all = value == "all" || value == "!none";
    size_t i = invert ? 1 : 0;
    while (i <= value.size()) {
      size_t j = value.find(',', i);
      if (j == std::string::npos) {
        j = value.size();
      }
      std::string tok = value.substr(i, j - i);
      if (tok == "attach") {
        o.quiet_attach = !invert;
      } else if (tok == "exit") {
        o.quiet_exit = !invert;
      } else if (tok == "thread-execve" || tok == "superseded") {
        o.quiet_superseded = !invert;
      } else if (tok == "all" || tok == "none" || tok == "personality" || tok == "path-resolution") {
      } else {
        error = fmt::format("-e quiet: invalid value '{}' (expected attach, exit, path-resolution, "
                            "personality, thread-execve, all, none)", tok);
        return false;
      }
      i = j + 1;
    }
    if (all) {
      o.quiet_attach = o.quiet_exit = o.quiet_superseded = true;
    }
  } else {
    error = fmt::format("invalid -e qualifier '{}' (expected trace, status, signal, quiet, raw, "
                        "verbose, read, write, decode-fds, inject or fault)", name);
    return false;
  }
  return true;
}


// Timestamp precisions, as strace names them: s, ms, us, ns -> digits after the point.
int precision_digits(std::string_view p) {
  if (p == "s") {
    return 0;
  }
  if (p == "ms") {
    return 3;
  }
  if (p == "us") {
    return 6;
  }
  if (p == "ns") {
    return 9;
  }
  return -1;
}

// --absolute-timestamps=[[format:]FORMAT][,[precision:]PRECISION]...: later items win; a bare
// item is a format if it names one, else a precision. Empty means the default (time, s).
bool parse_absolute(std::string_view spec, Options& o) {
  o.absolute_clock = Options::Clock::time;
  o.absolute_digits = 0;
  size_t i = 0;
  while (i < spec.size()) {
    size_t j = spec.find(',', i);
    if (j == std::string_view::npos) {
      j = spec.size();
    }
    std::string_view item = spec.substr(i, j - i);
    bool want_format = true;
    bool want_precision = true;
    if (item.rfind("format:", 0) == 0) {
      item.remove_prefix(7);
      want_precision = false;
    } else if (item.rfind("precision:", 0) == 0) {
      item.remove_prefix(10);
      want_format = false;
    }
    if (want_format && item == "none") {
      o.absolute_clock = Options::Clock::none;
    } else if (want_format && item == "time") {
      o.absolute_clock = Options::Clock::time;
    } else if (want_format && item == "unix") {
      o.absolute_clock = Options::Clock::unix;
    } else if (int d = precision_digits(item); want_precision && d >= 0) {
      o.absolute_digits = d;
    } else if (!item.empty()) {
      return false;
    }
    i = j + 1;
  }
  return true;
}

}  // namespace

ParseResult parse(int argc, char** argv) {
  Options o;
  CLI::App app{"cxtrace: trace system calls and signals, the way strace does", "cxtrace"};
  app.prefix_command();
  app.set_help_flag();
  // Names in 32 columns, descriptions wrapped beside them: no line wider than 100.
  app.formatter(std::make_shared<HelpFormatter>(32, 100));

  std::vector<std::string> e_exprs;
  bool successful_only = false;
  bool failed_only = false;
  bool seccomp_on = false;
  bool seccomp_off = false;
  bool help = false;
  bool version = false;
  int follow = 0;
  bool output_separately = false;
  int quiet = 0;
  int hex = 0;
  std::vector<std::string> pid_specs;
  int decode_fds_y = 0;
  std::vector<std::string> decode_fds_sets;
  std::vector<std::string> read_sets;
  std::vector<std::string> write_sets;

  const char* tracing = "Tracing";
  const char* filtering = "Filtering";
  const char* output = "Output format";
  const char* misc = "Miscellaneous";

  // Process control: how the program starts, what is followed, when cxtrace lets go. The
  // values are checked after parsing (check_control).
  const char* startup = "Startup";
  Control control;
  app.add_option("-E,--env", o.env_changes,
                 "VAR=VAL: put VAR=VAL in the program's environment; VAR: remove VAR from it "
                 "(repeatable)")
      ->type_name("VAR[=VAL]")
      ->allow_extra_args(false)
      ->group(startup);
  app.add_option("-u,--user", o.user,
                 "run the program as USER (a name, or UID:GID), with that user's groups; "
                 "needs root")
      ->type_name("USER")
      ->group(startup);
  app.add_option("--argv0", o.argv0, "the program's argv[0] (PROG is still what is run)")
      ->type_name("NAME")
      ->group(startup);
  app.add_flag("-f,--follow-forks", follow,
               "follow forks, vforks and clones (threads); -ff: with -o, one file per process")
      ->group(tracing);
  app.add_flag("--output-separately", output_separately,
               "with -o FILE, write each process's trace to FILE.PID (same as -ff)")
      ->group(tracing);
  app.add_option("-p,--attach", pid_specs, "attach to process PID (repeatable; lists: 1,2 or '1 2')")
      ->type_name("PID")
      ->allow_extra_args(false)
      ->group(tracing);
  app.add_option("-b,--detach-on", control.detach_on,
                 "execve: let a process go when it calls execve (the new program runs "
                 "untraced; the started program's own execve is traced)")
      ->type_name("SYSCALL")
      ->group(tracing);
  app.add_flag("-D", control.daemonize_short,
               "run cxtrace as a detached grandchild, so PROG stays the child of who started "
               "it; -DD: also in its own process group; -DDD: in its own session")
      ->group(tracing);
  app.add_flag("--daemonize{grandchild},--daemonized{grandchild},--daemonised{grandchild}",
               control.daemonize_long, "HOW: grandchild (-D, the default), pgroup (-DD), session (-DDD)")
      ->option_text("[=HOW]")
      ->group(tracing);
  app.add_option("-I,--interruptible", control.interruptible,
                 "when SIGHUP, SIGINT, SIGQUIT, SIGTERM end cxtrace: 1|anywhere (at once), "
                 "2|waiting (between stops; default), 3|never (default with -o FILE PROG), "
                 "4|never_tstp (not ^Z either; default with -D)")
      ->type_name("WHEN")
      ->group(tracing);
  app.add_option("--busy-wait", control.busy_wait,
                 "poll for the next stop for up to USECS before sleeping: a CPU that sleeps "
                 "between stops is slow to wake (default 50; 0: always sleep)")
      ->type_name("USECS")
      ->group(tracing);
  app.add_option("--syscall-limit", control.syscall_limit,
                 "let every process go after N shown syscalls; the programs run on untraced")
      ->type_name("N")
      ->group(tracing);
  app.add_flag("--kill-on-exit", o.kill_on_exit,
               "kill every traced process when cxtrace exits or is interrupted, instead of "
               "letting it go (not with -p)")
      ->group(tracing);
  app.add_option("--follow", control.follow,
                 "which new tasks to trace: threads (of the traced processes), forks (new "
                 "processes, without their threads), all (= -f)")
      ->type_name("WHAT")
      ->group(tracing);
  app.add_flag("--tree", o.attach_tree,
               "with -p PID: also attach to every process PID has started that still runs, and "
               "follow new ones")
      ->group(tracing);

  app.add_option("-e", e_exprs,
                 "qualifying expression: trace=SET, status=SET, signal=SET, quiet=SET, raw=SET, "
                 "verbose=SET, read=SET, write=SET, decode-fds=SET, inject=SPEC, fault=SPEC (a "
                 "bare SET means trace=SET)")
      ->type_name("EXPR")
      ->allow_extra_args(false)
      ->group(filtering);
  app.add_option("--trace", o.trace_expr,
                 "trace only these syscalls: names, !negation, %class, /regex, ?name, all, none")
      ->type_name("SET")
      ->allow_extra_args(false)
      ->group(filtering);
  app.add_option("--status", o.status_expr,
                 "show only calls that ended so: successful, failed, unfinished, unavailable, detached")
      ->type_name("SET")
      ->allow_extra_args(false)
      ->group(filtering);
  app.add_option("--signal", o.signal_expr, "show only these signals")
      ->type_name("SET")
      ->allow_extra_args(false)
      ->group(filtering);
  app.add_flag("-z,--successful-only", successful_only, "show only calls that succeeded")
      ->group(filtering);
  app.add_flag("-Z,--failed-only", failed_only, "show only calls that failed")->group(filtering);
  app.add_option("-P,--trace-path", o.trace_paths, "show only calls that touch PATH (repeatable)")
      ->type_name("PATH")
      ->allow_extra_args(false)
      ->group(filtering);
  app.add_flag("--filename", o.filename_only, "show only calls with a path argument")
      ->group(filtering);
  app.add_flag("--socketcall", o.socketcall_only, "show only network calls (%network)")
      ->group(filtering);
  app.add_option("--filter", o.filters,
                 "show calls matching PATTERN: NAME[:COND,...] (see FILTER PATTERNS in the manual)")
      ->type_name("PATTERN")
      ->allow_extra_args(false)
      ->group(filtering);
  // Tampering (src/filter/inject.h).
  const char* tampering = "Tampering";
  std::vector<std::string> inject_specs;
  std::vector<std::string> fault_specs;
  app.add_option("--inject", inject_specs,
                 "tamper with the syscalls in SET (as -e inject=SPEC); SPEC: "
                 "SET:ACTION[:ACTION...], ACTION: error=ERRNO, retval=N, signal=SIG, "
                 "syscall=NAME, delay_enter=T, delay_exit=T, when=EXPR")
      ->type_name("SPEC")
      ->allow_extra_args(false)
      ->group(tampering);
  app.add_option("--fault", fault_specs,
                 "make the syscalls in SET fail, ENOSYS by default (as -e fault=SPEC); SPEC: "
                 "SET[:error=ERRNO][:when=EXPR]")
      ->type_name("SPEC")
      ->allow_extra_args(false)
      ->group(tampering);
  app.add_option("--inject-filter", o.inject_filters,
                 "tamper with the calls a --filter PATTERN matches (argument conditions are "
                 "decided at entry); ACTIONS as after -e inject=SET: (error=EACCES:when=2+)")
      ->type_name("PATTERN ACTIONS")
      ->expected(2)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)
      ->allow_extra_args(false)
      ->group(tampering);
  app.add_flag("--seccomp-bpf", seccomp_on,
               "stop only at selected syscalls (default: on when it is safe)")
      ->group(filtering);
  app.add_flag("--no-seccomp-bpf", seccomp_off, "stop at every syscall and filter in cxtrace")
      ->group(filtering);
  app.add_option("-o,--output", o.output, "write the trace to FILE, or pipe it to CMD with '|CMD'")
      ->type_name("FILE")
      ->group(output);
  app.add_flag("-A,--output-append-mode", o.append, "append to the -o file instead of truncating it")
      ->group(output);
  app.add_option("-a,--columns", o.columns, "align return values at COLUMN (default 40)")
      ->type_name("COLUMN")
      ->check(CLI::Range(0, 1 << 16))
      ->group(output);
  app.add_option("-s,--string-limit", o.string_limit, "print at most STRSIZE bytes of each string (default 32)")
      ->type_name("STRSIZE")
      ->check(CLI::Range(0, 1 << 30))
      ->group(output);
  app.add_flag("-v,--no-abbrev", o.verbose, "print structures and environments in full")
      ->group(output);
  app.add_flag("-x", hex, "print non-ASCII strings in hex; -xx: all strings in hex")->group(output);
  app.add_flag("-y", decode_fds_y,
               "print the paths of descriptors (3</etc/passwd>); -yy: also socket endpoints, "
               "device numbers and pidfd processes")
      ->group(output);
  app.add_option("--decode-fds", decode_fds_sets,
                 "what to show about descriptors: path, socket, dev, pidfd, all, none; !SET for "
                 "all but SET (without SET: path)")
      ->type_name("[SET]")
      ->expected(0, 1)
      ->allow_extra_args(false)
      ->group(output);
  app.add_option("--read", read_sets,
                 "dump in hex and ASCII the data read from the descriptors in SET (numbers, all, "
                 "none, !SET); same as -e read=SET")
      ->type_name("SET")
      ->allow_extra_args(false)
      ->group(output);
  app.add_option("--write", write_sets,
                 "dump in hex and ASCII the data written to the descriptors in SET; same as "
                 "-e write=SET")
      ->type_name("SET")
      ->allow_extra_args(false)
      ->group(output);
  app.add_flag("-k,--stack-trace,--stack-traces", o.stack_trace,
               "print the user-space stack (module, function, offsets) after each syscall and signal")
      ->group(output);
  app.add_flag("-q,--quiet", quiet,
               "suppress attach/detach messages; -qq: also exit status lines")
      ->group(output);
  // Per-line decorations: what comes before a line's body and around its arguments.
  int tflag = 0;
  int rflag = 0;
  int Tflag = 0;
  std::string absolute_spec;
  std::string relative_spec;
  std::string duration_spec;
  std::string const_style;
  std::string decode_pids;
  app.add_flag("-t", tflag,
               "prefix each line with the wall-clock time; -tt: with microseconds; -ttt: "
               "seconds since the epoch, with microseconds")
      ->group(output);
  app.add_flag("--absolute-timestamps{@},--timestamps{@}", absolute_spec,
               "the -t family's long form; SPEC: [[format:]time|unix|none]"
               "[,[precision:]s|ms|us|ns] (default time,s)")
      ->option_text("[=SPEC]")
      ->group(output);
  app.add_flag("-r", rflag, "prefix each line with the time since the previous line began (us)")
      ->group(output);
  app.add_flag("--relative-timestamps{us}", relative_spec,
               "-r with PRECISION: s, ms, us or ns (default us)")
      ->option_text("[=PRECISION]")
      ->group(output);
  app.add_flag("-T", Tflag, "show the time spent in each syscall, <0.000012> (us)")->group(output);
  app.add_flag("--syscall-times{us}", duration_spec,
               "-T with PRECISION: s, ms, us or ns (default us)")
      ->option_text("[=PRECISION]")
      ->group(output);
  app.add_flag("-n,--syscall-number", o.syscall_number, "prefix each line with the syscall number")
      ->group(output);
  app.add_flag("-i,--instruction-pointer", o.instruction_pointer,
               "prefix each line with the instruction pointer at the syscall")
      ->group(output);
  app.add_flag("-Y", o.pid_comm, "print command names beside pids: 1234<sh> (--decode-pids=comm)")
      ->group(output);
  app.add_option("--decode-pids", decode_pids, "comm: same as -Y")
      ->type_name("WHAT")
      ->group(output);
  app.add_flag("--always-show-pid", o.always_show_pid,
               "show the pid prefix on every line, even when only one process is traced")
      ->group(output);
  app.add_option("-X,--const-print-style", const_style,
               "print named constants as abbrev (names), raw (numbers) or verbose (both)")
      ->type_name("STYLE")
      ->group(output);
  app.add_flag("-N,--arg-names", o.arg_names, "name each argument: openat(dirfd=AT_FDCWD, ...)")
      ->group(output);
  app.add_flag("--arg-types", o.arg_types,
               "give each argument its C type and name, and the result its type: "
               "openat(int dirfd=AT_FDCWD, ...) = int 3")
      ->group(output);
  app.add_flag("--arg-addresses", o.arg_addresses,
               "show where each pointed-to argument is in the tracee: \"/etc/passwd\" at 0x7ffd...")
      ->group(output);

  // The syscall summary (-c and friends): the values are checked after parsing, below.
  const char* statistics = "Statistics";
  bool summary_wall_clock = false;
  std::string summary_sort;
  std::string summary_columns;
  std::string summary_interval;
  app.add_flag("-c,--summary-only", o.summary_only,
               "count time, calls and errors per syscall and print a summary table at the end "
               "instead of the trace")
      ->group(statistics);
  app.add_flag("-C,--summary", o.summary, "like -c, but also print the trace")->group(statistics);
  app.add_option("-S,--summary-sort-by", summary_sort,
                 "sort the summary by " + stats::sort_key_names() + " (default: time)")
      ->type_name("SORTBY")
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeLast)
      ->group(statistics);
  app.add_option("-U,--summary-columns", summary_columns,
                 "summary columns, comma-separated: " + stats::column_names())
      ->type_name("COLUMNS")
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeLast)
      ->group(statistics);
  app.add_flag("-w,--summary-wall-clock", summary_wall_clock,
               "summarise wall-clock time between entry and exit (default: system CPU time)")
      ->group(statistics);
  app.add_flag("--summary-latency", o.summary_opts.latency,
               "add p50, p99 and maximum wall-clock latency columns to the summary")
      ->group(statistics);
  app.add_option("--summary-interval", summary_interval,
                 "also print the summary every SECONDS while the program runs")
      ->type_name("SECONDS")
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeLast)
      ->group(statistics);

  // Output syntax and colour: --json / --output-format, --color / --colour.
  // CLI11 puts the option's name in front of the message.
  auto one_of = [](std::vector<std::string> allowed) {
    return CLI::Validator(
        [allowed](std::string& v) -> std::string {
          std::string names;
          for (const std::string& a : allowed) {
            if (v == a) {
              return {};
            }
            names += names.empty() ? a : fmt::format(", {}", a);
          }
          return fmt::format("invalid value '{}' (expected {})", v, names);
        },
        "");
  };
  app.add_flag_callback("--json", [&o] { o.format = Options::Format::json; },
                        "write the trace as JSON Lines, one object per event (see OUTPUT FORMAT "
                        "in the manual)")
      ->group(output);
  app.add_option_function<std::string>(
         "--output-format",
         [&o](const std::string& v) {
           o.format = v == "json" ? Options::Format::json : Options::Format::text;
         },
         "text (strace's lines, the default) or json (same as --json)")
      ->type_name("FORMAT")
      ->check(one_of({"text", "json"}))
      ->group(output);
  app.add_option_function<std::string>(
         "--color,--colour",
         [&o](const std::string& v) {
           o.color = v == "always"  ? Options::Color::always
                     : v == "never" ? Options::Color::never
                                    : Options::Color::auto_;
         },
         "colour the text trace: auto (the default: only on a terminal, never with NO_COLOR "
         "set or into -o files), always, never")
      ->type_name("WHEN")
      ->check(one_of({"auto", "always", "never"}))
      ->group(output);

  app.add_option("--syscalls", o.list_pattern,
                 "list the syscalls cxtrace knows (all, or those PATTERN selects: a name, "
                 "%class or /regex/) and exit")
      ->type_name("[PATTERN]")
      ->expected(0, 1)
      ->group(misc);
  app.add_flag("--names", o.list_names,
               "with --syscalls: print only the syscalls' names, one a line, sorted (for "
               "scripts and shell completion)")
      ->group(misc);
  app.add_flag("--classes", o.list_classes,
               "with --syscalls: print every %class -e trace= accepts, one a line (after the "
               "names with --names)")
      ->group(misc);
  app.add_flag("-d,--debug", o.debug, "print cxtrace's own debugging output on stderr")->group(misc);
  app.add_flag("-h,--help", help, "print this help and exit")->group(misc);
  app.add_flag("-V,--version", version, "print the version and exit")->group(misc);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    std::string msg = e.what();
    // CLI11 names an unknown option in its message; point to the closest real one. (A bad
    // value names its option too, but that option exists.)
    bool bad_value = dynamic_cast<const CLI::ValidationError*>(&e) != nullptr ||
                     dynamic_cast<const CLI::ConversionError*>(&e) != nullptr;
    for (int i = 1; i < argc && !bad_value; ++i) {
      std::string_view a = argv[i];
      if (a.size() > 2 && a.substr(0, 2) == "--" && msg.find(std::string(a)) != std::string::npos) {
        std::string near = closest_option(app, a);
        return {std::nullopt, usage_error(near.empty() ? fmt::format("unrecognized option '{}'", a)
                                                       : fmt::format("unrecognized option '{}' (did you mean '{}'?)", a, near))};
      }
    }
    return {std::nullopt, usage_error(msg)};
  }

  if (help) {
    fmt::print("{}", app.help());
    return {std::nullopt, 0};
  }
  if (version) {
    fmt::print("cxtrace -- version {}\n", kVersion);
    return {std::nullopt, 0};
  }

  o.list_syscalls = app.count("--syscalls") > 0;
  o.command = app.remaining();
  if (!o.command.empty() && o.command.front() == "--") {
    o.command.erase(o.command.begin());
  }
  if ((o.list_names || o.list_classes) && !o.list_syscalls) {
    return {std::nullopt, usage_error(fmt::format("{} goes with --syscalls",
                                                  o.list_names ? "--names" : "--classes"))};
  }
  if (o.list_syscalls) {
    // `--syscalls --names PATTERN`: a flag after --syscalls leaves its PATTERN behind.
    if (o.list_pattern.empty() && o.command.size() == 1) {
      o.list_pattern = o.command.front();
      o.command.clear();
    }
    if (!o.command.empty()) {
      return {std::nullopt, usage_error("--syscalls lists and exits: it takes one PATTERN and "
                                        "no program")};
    }
    return {std::move(o), 0};
  }
  // A bare `--decode-fds` takes no value (strace's --decode-fds[=SET]): a word after it that is
  // not a SET is the program to trace, which CLI11 took as the value.
  if (!decode_fds_sets.empty()) {
    const std::string& last = decode_fds_sets.back();
    unsigned bits = 0;
    std::string ignored;
    bool bare = false;
    for (int i = 1; i + 1 < argc; ++i) {
      bare = bare || (std::string_view(argv[i]) == "--decode-fds" && argv[i + 1] == last);
    }
    if (bare && !parse_decode_fds(last, bits, ignored)) {
      o.command.insert(o.command.begin(), last);
      decode_fds_sets.back() = "path";
    }
  }
  if (!o.command.empty() && o.command.front().size() > 1 && o.command.front()[0] == '-') {
    std::string near = closest_option(app, o.command.front());
    return {std::nullopt,
            usage_error(near.empty() ? fmt::format("unrecognized option '{}'", o.command.front())
                                     : fmt::format("unrecognized option '{}' (did you mean '{}'?)",
                                                   o.command.front(), near))};
  }
  std::string bad;
  if (!parse_pids(pid_specs, o.attach_pids, bad)) {
    return {std::nullopt, usage_error(fmt::format("invalid process id: '{}'", bad))};
  }
  o.follow_forks = follow >= 1;
  if (std::string error; !check_control(control, follow > 0, !app.remaining().empty(), o, error)) {
    fmt::print(stderr, "cxtrace: {}\n", error);
    return {std::nullopt, 1};
  }
  o.output_separately = follow >= 2 || output_separately;
  // strace: tracing a started program into a file implies -q.
  o.quiet_attach = quiet >= 1 || (!o.output.empty() && !app.remaining().empty());
  o.quiet_exit = quiet >= 2;
  // JSON has attach and detach events of its own: no text messages among its lines.
  o.quiet_attach = o.quiet_attach || o.format == Options::Format::json;
  // Descriptors: -y, -yy, --decode-fds, -e decode-fds=, and the dumps -e read=, -e write=.
  // A wrong value is one line and exit 1.
  {
    auto bad_value = [](const std::string& msg) {
      fmt::print(stderr, "cxtrace: {}\n", msg);
      return ParseResult{std::nullopt, 1};
    };
    std::string error;
    bool decode_fds_given = false;
    for (const std::string& s : read_sets) {
      if (!parse_fd_set(s, o.read_fds, o.read_fds_inverted, error)) {
        return bad_value("--read: " + error);
      }
    }
    for (const std::string& s : write_sets) {
      if (!parse_fd_set(s, o.write_fds, o.write_fds_inverted, error)) {
        return bad_value("--write: " + error);
      }
    }
    // A bare `--decode-fds` means paths, and the word after it, unless it is a SET, is the
    // program to trace (strace's --decode-fds[=SET]); CLI11 took it as the value.
    if (app.count("--decode-fds") > 0) {
      decode_fds_given = true;
      o.decode_fds = 1;
    }
    for (const std::string& s : decode_fds_sets) {
      if (!parse_decode_fds(s.empty() ? "path" : s, o.decode_fds, error)) {
        return bad_value("--decode-fds: " + error);
      }
    }
    for (const std::string& e : e_exprs) {
      if (apply_fd_qualifier(e, o, decode_fds_given, error) && !error.empty()) {
        return bad_value(fmt::format("-e {}: {}", e.substr(0, e.find('=')), error));
      }
    }
    if (decode_fds_y > 0 && decode_fds_given) {
      return bad_value("-y and --decode-fds cannot be provided simultaneously");
    }
    if (decode_fds_y > 0) {
      o.decode_fds = decode_fds_y == 1 ? 1 : 15;  // -y: paths; -yy: everything
    }
  }
  for (const std::string& e : e_exprs) {
    std::string error;
    bool decode_fds_given = false;
    if (apply_fd_qualifier(e, o, decode_fds_given, error)) {
      continue;
    }
    if (!apply_qualifier(e, o, error)) {
      return {std::nullopt, usage_error(error)};
    }
  }
  // Tampering rules, in the order given: a later rule replaces an earlier one for the calls
  // both select, as in strace.
  {
    size_t ei = 0;
    size_t ii = 0;
    size_t fi = 0;
    for (const CLI::Option* opt : app.parse_order()) {
      const std::string name = opt->get_name();
      if (name == "-e" && ei < e_exprs.size()) {
        const std::string& e = e_exprs[ei++];
        if (e.rfind("inject=", 0) == 0 || e.rfind("fault=", 0) == 0) {
          o.inject_expr.push_back(e);
        }
      } else if (name == "--inject" && ii < inject_specs.size()) {
        o.inject_expr.push_back("inject=" + inject_specs[ii++]);
      } else if (name == "--fault" && fi < fault_specs.size()) {
        o.inject_expr.push_back("fault=" + fault_specs[fi++]);
      }
    }
  }
  if (successful_only) {
    o.status_expr.push_back("successful");
  }
  if (failed_only) {
    o.status_expr.push_back("failed");
  }
  if (seccomp_on && seccomp_off) {
    return {std::nullopt, usage_error("--seccomp-bpf and --no-seccomp-bpf contradict each other")};
  }
  o.seccomp = seccomp_on ? 1 : seccomp_off ? 0 : -1;
  o.ignore_fatal_signals = o.interruptible >= 3;
  o.hex_strings = hex;
  // The summary's options: a wrong value is one line and exit 1, as strace's are.
  {
    auto bad_value = [](const std::string& msg) {
      fmt::print(stderr, "cxtrace: {}\n", msg);
      return ParseResult{std::nullopt, 1};
    };
    bool wanted = o.summary_only || o.summary;
    const char* need = "must be given with -c/--summary-only or -C/--summary";
    std::string error;
    if (o.summary_only && o.summary) {
      return bad_value("-c/--summary-only and -C/--summary are mutually exclusive");
    }
    if (o.stack_trace && o.summary_only) {
      // As strace: a warning, and the summary alone.
      fmt::print(stderr, "cxtrace: -k/--stack-trace has no effect with -c/--summary-only\n");
    }
    if (wanted && (follow >= 2 || output_separately)) {
      return bad_value("-c/--summary-only and -C/--summary cannot be used with -ff/--output-separately");
    }
    if (app.count("--summary-sort-by") > 0) {
      std::optional<stats::SortKey> key = stats::parse_sort_key(summary_sort, error);
      if (!key) {
        return bad_value(error);
      }
      o.summary_opts.sort = *key;
      if (!wanted) {
        fmt::print(stderr, "cxtrace: -S/--summary-sort-by has no effect without -c or -C\n");
      }
    }
    if (app.count("--summary-columns") > 0) {
      std::optional<std::vector<stats::Column>> cols = stats::parse_columns(summary_columns, error);
      if (!cols) {
        return bad_value(error);
      }
      if (!wanted) {
        return bad_value(fmt::format("-U/--summary-columns {}", need));
      }
      o.summary_opts.columns = std::move(*cols);
    }
    if (summary_wall_clock && !wanted) {
      return bad_value(fmt::format("-w/--summary-wall-clock {}", need));
    }
    o.summary_opts.wall_clock = summary_wall_clock;
    if (o.summary_opts.latency && !wanted) {
      return bad_value(fmt::format("--summary-latency {}", need));
    }
    if (app.count("--summary-interval") > 0) {
      char* end = nullptr;
      double secs = std::strtod(summary_interval.c_str(), &end);
      if (summary_interval.empty() || *end != '\0' || !(secs >= 0.001 && secs <= 1e6)) {
        return bad_value(fmt::format("--summary-interval: invalid value '{}' (expected seconds, "
                                     "from 0.001 to 1000000)", summary_interval));
      }
      if (!wanted) {
        return bad_value(fmt::format("--summary-interval {}", need));
      }
      o.summary_opts.interval_s = secs;
    }
  }
  // Per-line decorations. -r/--relative-timestamps and -T/--syscall-times: the last one given
  // counts, as in strace.
  if (tflag > 0 && app.count("--absolute-timestamps") > 0) {
    return {std::nullopt, usage_error("-t and --absolute-timestamps cannot be given together")};
  }
  if (tflag > 0) {
    o.absolute_clock = tflag >= 3 ? Options::Clock::unix : Options::Clock::time;
    o.absolute_digits = tflag >= 2 ? 6 : 0;
  } else if (app.count("--absolute-timestamps") > 0) {
    if (!parse_absolute(absolute_spec == "@" ? "" : absolute_spec, o)) {
      return {std::nullopt, usage_error(fmt::format(
                                "invalid --absolute-timestamps argument: '{}' (expected "
                                "[format:]time|unix|none and/or [precision:]s|ms|us|ns)",
                                absolute_spec))};
    }
  }
  for (const CLI::Option* opt : app.parse_order()) {
    std::string name = opt->get_name();
    if (name == "-r") {
      o.relative_digits = 6;
    } else if (name == "-T") {
      o.duration_digits = 6;
    } else if (name == "--relative-timestamps" || name == "--syscall-times") {
      const std::string& spec = name == "--syscall-times" ? duration_spec : relative_spec;
      int d = precision_digits(spec);
      if (d < 0) {
        return {std::nullopt, usage_error(fmt::format("invalid {} argument: '{}' (expected s, "
                                                      "ms, us or ns)", name, spec))};
      }
      (name == "-T" || name == "--syscall-times" ? o.duration_digits : o.relative_digits) = d;
    }
  }
  if (!decode_pids.empty()) {
    if (decode_pids != "comm") {
      return {std::nullopt, usage_error(fmt::format("invalid --decode-pids argument: '{}' "
                                                    "(expected comm)", decode_pids))};
    }
    o.pid_comm = true;
  }
  if (app.count("-X") > 0) {
    if (const_style == "abbrev") {
      o.const_style = Options::ConstStyle::abbrev;
    } else if (const_style == "raw") {
      o.const_style = Options::ConstStyle::raw;
    } else if (const_style == "verbose") {
      o.const_style = Options::ConstStyle::verbose;
    } else {
      return {std::nullopt, usage_error(fmt::format("invalid -X argument: '{}' (expected "
                                                    "abbrev, raw or verbose)", const_style))};
    }
  }
  o.arg_names = o.arg_names || o.arg_types;
  if (o.command.empty() && o.attach_pids.empty() && !o.list_syscalls) {
    return {std::nullopt, usage_error("must have PROG [ARGS] or -p PID")};
  }
  if (o.output_separately && o.output.empty()) {
    o.output_separately = false;  // like strace: -ff without -o is -f
  }
  return {std::move(o), 0};
}

}  // namespace cxtrace::cli
