// A socket's endpoints for -yy, asked of the kernel by inode through
// NETLINK_SOCK_DIAG (inet_diag for TCP, UDP and the other IP protocols,
// unix_diag, netlink_diag) from cxtrace's own process: the tracee is never
// touched. strace 6.1 asks the same way; /proc/net/* would not tell a unix
// socket's peer. Like strace, an answer is remembered by inode (1024 slots, a
// newer inode replacing an older one in its slot) and reused while it stays
// there, so a socket keeps the endpoints it was first seen with; a socket the
// kernel has no answer for yet (unbound, unconnected) is shown as
// `PROTO:[inode]` and asked about again next time.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace cxtrace::trace {

class SockDiag {
public:
  // The details of socket `inode`, whose protocol the kernel names `proto` (the
  // system.sockprotoname attribute: "TCP", "UNIX-STREAM", "NETLINK" …):
  // `TCP:[1.2.3.4:80->…]`, or `TCP:[inode]` when the kernel has none. False for
  // a protocol strace does not describe.
  bool describe(uint64_t inode, std::string_view proto, std::string &out);

private:
  struct Slot {
    uint64_t inode = 0;
    std::string text;
  };
  bool query(uint64_t inode, int family, int protocol, std::string_view name,
             std::string &out);

  static constexpr size_t kSlots = 1024;  // a power of two
  // Allocated at the first socket described: 40 KiB that a trace without -yy never touches.
  std::unique_ptr<std::array<Slot, kSlots>> cache_;
};

} // namespace cxtrace::trace
