#include "output/text_sink.h"

#include <algorithm>
#include <ctime>

#include <fmt/format.h>

#include "decode/errnos.h"
#include "decode/signals.h"
#include "output/output_file.h"
#include "output/text_dump.h"

namespace cxtrace::output {

void append_syscall_name(const decode::Record& rec, std::string& out) {
  if (rec.desc != nullptr && !rec.desc->name.empty()) {
    out += rec.desc->name;
  } else {
    fmt::format_to(std::back_inserter(out), "syscall_{:#x}", rec.raw.nr);
  }
}

void TextSink::emit(const Subject& s, bool open) {
  Stream& st = *s.stream;
  size_t nl = line_.rfind('\n');
  std::string_view last = nl == std::string::npos ? std::string_view(line_)
                                                   : std::string_view(line_).substr(nl + 1);
  size_t width = opts_.style.color ? visible_size(last) : last.size();
  st.col = (nl == std::string::npos) ? st.col + width : width;
  st.file->write(line_);
  st.open_owner = open ? s.key : 0;
  if (!open) {
    st.col = 0;
  }
  line_.clear();
}

namespace {

constexpr long kScale[] = {1'000'000'000, 100'000'000, 10'000'000, 1'000'000, 100'000,
                           10'000, 1'000, 100, 10, 1};

// `SECONDS.FRACTION` with `digits` after the point (none for 0), seconds `width` wide.
void append_seconds(std::string& out, long sec, long nsec, int digits, int width) {
  fmt::format_to(std::back_inserter(out), "{:>{}}", sec, width);
  if (digits > 0) {
    fmt::format_to(std::back_inserter(out), ".{:0{}}", nsec / kScale[digits], digits);
  }
}

timespec elapsed(const timespec& from, const timespec& to) {
  timespec d{to.tv_sec - from.tv_sec, to.tv_nsec - from.tv_nsec};
  if (d.tv_nsec < 0) {
    d.tv_nsec += 1'000'000'000;
    --d.tv_sec;
  }
  return d;
}

}  // namespace

void TextSink::append_decorations(const Subject& s, const decode::Record* rec) {
  if (opts_.clock != TextOptions::Clock::none) {
    timespec now{};
    clock_gettime(CLOCK_REALTIME, &now);
    if (opts_.clock == TextOptions::Clock::time) {
      tm local{};
      localtime_r(&now.tv_sec, &local);
      fmt::format_to(std::back_inserter(line_), "{:02}:{:02}:{:02}", local.tm_hour, local.tm_min,
                     local.tm_sec);
      if (opts_.clock_digits > 0) {
        fmt::format_to(std::back_inserter(line_), ".{:0{}}",
                       now.tv_nsec / kScale[opts_.clock_digits], opts_.clock_digits);
      }
    } else {
      append_seconds(line_, now.tv_sec, now.tv_nsec, opts_.clock_digits, 1);
    }
    line_ += ' ';
  }
  if (opts_.relative_digits >= 0) {
    // Measured from the beginning of the previous line of the whole trace, whichever
    // process it was about; the first line shows zero.
    timespec now{};
    clock_gettime(CLOCK_MONOTONIC, &now);
    if (!any_line_) {
      last_line_ = now;
      any_line_ = true;
    }
    timespec d = elapsed(last_line_, now);
    last_line_ = now;
    bool with_clock = opts_.clock != TextOptions::Clock::none;
    line_ += with_clock ? "(+" : "";
    append_seconds(line_, d.tv_sec, d.tv_nsec, opts_.relative_digits, 6);
    line_ += with_clock ? ") " : " ";
  }
  if (opts_.syscall_number) {
    fmt::format_to(std::back_inserter(line_), "[{:>4}] ", rec != nullptr ? rec->raw.nr : s.last_nr);
  }
  if (opts_.instruction_pointer) {
    if (rec != nullptr) {
      fmt::format_to(std::back_inserter(line_), "[{:016x}] ", rec->raw.ip);
    } else if (s.ip_known) {
      fmt::format_to(std::back_inserter(line_), "[{:016x}] ", s.ip);
    } else {
      line_ += "[????????????????] ";  // the thread is gone: no registers to read
    }
  }
}

void TextSink::append_arg_label(const decode::Record& rec, int i) {
  if (!opts_.arg_names || rec.desc == nullptr || i >= rec.desc->nargs) {
    return;
  }
  // A decoder that names its arguments itself (clone's `flags=…`) keeps its own names.
  if (rec.arg_begin[i] < rec.arg_begin[i + 1] && rec.vals[rec.arg_begin[i]].kind == decode::Tok::field) {
    return;
  }
  const table::ArgDesc& a = rec.desc->args[i];
  if (opts_.arg_types && !a.ctype.empty()) {
    line_ += a.ctype;
    if (a.ctype.back() != '*') {
      line_ += ' ';
    }
  }
  line_ += a.name;
  line_ += '=';
}

void TextSink::append_arg_address(const decode::Record& rec, int i) {
  if (!opts_.arg_addresses || i >= 6 || rec.arg_begin[i] >= rec.arg_begin[i + 1]) {
    return;
  }
  // Only values read from the tracee's memory have an address to show; a pointer printed as
  // a number (NULL, 0x7ffd…) already is one.
  const decode::Token& t = rec.vals[rec.arg_begin[i]];
  uint64_t addr = 0;
  if (t.kind == decode::Tok::str) {
    addr = t.value != 0 ? t.value : rec.raw.args[i];
  } else if (t.kind == decode::Tok::struct_begin || t.kind == decode::Tok::array_begin) {
    bool pointer = rec.desc == nullptr || i >= rec.desc->nargs ||
                   rec.desc->args[i].ctype.find('*') != std::string_view::npos;
    addr = pointer ? rec.raw.args[i] : 0;
  }
  if (addr != 0) {
    fmt::format_to(std::back_inserter(line_), " at {:#x}", addr);
  }
}

void TextSink::begin_line(const Subject& s, const decode::Record* rec) {
  Stream& st = *s.stream;
  if (st.open_owner != 0) {
    st.file->write(" <unfinished ...>\n");
    st.open_owner = 0;
    st.col = 0;
  }
  // With -Y the command name follows the pid: `1234<sh> ` (no padding), `[pid  1234<sh>] `.
  bool comm = opts_.pid_comm && !s.comm.empty();
  switch (opts_.prefix) {
    case TextOptions::Prefix::pid_column:
      if (comm) {
        fmt::format_to(std::back_inserter(line_), "{}<{}> ", s.pid, s.comm);
      } else {
        fmt::format_to(std::back_inserter(line_), "{:<5} ", s.pid);
      }
      break;
    case TextOptions::Prefix::bracket_when_many:
      if (s.nprocs > 1 || opts_.always_show_pid) {
        fmt::format_to(std::back_inserter(line_), "[pid {:>5}", s.pid);
        if (comm) {
          fmt::format_to(std::back_inserter(line_), "<{}>", s.comm);
        }
        line_ += "] ";
      }
      break;
    case TextOptions::Prefix::none:
      break;
  }
  append_decorations(s, rec);
}

void TextSink::append_args(const decode::Record& rec, int from, int to) {
  int exit_first = rec.exit_sep ? rec.entry_args : -1;  // its ", " goes with the exit half
  for (int i = from; i < to; ++i) {
    if (i == exit_first && i == from && i > 0) {
      line_ += ", ";
    }
    append_arg_label(rec, i);
    render_tokens(rec.vals, rec.arg_begin[i], rec.arg_begin[i + 1], opts_.style, line_);
    append_arg_address(rec, i);
    if (i + 1 < std::max(rec.nargs, rec.total_args) && i + 1 != rec.joined_arg &&
        i + 1 != exit_first) {
      line_ += ", ";
    }
  }
}

void TextSink::syscall_entry(const Subject& s, const decode::Record& rec) {
  begin_line(s, &rec);
  paint(opts_.style, color::kName, line_);
  append_syscall_name(rec, line_);
  paint_end(opts_.style, line_);
  line_ += '(';
  append_args(rec, 0, rec.entry_args);
  emit(s, true);
}

void TextSink::resume_line(const Subject& s, const decode::Record& rec) {
  if (s.stream->open_owner == s.key) {
    return;
  }
  begin_line(s, &rec);
  line_ += "<... ";
  paint(opts_.style, color::kName, line_);
  append_syscall_name(rec, line_);
  paint_end(opts_.style, line_);
  line_ += " resumed>";
}

void TextSink::append_return(const decode::Record& rec) {
  if (rec.is_error) {
    int err = rec.err();
    std::string_view name = decode::errno_name(err);
    paint(opts_.style, color::kError, line_);
    if (decode::is_restart_errno(err)) {
      line_ += "? ";
    } else {
      line_ += "-1 ";
    }
    if (name.empty()) {
      fmt::format_to(std::back_inserter(line_), "{}", err);
    } else {
      line_ += name;
    }
    fmt::format_to(std::back_inserter(line_), " ({})", decode::errno_message(err));
    paint_end(opts_.style, line_);
    return;
  }
  using table::RetType;
  size_t decoration_end = rec.vals.size();
  paint(opts_.style, color::kNumber, line_);
  if (rec.ret_fd < rec.vals.size()) {
    render_tokens(rec.vals, rec.ret_fd, rec.ret_fd + 1, opts_.style, line_);  // 3</etc/passwd>
    decoration_end = rec.ret_fd;
  } else if (rec.raw_result || rec.ret_hex || (rec.desc != nullptr && rec.desc->ret == RetType::hex)) {
    // printf's %#lx: zero is plain 0.
    if (rec.rval == 0) {
      line_ += '0';
    } else {
      fmt::format_to(std::back_inserter(line_), "{:#x}", static_cast<uint64_t>(rec.rval));
    }
  } else if (rec.desc != nullptr && rec.desc->ret == RetType::umask) {
    // The previous mask in octal, at least three digits: `000`, `022`.
    fmt::format_to(std::back_inserter(line_), "{:03o}", static_cast<uint64_t>(rec.rval));
  } else {
    fmt::format_to(std::back_inserter(line_), "{}", rec.rval);
    if (!rec.ret_comm.empty()) {
      line_ += '<';
      line_ += rec.ret_comm;
      line_ += '>';
    }
  }
  paint_end(opts_.style, line_);
  bool hidden = rec.ret_raw_hidden && opts_.style.consts == TextStyle::Consts::raw;
  if (rec.ret_begin < decoration_end && !hidden) {
    line_ += " (";
    // What the result means stays in names under every -X style, as in strace, unless the
    // decoder made it with the flag printers (`(flags 0x1)`).
    TextStyle named = opts_.style;
    if (!rec.ret_styled) {
      named.consts = TextStyle::Consts::abbrev;
    }
    render_tokens(rec.vals, rec.ret_begin, decoration_end, named, line_);
    line_ += ')';
  }
}

void TextSink::finish_call(const Subject& s, const decode::Record& rec, bool vanished) {
  if (!vanished) {
    append_args(rec, rec.entry_args, rec.nargs);
  }
  line_ += ") ";
  // Align ` = ` to the column, counting what is already on the line.
  size_t col = (s.stream->open_owner == s.key ? s.stream->col : 0) +
               (opts_.style.color ? visible_size(line_) : line_.size());
  if (col < static_cast<size_t>(opts_.columns)) {
    line_.append(opts_.columns - col, ' ');
  }
  line_ += "= ";
  if (vanished) {
    line_ += '?';
  } else {
    if (opts_.arg_types && rec.desc != nullptr && !rec.desc->ret_ctype.empty()) {
      line_ += rec.desc->ret_ctype;
      if (rec.desc->ret_ctype.back() != '*') {
        line_ += ' ';
      }
    }
    append_return(rec);
    if (rec.injected) {
      line_ += " (INJECTED)";
    }
    if (rec.delayed) {
      line_ += " (DELAYED)";
    }
    if (opts_.duration_digits >= 0) {
      timespec d = elapsed(rec.entry_time, rec.exit_time);
      line_ += " <";
      append_seconds(line_, d.tv_sec, d.tv_nsec, opts_.duration_digits, 1);
      line_ += '>';
    }
  }
  line_ += '\n';
  if (!vanished) {
    append_dump(rec, line_);  // -e read=, -e write=
  }
  emit(s, false);
}

void TextSink::syscall_exit(const Subject& s, const decode::Record& rec) {
  resume_line(s, rec);
  finish_call(s, rec, false);
}

void TextSink::syscall_vanished(const Subject& s, const decode::Record& rec) {
  resume_line(s, rec);
  finish_call(s, rec, true);
}

void TextSink::signal(const Subject& s, int sig, const decode::Values& info) {
  begin_line(s);
  line_ += "--- ";
  std::string_view name = decode::signal_name(sig);
  paint(opts_.style, color::kSignal, line_);
  if (name.empty()) {
    fmt::format_to(std::back_inserter(line_), "{}", sig);
  } else {
    line_ += name;
  }
  paint_end(opts_.style, line_);
  line_ += ' ';
  render_tokens(info, 0, info.size(), opts_.style, line_);
  line_ += " ---\n";
  emit(s, false);
}

void TextSink::group_stop(const Subject& s, int sig) {
  begin_line(s);
  line_ += "--- stopped by ";
  paint(opts_.style, color::kSignal, line_);
  line_ += decode::signal_name(sig);
  paint_end(opts_.style, line_);
  line_ += " ---\n";
  emit(s, false);
}

void TextSink::exited(const Subject& s, int code) {
  begin_line(s);
  fmt::format_to(std::back_inserter(line_), "+++ exited with {} +++\n", code);
  emit(s, false);
}

void TextSink::killed(const Subject& s, int sig, bool core_dumped) {
  begin_line(s);
  line_ += "+++ killed by ";
  paint(opts_.style, color::kSignal, line_);
  line_ += decode::signal_name(sig);
  paint_end(opts_.style, line_);
  line_ += core_dumped ? " (core dumped) +++\n" : " +++\n";
  emit(s, false);
}

void TextSink::superseded(const Subject& s, pid_t old_tid) {
  begin_line(s);
  fmt::format_to(std::back_inserter(line_), "+++ superseded by execve in pid {} +++\n", old_tid);
  emit(s, false);
}

void TextSink::detached(const Subject& s) {
  Stream& st = *s.stream;
  if (st.open_owner == s.key) {
    st.file->write(" <detached ...>\n");
    st.open_owner = 0;
    st.col = 0;
  }
}

void TextSink::forget(const Subject& s) {
  Stream& st = *s.stream;
  if (st.open_owner == s.key) {
    st.file->write(" <unfinished ...>\n");
    st.open_owner = 0;
    st.col = 0;
  }
}

}  // namespace cxtrace::output

