#include "output/json_sink.h"

#include <iterator>

#include <fmt/format.h>

#include "decode/errnos.h"
#include "decode/signals.h"
#include "output/json_format.h"
#include "output/output_file.h"
#include "output/syscall_list.h"
#include "output/text_sink.h"

namespace cxtrace::output {

namespace {

timespec now() {
  timespec ts{};
  clock_gettime(CLOCK_REALTIME, &ts);
  return ts;
}

bool is_set(const timespec& ts) { return ts.tv_sec != 0 || ts.tv_nsec != 0; }

// The wall-clock time of a CLOCK_MONOTONIC reading (the tracer stamps calls with the
// monotonic clock, which never jumps): now's wall clock minus how long ago it was.
timespec wall_time(const timespec& mono) {
  timespec mono_now{};
  clock_gettime(CLOCK_MONOTONIC, &mono_now);
  int64_t ago = (static_cast<int64_t>(mono_now.tv_sec) - mono.tv_sec) * 1'000'000'000 +
                (mono_now.tv_nsec - mono.tv_nsec);
  timespec w = now();
  int64_t ns = static_cast<int64_t>(w.tv_sec) * 1'000'000'000 + w.tv_nsec - ago;
  return timespec{static_cast<time_t>(ns / 1'000'000'000), static_cast<long>(ns % 1'000'000'000)};
}

// Seconds since the epoch with microseconds: a plain JSON number, as `-ttt` shows it.
void append_time(const timespec& ts, std::string& out) {
  fmt::format_to(std::back_inserter(out), "{}.{:06}", ts.tv_sec, ts.tv_nsec / 1000);
}

}  // namespace

void JsonSink::begin(const Subject& s, std::string_view event, const timespec& when) {
  line_.clear();
  line_ += "{\"event\":\"";
  line_ += event;
  fmt::format_to(std::back_inserter(line_), "\",\"pid\":{},\"time\":", s.pid);
  append_time(when, line_);
}

void JsonSink::end(const Subject& s) {
  line_ += "}\n";
  s.stream->file->write(line_);
}

void JsonSink::append_signal(int sig) {
  std::string_view name = decode::signal_name(sig);
  if (name.empty()) {
    fmt::format_to(std::back_inserter(line_), "{{\"name\":null,\"value\":{}}}", sig);
  } else {
    json_symbol(name, static_cast<uint64_t>(sig), line_);
  }
}

void JsonSink::append_stack(const stack::StackTrace& st) {
  line_ += ",\"stack\":[";
  bool first = true;
  for (const stack::StackFrame& f : st.frames) {
    line_ += first ? "{" : ",{";
    first = false;
    if (!f.error.empty()) {
      // Where and why the walk ended early, as the text's ` > unexpected_backtracing_error`.
      line_ += "\"error\":";
      json_string(f.error, line_);
      if (f.error_address != 0) {
        line_ += ",\"address\":";
        json_address(f.error_address, line_);
      }
    } else {
      line_ += "\"module\":";
      json_string(f.module, line_);
      if (f.has_symbol) {
        line_ += ",\"function\":";
        json_string(f.symbol, line_);
        line_ += ",\"offset\":";
        json_address(f.symbol_offset, line_);
      }
      line_ += ",\"module_offset\":";
      json_address(f.module_offset, line_);
    }
    line_ += '}';
  }
  line_ += ']';
}

void JsonSink::append_args(const decode::Record& rec) {
  line_ += ",\"args\":[";
  const table::SyscallDesc* d = rec.desc;
  int k = 0;  // position among the arguments written
  for (int i = 0; i < rec.nargs; ++i) {
    if (i > 0 && i == rec.joined_arg) {
      continue;  // rendered with the argument before it, as its "out" half
    }
    size_t begin = rec.arg_begin[i];
    size_t end = rec.arg_begin[i + 1];
    if (i + 1 == rec.joined_arg && i + 2 <= rec.nargs) {
      end = rec.arg_begin[i + 2];
    }
    // Irregular decoders name their arguments themselves (`child_stack=NULL`), in their
    // own order: the table's argument is the one of that name, or the one whose name the
    // printed name contains (strace's child_tidptr is the table's child_tid). The table
    // gives the other arguments their names by position.
    int di = k;
    std::string_view name;
    if (begin < end && rec.vals[begin].kind == decode::Tok::field) {
      name = rec.vals[begin].name;
      ++begin;
      di = -1;
      for (int j = 0; d != nullptr && j < d->nargs; ++j) {
        std::string_view n = d->args[j].name;
        if (n == name) {
          di = j;
          break;
        }
        bool longer = di < 0 || n.size() > d->args[di].name.size();
        if (name.find(n) != std::string_view::npos && longer) {
          di = j;
        }
      }
    } else if (d != nullptr && di < d->nargs) {
      name = d->args[di].name;
    }
    if (k > 0) {
      line_ += ',';
    }
    line_ += "{\"name\":";
    if (name.empty()) {
      fmt::format_to(std::back_inserter(line_), "\"arg{}\"", k);
    } else {
      json_string(name, line_);
    }
    line_ += ",\"type\":";
    bool known = d != nullptr && di >= 0 && di < d->nargs;
    json_string(known ? d->args[di].ctype : std::string_view("unsigned long"), line_);
    line_ += ",\"value\":";
    bool truncated = render_json(rec.vals, begin, end, line_);
    if (di >= 0 && di < static_cast<int>(rec.raw.args.size())) {
      line_ += ",\"raw\":";
      json_address(rec.raw.args[di], line_);
    }
    if (truncated) {
      line_ += ",\"truncated\":true";
    }
    line_ += '}';
    ++k;
  }
  line_ += ']';
}

void JsonSink::append_result(const decode::Record& rec) {
  if (rec.is_error) {
    int err = rec.err();
    // A restart code never reaches the program: the call will run again, there is no result.
    line_ += decode::is_restart_errno(err) ? ",\"ret\":null" : ",\"ret\":-1";
    line_ += ",\"errno\":{\"name\":";
    std::string_view name = decode::errno_name(err);
    if (name.empty()) {
      line_ += "null";
    } else {
      json_string(name, line_);
    }
    fmt::format_to(std::back_inserter(line_), ",\"value\":{},\"message\":", err);
    json_string(decode::errno_message(err), line_);
    line_ += '}';
  } else if (rec.desc != nullptr && rec.desc->ret == table::RetType::hex && !rec.raw_result) {
    line_ += ",\"ret\":";
    json_address(static_cast<uint64_t>(rec.rval), line_);
  } else {
    fmt::format_to(std::back_inserter(line_), ",\"ret\":{}", rec.rval);
  }
  // The decoration, then with -y/-yy the descriptor the result is (its own token, last).
  size_t decoration_end = rec.ret_fd < rec.vals.size() ? rec.ret_fd : rec.vals.size();
  if (rec.ret_begin < decoration_end) {
    line_ += ",\"ret_info\":";
    render_json(rec.vals, rec.ret_begin, decoration_end, line_);
  }
  if (rec.ret_fd < rec.vals.size() && rec.vals[rec.ret_fd].len != 0) {
    line_ += ",\"ret_fd\":";
    render_json(rec.vals, rec.ret_fd, rec.ret_fd + 1, line_);
  }
}

void JsonSink::write_syscall(const Subject& s, const decode::Record& rec, bool returned,
                             bool detached) {
  timespec entry = is_set(rec.entry_time) ? rec.entry_time : timespec{};
  begin(s, "syscall", is_set(entry) ? wall_time(entry) : now());
  line_ += ",\"syscall\":\"";
  append_syscall_name(rec, line_);
  fmt::format_to(std::back_inserter(line_), "\",\"nr\":{},\"classes\":[", rec.raw.nr);
  if (rec.desc != nullptr) {
    bool first = true;
    for (unsigned bit = 0; bit < 32; ++bit) {
      std::string_view c = class_name(bit);
      if ((rec.desc->classes & (1u << bit)) != 0 && !c.empty()) {
        line_ += first ? "\"" : ",\"";
        line_ += c;
        line_ += '"';
        first = false;
      }
    }
  }
  line_ += ']';
  append_args(rec);
  line_ += returned ? ",\"returned\":true" : ",\"returned\":false,\"ret\":null";
  if (returned) {
    append_result(rec);
    // Both stamps are monotonic; a call without them (cxtrace attached inside it) has none.
    int64_t ns = 0;
    if (is_set(entry) && is_set(rec.exit_time)) {
      ns = (static_cast<int64_t>(rec.exit_time.tv_sec) - entry.tv_sec) * 1'000'000'000 +
           (rec.exit_time.tv_nsec - entry.tv_nsec);
    }
    if (ns < 0) {
      ns = 0;
    }
    fmt::format_to(std::back_inserter(line_), ",\"duration\":{}.{:06}", ns / 1'000'000'000,
                   (ns % 1'000'000'000) / 1000);
  }
  if (detached) {
    line_ += ",\"detached\":true";
  }
  if (rec.stack.taken) {
    append_stack(rec.stack);
  }
  end(s);
}

void JsonSink::syscall_entry(const Subject& s, const decode::Record& rec) { open_[s.key] = &rec; }

void JsonSink::syscall_exit(const Subject& s, const decode::Record& rec) {
  open_[s.key] = nullptr;
  write_syscall(s, rec, true, false);
}

void JsonSink::syscall_vanished(const Subject& s, const decode::Record& rec) {
  open_[s.key] = nullptr;
  write_syscall(s, rec, false, false);
}

void JsonSink::signal(const Subject& s, int sig, const decode::Values& info) {
  begin(s, "signal", now());
  line_ += ",\"signal\":";
  append_signal(sig);
  line_ += ",\"siginfo\":";
  render_json(info, 0, info.size(), line_);
  if (s.stack != nullptr) {
    append_stack(*s.stack);
  }
  end(s);
}

void JsonSink::group_stop(const Subject& s, int sig) {
  begin(s, "stop", now());
  line_ += ",\"signal\":";
  append_signal(sig);
  if (s.stack != nullptr) {
    append_stack(*s.stack);
  }
  end(s);
}

void JsonSink::exited(const Subject& s, int code) {
  begin(s, "exit", now());
  fmt::format_to(std::back_inserter(line_), ",\"status\":{}", code);
  end(s);
}

void JsonSink::killed(const Subject& s, int sig, bool core_dumped) {
  begin(s, "killed", now());
  line_ += ",\"signal\":";
  append_signal(sig);
  line_ += core_dumped ? ",\"core_dumped\":true" : ",\"core_dumped\":false";
  end(s);
}

void JsonSink::superseded(const Subject& s, pid_t old_tid) {
  begin(s, "superseded", now());
  fmt::format_to(std::back_inserter(line_), ",\"old_pid\":{}", old_tid);
  end(s);
}

void JsonSink::attached(const Subject& s, pid_t parent) {
  begin(s, "attach", now());
  if (parent > 0) {
    fmt::format_to(std::back_inserter(line_), ",\"parent\":{}", parent);
  }
  end(s);
}

void JsonSink::detached(const Subject& s) {
  auto it = open_.find(s.key);
  if (it != open_.end() && it->second != nullptr) {
    write_syscall(s, *it->second, false, true);
    it->second = nullptr;
  }
  begin(s, "detach", now());
  end(s);
}

void JsonSink::forget(const Subject& s) {
  auto it = open_.find(s.key);
  if (it == open_.end()) {
    return;
  }
  if (it->second != nullptr) {
    write_syscall(s, *it->second, false, false);
  }
  open_.erase(it);
}

}  // namespace cxtrace::output
