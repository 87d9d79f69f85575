// The tracer's answer to "what is descriptor N of this tracee" for -y and -yy,
// from /proc: the link /proc/TID/fd/N names the file (a path, `pipe:[ino]`,
// `socket:[ino]`, `anon_inode:[eventfd]`), stat() through it gives a device's
// numbers, fdinfo a pidfd's process, and the socket's protocol name leads to
// sock_diag for its endpoints. One readlink a descriptor, nothing cached but
// socket endpoints: a number may be closed and reused between two calls.
#pragma once

#include <sys/types.h>

#include <string>

#include "decode/fd_describer.h"
#include "trace/sock_diag.h"

namespace cxtrace::trace {

class ProcFdDescriber final : public decode::FdDescriber {
public:
  explicit ProcFdDescriber(uint8_t details) : details_(details) {}

  // The thread whose descriptors the next questions are about.
  void set_tid(pid_t tid) { tid_ = tid; }

  bool describe(int fd, std::string &text, uint8_t &flags) override;

private:
  uint8_t details_;
  pid_t tid_ = 0;
  SockDiag sockets_;
  std::string link_;
};

} // namespace cxtrace::trace
