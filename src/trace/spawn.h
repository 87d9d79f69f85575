// Starting the program to trace. It is looked up in PATH the way a shell (and strace) does,
// before anything is forked, so a typo is an error and not a traced failure. The child
// stops itself before execve, the tracer seizes it, and only then does it run.
#pragma once

#include <sys/types.h>

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace cxtrace::trace {

struct Launch;  // trace/launch.h

// The path execve should get for `name`, or nullopt with a reason in `error`.
std::optional<std::string> find_program(const std::string& name, std::string& error);

// Forks; the child stops itself with SIGSTOP and then executes `path` with `argv` and the
// unchanged environment. Returns the child's pid once it is stopped, or -1 with `error`.
// `before_exec`, if set, runs in the child after the tracer has released it, just before
// execve (cxtrace installs its seccomp filter there); a false return is reported and the
// child exits with status 127 instead.
// `launch`, if set, gives the environment and the user (src/trace/launch.h).
pid_t spawn_stopped(const std::string& path, const std::vector<std::string>& argv,
                    const std::function<bool()>& before_exec, std::string& error,
                    const Launch* launch = nullptr);

// The child's last steps, shared with -D (src/trace/daemonize): the user's groups and gid,
// `before_exec`, the uid, then execve with the launch's environment. Never returns: a step
// that fails is reported on stderr and the process exits with status 127.
[[noreturn]] void exec_program(const std::string& path, const std::vector<std::string>& argv,
                               const std::function<bool()>& before_exec,
                               const Launch* launch);

}  // namespace cxtrace::trace
