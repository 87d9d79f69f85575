#include "trace/tree.h"

#include <dirent.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iterator>
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
    std::ifstream in(fmt::format("/proc/{}/stat", candidate));
    std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
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
