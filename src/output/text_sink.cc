#include "output/text_sink.h"

#include <algorithm>

#include <fmt/format.h>

#include "decode/errnos.h"
#include "decode/signals.h"
#include "output/output_file.h"

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
  st.col = (nl == std::string::npos) ? st.col + line_.size() : line_.size() - nl - 1;
  st.file->write(line_);
  st.open_owner = open ? s.key : 0;
  if (!open) {
    st.col = 0;
  }
  line_.clear();
}

void TextSink::begin_line(const Subject& s) {
  Stream& st = *s.stream;
  if (st.open_owner != 0) {
    st.file->write(" <unfinished ...>\n");
    st.open_owner = 0;
    st.col = 0;
  }
  switch (opts_.prefix) {
    case TextOptions::Prefix::pid_column:
      fmt::format_to(std::back_inserter(line_), "{:<5} ", s.pid);
      break;
    case TextOptions::Prefix::bracket_when_many:
      if (s.nprocs > 1) {
        fmt::format_to(std::back_inserter(line_), "[pid {:>5}] ", s.pid);
      }
      break;
    case TextOptions::Prefix::none:
      break;
  }
}

void TextSink::append_args(const decode::Record& rec, int from, int to) {
  int exit_first = rec.exit_sep ? rec.entry_args : -1;  // its ", " goes with the exit half
  for (int i = from; i < to; ++i) {
    if (i == exit_first && i == from && i > 0) {
      line_ += ", ";
    }
    render_tokens(rec.vals, rec.arg_begin[i], rec.arg_begin[i + 1], opts_.style, line_);
    if (i + 1 < std::max(rec.nargs, rec.total_args) && i + 1 != rec.joined_arg &&
        i + 1 != exit_first) {
      line_ += ", ";
    }
  }
}

void TextSink::syscall_entry(const Subject& s, const decode::Record& rec) {
  begin_line(s);
  append_syscall_name(rec, line_);
  line_ += '(';
  append_args(rec, 0, rec.entry_args);
  emit(s, true);
}

void TextSink::resume_line(const Subject& s, const decode::Record& rec) {
  if (s.stream->open_owner == s.key) {
    return;
  }
  begin_line(s);
  line_ += "<... ";
  append_syscall_name(rec, line_);
  line_ += " resumed>";
}

void TextSink::append_return(const decode::Record& rec) {
  if (rec.is_error) {
    int err = rec.err();
    std::string_view name = decode::errno_name(err);
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
    return;
  }
  using table::RetType;
  if (rec.raw_result || rec.ret_hex || (rec.desc != nullptr && rec.desc->ret == RetType::hex)) {
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
  }
  if (rec.ret_begin < rec.vals.size()) {
    line_ += " (";
    render_tokens(rec.vals, rec.ret_begin, rec.vals.size(), opts_.style, line_);
    line_ += ')';
  }
}

void TextSink::finish_call(const Subject& s, const decode::Record& rec, bool vanished) {
  if (!vanished) {
    append_args(rec, rec.entry_args, rec.nargs);
  }
  line_ += ") ";
  // Align ` = ` to the column, counting what is already on the line.
  size_t col = (s.stream->open_owner == s.key ? s.stream->col : 0) + line_.size();
  if (col < static_cast<size_t>(opts_.columns)) {
    line_.append(opts_.columns - col, ' ');
  }
  line_ += "= ";
  if (vanished) {
    line_ += '?';
  } else {
    append_return(rec);
  }
  line_ += '\n';
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
  if (name.empty()) {
    fmt::format_to(std::back_inserter(line_), "{}", sig);
  } else {
    line_ += name;
  }
  line_ += ' ';
  render_tokens(info, 0, info.size(), opts_.style, line_);
  line_ += " ---\n";
  emit(s, false);
}

void TextSink::group_stop(const Subject& s, int sig) {
  begin_line(s);
  fmt::format_to(std::back_inserter(line_), "--- stopped by {} ---\n", decode::signal_name(sig));
  emit(s, false);
}

void TextSink::exited(const Subject& s, int code) {
  begin_line(s);
  fmt::format_to(std::back_inserter(line_), "+++ exited with {} +++\n", code);
  emit(s, false);
}

void TextSink::killed(const Subject& s, int sig, bool core_dumped) {
  begin_line(s);
  fmt::format_to(std::back_inserter(line_), "+++ killed by {}{} +++\n", decode::signal_name(sig),
                 core_dumped ? " (core dumped)" : "");
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
