// Where trace lines go: stderr, a file (-o FILE, -A), a pipe to a command (-o '|cmd'), or one
// file per process (-ff). Output is buffered and written in large blocks; the tracer flushes
// on a short timer, so a reader of a pipe or terminal is never more than a moment behind the
// program. A regular file gets whole lines only: the first half of a call that is still
// running stays in the buffer until its line is complete, so a trace file that cxtrace was
// killed (SIGKILL) while writing ends at a line boundary, whatever it lost (unless the kill
// interrupts the kernel inside a write(2) that spans pages, which then ends at a page
// boundary). A write error is reported once, then output to that file is dropped: the
// traced program keeps running.
#pragma once

#include <sys/types.h>

#include <memory>
#include <string>
#include <string_view>

namespace cxtrace::output {

class OutputFile {
 public:
  // Opens `spec`: a path, or '|command'. Returns nullptr and sets `error` on failure.
  static std::unique_ptr<OutputFile> open(const std::string& spec, bool append, std::string& error);
  static std::unique_ptr<OutputFile> for_stderr();

  ~OutputFile();
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  void write(std::string_view s) {
    buf_.append(s);
    if (buf_.size() >= kBlock) {
      flush();
    }
  }
  // Writes what is buffered: to a regular file, up to the end of the last whole line.
  void flush();
  bool is_terminal() const { return is_tty_; }
  const std::string& name() const { return name_; }
  // Flushes, closes, and for a pipe waits for the command to finish.
  void close();

 private:
  OutputFile(int fd, std::string name, bool owned, pid_t pipe_pid);
  void write_out(size_t n);  // the first n buffered bytes

  // Written out when this much is buffered: 16 KiB keeps writes rare (one per ~400 lines)
  // and the buffer's pages few (resident memory is issue 8's target too).
  static constexpr size_t kBlock = 16 * 1024;

  int fd_;
  std::string name_;
  bool owned_;
  pid_t pipe_pid_;
  bool is_tty_;
  bool whole_lines_;  // a regular file: never ends inside a line
  bool failed_ = false;
  std::string buf_;
};

}  // namespace cxtrace::output
