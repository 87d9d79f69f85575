// The kernel-side half of the entry verdict: a seccomp-bpf program that stops the tracee
// (SECCOMP_RET_TRACE) only at the syscalls the filter can admit and lets every other call
// run without a ptrace stop at all. It is installed in the child cxtrace starts, just
// before execve, and is inherited by everything the child creates — so it is used only
// when every descendant is traced too (-f), or a stop without a tracer would fail the call.
#pragma once

#include <linux/filter.h>

#include <string>
#include <vector>

#include "filter/syscall_set.h"

namespace cxtrace::filter {

// The program for `set`; execve and execveat always stop (the trace starts there), and so
// do numbers cxtrace does not know, as they pass every trace set.
std::vector<sock_filter> seccomp_program(const SyscallSet& set);

// Installs `prog` in the calling process. Without CAP_SYS_ADMIN the kernel requires
// no_new_privs first; `allow_nnp` says whether cxtrace may set it.
bool install_seccomp(const std::vector<sock_filter>& prog, bool allow_nnp);

// Whether cxtrace may install a filter without changing the program's privileges.
bool seccomp_needs_no_new_privs();

}  // namespace cxtrace::filter
