#include "filter/seccomp.h"

#include <linux/audit.h>
#include <linux/capability.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "table/syscall_table.h"

namespace cxtrace::filter {

namespace {

constexpr sock_filter stmt(uint16_t code, uint32_t k) { return sock_filter{code, 0, 0, k}; }
constexpr sock_filter jump(uint16_t code, uint32_t k, uint8_t jt, uint8_t jf) {
  return sock_filter{code, jt, jf, k};
}

}  // namespace

std::vector<sock_filter> seccomp_program(const SyscallSet& set) {
  std::vector<sock_filter> p;
  const uint32_t trace = SECCOMP_RET_TRACE;
  const uint32_t allow = SECCOMP_RET_ALLOW;
  // Another ABI (i386, x32): stop at everything, the tracer sorts it out.
  p.push_back(stmt(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, arch)));
  p.push_back(jump(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0));
  p.push_back(stmt(BPF_RET | BPF_K, trace));
  p.push_back(stmt(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, nr)));
  // Unknown numbers (beyond the table, x32's high bit): always shown, so always stopped.
  p.push_back(jump(BPF_JMP | BPF_JGT | BPF_K, static_cast<uint32_t>(table::all_syscalls().size() - 1), 0, 1));
  p.push_back(stmt(BPF_RET | BPF_K, trace));
  std::vector<uint64_t> nrs = set.numbers();
  for (uint64_t nr : {static_cast<uint64_t>(SYS_execve), static_cast<uint64_t>(SYS_execveat)}) {
    if (!set.contains(nr)) {
      nrs.push_back(nr);
    }
  }
  for (uint64_t nr : nrs) {
    p.push_back(jump(BPF_JMP | BPF_JEQ | BPF_K, static_cast<uint32_t>(nr), 0, 1));
    p.push_back(stmt(BPF_RET | BPF_K, trace));
  }
  p.push_back(stmt(BPF_RET | BPF_K, allow));
  return p;
}

bool seccomp_needs_no_new_privs() {
  __user_cap_header_struct hdr{_LINUX_CAPABILITY_VERSION_3, 0};
  __user_cap_data_struct data[2]{};
  if (syscall(SYS_capget, &hdr, data) != 0) {
    return true;
  }
  return (data[CAP_SYS_ADMIN / 32].effective & (1u << (CAP_SYS_ADMIN % 32))) == 0;
}

bool install_seccomp(const std::vector<sock_filter>& prog, bool allow_nnp) {
  if (seccomp_needs_no_new_privs()) {
    if (!allow_nnp || prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
      return false;
    }
  }
  sock_fprog fprog{static_cast<unsigned short>(prog.size()), const_cast<sock_filter*>(prog.data())};
  return syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &fprog) == 0;
}

}  // namespace cxtrace::filter