namespace cxtrace::output {

// One line a frame, as glibc's backtrace_symbols lays them out, after strace:
//   ` > /usr/lib/x86_64-linux-gnu/libc.so.6(__write+0x14) [0xf8354]`
// The bracketed number is the offset into the module's file. A frame without a symbol shows
// `module() [0x…]`, or `module(+0x0) [0x…]` when the stack was taken at the call's entry
// (strace formats the two cases in different places and they differ so). A walk that ended
// early says why, with the address where it stopped if there is one.
void TextSink::stack_trace(const Subject& s, const stack::StackTrace& st) {
  Stream& stream = *s.stream;
  if (stream.open_owner != 0) {
    stream.file->write(" <unfinished ...>\n");
    stream.open_owner = 0;
    stream.col = 0;
  }
  auto out = std::back_inserter(line_);
  for (const stack::StackFrame& f : st.frames) {
    if (!f.error.empty()) {
      if (f.error_address != 0) {
        fmt::format_to(out, " > {} [{:#x}]\n", f.error, f.error_address);
      } else {
        fmt::format_to(out, " > {}\n", f.error);
      }
    } else if (f.has_symbol) {
      fmt::format_to(out, " > {}({}+{:#x}) [{:#x}]\n", f.module, f.symbol, f.symbol_offset,
                     f.module_offset);
    } else if (st.at_entry) {
      fmt::format_to(out, " > {}(+0x0) [{:#x}]\n", f.module, f.module_offset);
    } else {
      fmt::format_to(out, " > {}() [{:#x}]\n", f.module, f.module_offset);
    }
  }
  if (!line_.empty()) {
    emit(s, false);
  }
}

}  // namespace cxtrace::output
