#include "output/output.h"

#include <unistd.h>

#include <cstdlib>

#include <fmt/core.h>

#include "output/null_sink.h"
#include "output/json_sink.h"
#include "output/text_sink.h"

namespace cxtrace::output {

namespace {

// --color: `auto` colours only a trace that goes to a terminal on stderr, and only when
// NO_COLOR (https://no-color.org) is unset or empty; `always` overrides both.
bool use_color(const cli::Options& opts) {
  switch (opts.color) {
    case cli::Options::Color::always:
      return true;
    case cli::Options::Color::never:
      return false;
    case cli::Options::Color::auto_:
      break;
  }
  const char* no_color = std::getenv("NO_COLOR");
  return opts.output.empty() && isatty(STDERR_FILENO) == 1 &&
         (no_color == nullptr || no_color[0] == '\0');
}

}  // namespace

std::unique_ptr<Output> Output::open(const cli::Options& opts, std::string& error) {
  std::unique_ptr<Output> out(new Output());
  out->append_ = opts.append;
  TextOptions text;
  text.columns = opts.columns;
  text.style.hex_strings = opts.hex_strings;

  bool separate = opts.output_separately && !opts.output.empty() && opts.output[0] != '|';
  if (separate) {
    out->per_process_base_ = opts.output;
    text.prefix = TextOptions::Prefix::none;
  } else {
    if (opts.output.empty()) {
      out->shared_file_ = OutputFile::for_stderr();
    } else {
      out->shared_file_ = OutputFile::open(opts.output, opts.append, error);
      if (!out->shared_file_) {
        return nullptr;
      }
    }
    out->shared_.file = out->shared_file_.get();
    // strace: a trace file shared by several processes gets a pid column on every line;
    // otherwise `[pid N]` appears only while more than one is traced.
    bool many = opts.follow_forks || opts.output_separately || opts.attach_pids.size() > 1;
    if (!opts.output.empty() && many) {
      text.prefix = TextOptions::Prefix::pid_column;
    } else if (opts.output.empty()) {
      text.prefix = TextOptions::Prefix::bracket_when_many;
    } else {
      text.prefix = TextOptions::Prefix::none;
    }
  }
  if (opts.always_show_pid && text.prefix == TextOptions::Prefix::none) {
    text.prefix = TextOptions::Prefix::pid_column;  // a trace file's pid layout
  }
  text.always_show_pid = opts.always_show_pid;
  text.pid_comm = opts.pid_comm;
  using Clock = cli::Options::Clock;
  text.clock = opts.absolute_clock == Clock::time   ? TextOptions::Clock::time
               : opts.absolute_clock == Clock::unix ? TextOptions::Clock::unix
                                                    : TextOptions::Clock::none;
  text.clock_digits = opts.absolute_digits;
  text.relative_digits = opts.relative_digits;
  text.duration_digits = opts.duration_digits;
  text.syscall_number = opts.syscall_number;
  text.instruction_pointer = opts.instruction_pointer;
  text.arg_names = opts.arg_names;
  text.arg_types = opts.arg_types;
  text.arg_addresses = opts.arg_addresses;
  using Style = cli::Options::ConstStyle;
  text.style.consts = opts.const_style == Style::raw       ? TextStyle::Consts::raw
                      : opts.const_style == Style::verbose ? TextStyle::Consts::verbose
                                                           : TextStyle::Consts::abbrev;
  if (opts.summary_only) {
    out->sink_ = std::make_unique<NullSink>();  // -c: the table instead of the trace
  } else if (opts.format == cli::Options::Format::json) {
    out->sink_ = std::make_unique<JsonSink>();
  } else {
    text.style.color = use_color(opts);
    out->sink_ = std::make_unique<TextSink>(text);
  }
  return out;
}

Stream* Output::stream_for(pid_t pid) {
  if (per_process_base_.empty()) {
    return &shared_;
  }
  auto it = per_process_.find(pid);
  if (it != per_process_.end()) {
    return &it->second.second;
  }
  std::string error;
  std::string name = fmt::format("{}.{}", per_process_base_, pid);
  auto file = OutputFile::open(name, append_, error);
  if (!file) {
    // Without its own file the process's lines still go somewhere visible.
    fmt::print(stderr, "cxtrace: {}\n", error);
    file = OutputFile::for_stderr();
  }
  auto& entry = per_process_[pid];
  entry.first = std::move(file);
  entry.second.file = entry.first.get();
  return &entry.second;
}

void Output::write_block(std::string_view text) {
  if (shared_.file == nullptr || text.empty()) {
    return;
  }
  if (shared_.open_owner != 0) {
    sink_->forget(Subject{0, shared_.open_owner, &shared_, 0});
  }
  shared_.file->write(text);
}

void Output::flush() {
  if (shared_file_) {
    shared_file_->flush();
  }
  for (auto& [pid, entry] : per_process_) {
    entry.first->flush();
  }
}

void Output::close() {
  if (shared_file_) {
    shared_file_->close();
  }
  for (auto& [pid, entry] : per_process_) {
    entry.first->close();
  }
}

bool Output::to_terminal() const { return shared_file_ && shared_file_->is_terminal(); }

}  // namespace cxtrace::output
