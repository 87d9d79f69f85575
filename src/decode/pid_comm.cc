#include "decode/pid_comm.h"

#include <fcntl.h>
#include <unistd.h>

#include <fmt/format.h>

namespace cxtrace::decode {

bool read_comm(int64_t pid, std::string& out) {
  if (pid <= 0) {
    return false;
  }
  char path[48];
  fmt::format_to_n(path, sizeof path - 1, "/proc/{}/comm", pid).out[0] = '\0';
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return false;
  }
  char buf[64];
  ssize_t n = read(fd, buf, sizeof buf);
  close(fd);
  if (n <= 0) {
    return false;
  }
  if (buf[n - 1] == '\n') {
    --n;
  }
  out.append(buf, static_cast<size_t>(n));
  return true;
}

void put_pid(Values& out, int64_t pid, bool with_comm) {
  std::string& pool = out.pool();
  size_t off = pool.size();
  if (with_comm && read_comm(pid, pool)) {
    out.int_pooled(pid, off, kComm);
    return;
  }
  out.int_(pid);
}

}  // namespace cxtrace::decode
