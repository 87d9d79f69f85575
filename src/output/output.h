// The output side of a session: the trace destination(s) and the sink that formats events
// for them. With -ff every traced thread gets its own file, FILE.PID, opened on first use.
#pragma once

#include <sys/types.h>

#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "cli/options.h"
#include "output/output_file.h"
#include "output/sink.h"

namespace cxtrace::output {

class Output {
 public:
  // Opens the destination the options name; nullptr and `error` set if it cannot be opened.
  static std::unique_ptr<Output> open(const cli::Options& opts, std::string& error);

  Stream* stream_for(pid_t pid);
  Sink& sink() { return *sink_; }
  // A block of whole lines on the shared destination (the -c table): any syscall line left
  // open there is ended first, as another process's line would end it.
  void write_block(std::string_view text);
  void flush();
  void close();
  bool to_terminal() const;

 private:
  Output() = default;

  std::string per_process_base_;  // -ff: FILE
  bool append_ = false;
  std::unique_ptr<OutputFile> shared_file_;
  Stream shared_;
  std::map<pid_t, std::pair<std::unique_ptr<OutputFile>, Stream>> per_process_;
  std::unique_ptr<Sink> sink_;
};

}  // namespace cxtrace::output
