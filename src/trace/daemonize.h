// -D, -DD, -DDD: the program takes cxtrace's place as the child of whoever started cxtrace (a
// shell waits for it, signals it, sees its exit status), and cxtrace traces it from a detached
// grandchild. The process that ran `cxtrace` forks a middle process, which forks the tracer;
// the tracer seizes the original process and kills the middle one, whose death is the
// original's cue to go on and execute the program. With -DD the tracer has its own process
// group, with -DDD its own session, so signals meant for the program's group or session do
// not reach it.
#pragma once

#include <sys/types.h>

#include <functional>
#include <string>

namespace cxtrace::trace {

// Returns only in the tracer: the program's pid, seized with `options` and interrupted (so the
// tracer sees everything from its next stop on, the execve included). The calling process
// becomes the program and never returns: it runs `exec` once the tracer holds it, or exits
// with status 1 when the tracer could not take hold of it (the tracer says why). -1 with
// `error` when nothing could be started.
pid_t daemonize(int mode, unsigned options, const std::function<void()>& exec,
                std::string& error);

}  // namespace cxtrace::trace
