#include "trace/tree.h"

#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <string>

#include <fmt/core.h>

namespace cxtrace::trace {

std::vector<pid_t> children_of(pid_t pid) {
  std::vector<pid_t> kids;
  DIR* proc = opendir("/proc");
  if (proc == nullptr) {
    return kids;
  }
  while (dirent* e = readdir(proc)) {
    char* end = nullptr;
    long candidate = std::strtol(e->d_name, &end, 10);
    if (end == e->d_name || *end != '\0' || candidate <= 0) {
      continue;
    }
    // read(2), not a stream: a process that ends while it is read is just left out.
    std::string stat(512, '\0');
    int fd = open(fmt::format("/proc/{}/stat", candidate).c_str(), O_RDONLY | O_CLOEXEC);
    ssize_t n = fd < 0 ? -1 : read(fd, stat.data(), stat.size());
    if (fd >= 0) {
      close(fd);
    }
    stat.resize(n > 0 ? static_cast<size_t>(n) : 0);
    // "PID (COMM) STATE PPID ...": the command name may hold spaces and parentheses.
    size_t close = stat.rfind(')');
    if (close == std::string::npos || close + 4 >= stat.size()) {
      continue;
    }
    char state = stat[close + 2];
    const char* fields = stat.c_str() + close + 4;  // past ") S "
    if (state != 'Z' && state != 'X' && std::strtol(fields, nullptr, 10) == pid) {
      kids.push_back(static_cast<pid_t>(candidate));
    }
  }
  closedir(proc);
  std::sort(kids.begin(), kids.end());
  return kids;
}

}  // namespace cxtrace::trace
