// Socket addresses and socket messages as the network syscalls show them. The argument types
// of net.cc and the hand-written socket and sockopt decoders share these printers.
#pragma once

#include <sys/socket.h>

#include <cstdint>

#include "decode/context.h"

namespace cxtrace::decode::net {

// The socket address of `len` bytes at addr: `{sa_family=AF_INET, sin_port=htons(80), …}`.
// NULL for a null pointer; the bare address when it is shorter than its family field or
// cannot be read.
void put_sockaddr(CallCtx& c, uint64_t addr, uint64_t len);

// A length the kernel read and rewrote, without brackets: `16`, or `128 => 16` if it changed.
void put_len_change(Values& out, uint64_t before, uint64_t after);

// An interface index: `if_nametoindex("lo")` for an interface this machine has, else the number.
void put_ifindex(Values& out, uint32_t index);

// An Ethernet protocol id in network byte order: `htons(ETH_P_ALL)`.
void put_eth_proto(Values& out, uint16_t be_proto);

// A struct msghdr already read from the tracee. `data`: how many bytes the iovecs hold in all
// (a receive's result), or -1 to show each iovec whole (a send). `namelen_before`: msg_namelen
// as it was at entry, or -1 when only the current value is known.
void put_msghdr(CallCtx& c, const msghdr& m, int64_t data, int64_t namelen_before);

// The msghdr at addr, as put_msghdr; NULL or the address when it cannot be read.
void put_msghdr_at(CallCtx& c, uint64_t addr, int64_t data, int64_t namelen_before);

}  // namespace cxtrace::decode::net
