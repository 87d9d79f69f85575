#include "filter/filter.h"

#include <limits.h>
#include <stdlib.h>
#include <unistd.h>

#include <fmt/core.h>

#include "decode/signals.h"
#include "table/syscall_table.h"

namespace cxtrace::filter {

namespace {

std::optional<StatusSet> parse_status(std::string_view expr, std::string& error) {
  bool invert = false;
  if (!expr.empty() && expr[0] == '!') {
    invert = true;
    expr.remove_prefix(1);
  }
  StatusSet s{false, false, false, false, false};
  size_t i = 0;
  while (i <= expr.size()) {
    size_t j = expr.find(',', i);
    if (j == std::string_view::npos) {
      j = expr.size();
    }
    std::string_view tok = expr.substr(i, j - i);
    if (tok == "all") {
      s = StatusSet{};
    } else if (tok == "none") {
    } else if (tok == "successful") {
      s.successful = true;
    } else if (tok == "failed") {
      s.failed = true;
    } else if (tok == "unfinished") {
      s.unfinished = true;
    } else if (tok == "unavailable") {
      s.unavailable = true;
    } else if (tok == "detached") {
      s.detached = true;
    } else {
      error = fmt::format("invalid status '{}' (expected successful, failed, unfinished, "
                          "unavailable, detached, all or none)", tok);
      return std::nullopt;
    }
    i = j + 1;
  }
  if (invert) {
    s = StatusSet{!s.successful, !s.failed, !s.unfinished, !s.unavailable, !s.detached};
  }
  return s;
}

bool parse_signals(std::string_view expr, bool (&out)[65], std::string& error) {
  bool invert = false;
  if (!expr.empty() && expr[0] == '!') {
    invert = true;
    expr.remove_prefix(1);
  }
  for (bool& b : out) {
    b = false;
  }
  size_t i = 0;
  while (i <= expr.size()) {
    size_t j = expr.find(',', i);
    if (j == std::string_view::npos) {
      j = expr.size();
    }
    std::string_view tok = expr.substr(i, j - i);
    if (tok == "all") {
      for (bool& b : out) {
        b = true;
      }
    } else if (tok != "none") {
      std::optional<int> sig = decode::signal_by_name(tok);
      if (!sig) {
        error = fmt::format("invalid signal '{}'", tok);
        return false;
      }
      out[*sig] = true;
    }
    i = j + 1;
  }
  if (invert) {
    for (bool& b : out) {
      b = !b;
    }
  }
  return true;
}

}  // namespace

std::optional<Filter> Filter::build(const cli::Options& opts, std::string& error) {
  Filter f;
  for (bool& b : f.signals_) {
    b = true;
  }
  f.style_.hex_strings = opts.hex_strings;
  if (!opts.trace_expr.empty()) {
    // As in strace 6.1, the last -e trace= is the one that counts.
    std::optional<SyscallSet> s = parse_syscall_list(opts.trace_expr.back(), error);
    if (!s) {
      error = fmt::format("-e trace={}: {}", opts.trace_expr.back(), error);
      return std::nullopt;
    }
    f.entry_set_ = std::move(*s);
  }
  if (opts.filename_only) {
    f.entry_set_.intersect(syscalls_with_paths());
  }
  if (opts.socketcall_only) {
    std::optional<SyscallSet> net = parse_syscall_token("%network", false, error);
    f.entry_set_.intersect(*net);
  }
  if (!opts.filters.empty()) {
    SyscallSet names = SyscallSet::none();
    for (const std::string& text : opts.filters) {
      std::optional<Pattern> p = parse_pattern(text, error);
      if (!p) {
        error = fmt::format("--filter '{}': {}", text, error);
        return std::nullopt;
      }
      names.add(p->names);
      f.patterns_need_exit_ |= !p->conds.empty();
      f.patterns_.push_back(std::move(*p));
    }
    f.entry_set_.intersect(names);
  }
  if (!opts.status_expr.empty()) {
    std::optional<StatusSet> s = parse_status(opts.status_expr.back(), error);
    if (!s) {
      error = fmt::format("-e status={}: {}", opts.status_expr.back(), error);
      return std::nullopt;
    }
    f.status_ = *s;
  }
  if (!opts.signal_expr.empty() && !parse_signals(opts.signal_expr.back(), f.signals_, error)) {
    error = fmt::format("-e signal={}: {}", opts.signal_expr.back(), error);
    return std::nullopt;
  }
  for (const std::string& p : opts.trace_paths) {
    f.paths_.push_back(p);
    char real[PATH_MAX];
    if (realpath(p.c_str(), real) != nullptr && p != real) {
      f.paths_.emplace_back(real);
    }
  }
  if (!number_set(opts.raw_expr, "raw", false, f.raw_, error) ||
      !number_set(opts.verbose_expr, "verbose", true, f.terse_, error)) {
    return std::nullopt;
  }
  f.deferred_ = f.patterns_need_exit_ || !f.status_.all();
  return f;
}

bool Filter::number_set(const std::vector<std::string>& exprs, std::string_view qualifier,
                        bool complement, std::vector<uint8_t>& out, std::string& error) {
  if (exprs.empty()) {
    return true;
  }
  // The last -e QUALIFIER= counts, as for trace=.
  std::optional<SyscallSet> s = parse_syscall_list(exprs.back(), error);
  if (!s) {
    error = fmt::format("-e {}={}: {}", qualifier, exprs.back(), error);
    return false;
  }
  uint64_t size = 0;
  for (const table::SyscallDesc& d : table::all_syscalls()) {
    size = std::max<uint64_t>(size, d.nr + 1);
  }
  out.assign(size, complement ? 1 : 0);
  for (uint64_t nr : s->numbers()) {
    if (out.size() <= nr) {
      out.resize(nr + 1, complement ? 1 : 0);
    }
    out[nr] = complement ? 0 : 1;
  }
  return true;
}

bool Filter::admits_paths(pid_t pid, const decode::Record& rec) const {
  if (paths_.empty()) {
    return true;
  }
  if (rec.desc == nullptr) {
    return false;
  }
  auto matches = [&](std::string_view s) {
    for (const std::string& p : paths_) {
      if (s == p) {
        return true;
      }
    }
    return false;
  };
  for (int i = 0; i < rec.desc->nargs; ++i) {
    table::ArgType t = rec.desc->args[i].type;
    if (t == table::ArgType::path && i < rec.nargs) {
      for (uint32_t k = rec.arg_begin[i]; k < rec.arg_begin[i + 1]; ++k) {
        if (rec.vals[k].kind == decode::Tok::str && matches(rec.vals.bytes(rec.vals[k]))) {
          return true;
        }
      }
    } else if (t == table::ArgType::fd || t == table::ArgType::dirfd) {
      // A descriptor touches the path if it is open on it; the kernel keeps that link
      // through dup, fork and exec.
      auto fd = static_cast<int32_t>(rec.raw.args[i]);
      if (fd < 0) {
        continue;
      }
      char link[PATH_MAX];
      std::string proc = fmt::format("/proc/{}/fd/{}", pid, fd);
      ssize_t n = readlink(proc.c_str(), link, sizeof link - 1);
      if (n > 0 && matches(std::string_view(link, static_cast<size_t>(n)))) {
        return true;
      }
    }
  }
  return false;
}

bool Filter::admits_exit(const decode::Record& rec, std::string& scratch) const {
  if (rec.is_error ? !status_.failed : !status_.successful) {
    return false;
  }
  return admits_conditions(rec, scratch);
}

bool Filter::admits_conditions(const decode::Record& rec, std::string& scratch) const {
  if (!patterns_need_exit_) {
    return true;
  }
  for (const Pattern& p : patterns_) {
    if (rec.desc != nullptr && p.names.contains(rec.raw.nr) &&
        conditions_hold(p, rec, style_, scratch)) {
      return true;
    }
  }
  return false;
}

}  // namespace cxtrace::filter
