#include "trace/daemonize.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>

#include <fmt/core.h>

#include "trace/ptrace.h"

namespace cxtrace::trace {

namespace {

void wait_for(pid_t pid) {
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
}

bool traced() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("TracerPid:", 0) == 0) {
      return std::atoi(line.c_str() + 10) != 0;
    }
  }
  return false;
}

// The tracer keeps stderr for its messages and the trace; its stdin and stdout go to
// /dev/null, so a pipe the program writes to ends when the program does.
void quiet_standard_fds() {
  int fd = open("/dev/null", O_RDWR | O_CLOEXEC);
  if (fd >= 0) {
    dup2(fd, STDIN_FILENO);
    dup2(fd, STDOUT_FILENO);
    close(fd);
  }
}

}  // namespace

pid_t daemonize(int mode, unsigned options, const std::function<void()>& exec,
                std::string& error) {
  pid_t program = getpid();
  // With Yama's ptrace_scope 1 only an ancestor may attach; the tracer is a descendant.
  prctl(PR_SET_PTRACER, PR_SET_PTRACER_ANY, 0, 0, 0);
  struct sigaction dfl {};
  struct sigaction saved {};
  dfl.sa_handler = SIG_DFL;
  sigaction(SIGCHLD, &dfl, &saved);  // an ignored SIGCHLD would make the wait below not wait
  pid_t middle = fork();
  if (middle < 0) {
    error = fmt::format("cannot fork: {}", std::strerror(errno));
    sigaction(SIGCHLD, &saved, nullptr);
    return -1;
  }
  if (middle == 0) {
    pid_t tracer = fork();
    if (tracer != 0) {
      // The middle process ends when the tracer kills it, or when the tracer dies first.
      if (tracer > 0) {
        wait_for(tracer);
      }
      _exit(1);
    }
    if (mode == 2) {
      setpgid(0, 0);
    } else if (mode >= 3) {
      setsid();
    }
    bool held = seize(Pid{program}, options) && interrupt(Pid{program});
    int e = errno;
    kill(getppid(), SIGKILL);
    if (!held) {
      error = fmt::format("cannot trace the program: ptrace(PTRACE_SEIZE, {}): {}", program,
                          std::strerror(e));
      return -1;
    }
    quiet_standard_fds();
    return program;
  }
  wait_for(middle);
  sigaction(SIGCHLD, &saved, nullptr);
  if (!traced()) {
    _exit(1);
  }
  exec();
  _exit(127);
}

}  // namespace cxtrace::trace
