#include "output/output_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/core.h>

namespace cxtrace::output {

namespace {

bool is_regular_file(int fd) {
  struct stat st {};
  return fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
}

}  // namespace

OutputFile::OutputFile(int fd, std::string name, bool owned, pid_t pipe_pid)
    : fd_(fd),
      name_(std::move(name)),
      owned_(owned),
      pipe_pid_(pipe_pid),
      is_tty_(isatty(fd) == 1),
      whole_lines_(is_regular_file(fd)) {
  buf_.reserve(kBlock + 4096);
}

std::unique_ptr<OutputFile> OutputFile::for_stderr() {
  return std::unique_ptr<OutputFile>(new OutputFile(STDERR_FILENO, "stderr", false, 0));
}

std::unique_ptr<OutputFile> OutputFile::open(const std::string& spec, bool append, std::string& error) {
  if (!spec.empty() && spec[0] == '|') {
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) {
      error = fmt::format("cannot create a pipe for '{}': {}", spec, std::strerror(errno));
      return nullptr;
    }
    pid_t pid = fork();
    if (pid < 0) {
      error = fmt::format("cannot start '{}': {}", spec.substr(1), std::strerror(errno));
      return nullptr;
    }
    if (pid == 0) {
      dup2(fds[0], STDIN_FILENO);
      execl("/bin/sh", "sh", "-c", spec.c_str() + 1, static_cast<char*>(nullptr));
      _exit(127);
    }
    ::close(fds[0]);
    return std::unique_ptr<OutputFile>(new OutputFile(fds[1], spec, true, pid));
  }
  int flags = O_WRONLY | O_CREAT | O_CLOEXEC | (append ? O_APPEND : O_TRUNC);
  int fd = ::open(spec.c_str(), flags, 0666);
  if (fd < 0) {
    error = fmt::format("cannot open output file '{}': {}", spec, std::strerror(errno));
    return nullptr;
  }
  return std::unique_ptr<OutputFile>(new OutputFile(fd, spec, true, 0));
}

OutputFile::~OutputFile() { close(); }

void OutputFile::flush() {
  // A terminal or a pipe shows a blocked call's first half at once, as strace does; a file
  // waits for the line's end.
  size_t end = buf_.size();
  if (whole_lines_) {
    size_t last_newline = buf_.rfind('\n');
    end = last_newline == std::string::npos ? 0 : last_newline + 1;
  }
  write_out(end);
}

void OutputFile::write_out(size_t len) {
  size_t done = 0;
  while (done < len && !failed_) {
    ssize_t n = ::write(fd_, buf_.data() + done, len - done);
    if (n < 0) {
      if (errno == EINTR) {
        continue;
      }
      failed_ = true;
      // One message, then silence: a full disk must not flood the terminal.
      std::string msg = fmt::format("cxtrace: write to {} failed: {}; trace output stops here\n",
                                    name_, std::strerror(errno));
      if (fd_ != STDERR_FILENO) {
        [[maybe_unused]] auto r = ::write(STDERR_FILENO, msg.data(), msg.size());
      }
      break;
    }
    done += static_cast<size_t>(n);
  }
  buf_.erase(0, failed_ ? buf_.size() : len);
}

void OutputFile::close() {
  if (fd_ < 0) {
    return;
  }
  write_out(buf_.size());
  if (owned_) {
    ::close(fd_);
  }
  fd_ = -1;
  if (pipe_pid_ > 0) {
    int st;
    while (waitpid(pipe_pid_, &st, 0) < 0 && errno == EINTR) {
    }
    pipe_pid_ = 0;
  }
}

}  // namespace cxtrace::output
