#include "trace/spawn.h"

#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include <fmt/core.h>

#include "trace/launch.h"

extern char** environ;

namespace cxtrace::trace {

namespace {

// 0 if `path` is an executable regular file, else the errno execve would report.
int check_executable(const std::string& path) {
  struct stat st;
  if (stat(path.c_str(), &st) != 0) {
    return errno;
  }
  if (S_ISDIR(st.st_mode)) {
    return EACCES;
  }
  if (access(path.c_str(), X_OK) != 0) {
    return errno;
  }
  return 0;
}

}  // namespace

std::optional<std::string> find_program(const std::string& name, std::string& error) {
  if (name.empty()) {
    error = "no program given";
    return std::nullopt;
  }
  if (name.find('/') != std::string::npos) {
    if (int e = check_executable(name); e != 0) {
      error = fmt::format("cannot run '{}': {}", name, std::strerror(e));
      return std::nullopt;
    }
    return name;
  }
  const char* env = std::getenv("PATH");
  std::string path = env != nullptr ? env : "/usr/local/bin:/usr/bin:/bin";
  int first_error = ENOENT;
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find(':', start);
    if (end == std::string::npos) {
      end = path.size();
    }
    std::string dir = path.substr(start, end - start);
    std::string candidate = (dir.empty() ? std::string(".") : dir) + "/" + name;
    int e = check_executable(candidate);
    if (e == 0) {
      return candidate;
    }
    if (e != ENOENT && e != ENOTDIR && first_error == ENOENT) {
      first_error = e;  // found but not runnable: say why, as a shell would
    }
    start = end + 1;
  }
  error = fmt::format("cannot run '{}': {}", name, first_error == ENOENT
                                                      ? "command not found in PATH"
                                                      : std::strerror(first_error));
  return std::nullopt;
}

void exec_program(const std::string& path, const std::vector<std::string>& argv,
                  const std::function<bool()>& before_exec, const Launch* launch) {
  auto die = [](const std::string& what) {
    std::string msg = fmt::format("cxtrace: {}\n", what);
    [[maybe_unused]] auto r = write(STDERR_FILENO, msg.data(), msg.size());
    _exit(127);
  };
  std::vector<char*> args;
  args.reserve(argv.size() + 1);
  for (const std::string& a : argv) {
    args.push_back(const_cast<char*>(a.c_str()));
  }
  args.push_back(nullptr);
  std::vector<char*> env;
  if (launch != nullptr) {
    for (const std::string& e : launch->env) {
      env.push_back(const_cast<char*>(e.c_str()));
    }
    env.push_back(nullptr);
  }
  if (launch != nullptr && launch->creds && !set_groups_and_gid(*launch->creds)) {
    die(fmt::format("cannot change the program's groups: {}", std::strerror(errno)));
  }
  if (before_exec && !before_exec()) {
    die("cannot install the seccomp filter");
  }
  if (launch != nullptr && launch->creds && !set_uid(*launch->creds)) {
    die(fmt::format("cannot change the program's user: {}", std::strerror(errno)));
  }
  execve(path.c_str(), args.data(), launch != nullptr ? env.data() : environ);
  die(fmt::format("cannot run '{}': {}", path, std::strerror(errno)));
  _exit(127);
}

pid_t spawn_stopped(const std::string& path, const std::vector<std::string>& argv,
                    const std::function<bool()>& before_exec, std::string& error,
                    const Launch* launch) {
  pid_t pid = fork();
  if (pid < 0) {
    error = fmt::format("cannot fork: {}", std::strerror(errno));
    return -1;
  }
  if (pid == 0) {
    kill(getpid(), SIGSTOP);
    exec_program(path, argv, before_exec, launch);
  }
  int status = 0;
  while (waitpid(pid, &status, WSTOPPED) < 0) {
    if (errno != EINTR) {
      error = fmt::format("cannot wait for the child: {}", std::strerror(errno));
      kill(pid, SIGKILL);
      return -1;
    }
  }
  if (!WIFSTOPPED(status)) {
    error = fmt::format("the child ended before it could be traced (status {:#x})", status);
    return -1;
  }
  return pid;
}

}  // namespace cxtrace::trace
