// socket, socketpair, accept4, shutdown, recvfrom, recvmsg: the socket calls whose arguments
// do not render one by one. socket's protocol is named by the domain (`IPPROTO_TCP`,
// `NETLINK_ROUTE`, `htons(ETH_P_ALL)`), socketpair's is a number; unknown values are in hex
// with a remark (`0x3e8 /* AF_??? */`, `SOCK_STREAM|0x100 /* SOCK_??? */`); recvfrom shows only the bytes it received (the result, at most `len`);
// recvmsg shows msg_namelen as it was before the call and after (`msg_namelen=128 => 16`),
// and only msg_namelen when the call failed (`{msg_namelen=128}`).
#include <arpa/inet.h>
#include <sys/socket.h>

#include <algorithm>
#include <string_view>

#include "decode/basic.h"
#include "decode/net.h"
#include "decode/special.h"
#include "decode/special/common.h"

namespace cxtrace::decode {

namespace {

using special::arg;

void put_protocol(Values& out, int domain, int protocol) {
  switch (domain) {
    case AF_INET:
    case AF_INET6:
      special::put_xval(out, table::xlat::inet_protocols, static_cast<uint32_t>(protocol),
                        "IPPROTO_???");
      break;
    case AF_NETLINK:
      special::put_xval(out, table::xlat::netlink_protocols, static_cast<uint32_t>(protocol),
                        "NETLINK_???");
      break;
    case AF_PACKET: {
      // `htons(ETH_P_ALL)`: the name inside, `htons(0x3)` under -X raw.
      out.text("htons(");
      special::put_xval(out, table::xlat::ethernet_protocols,
                        ntohs(static_cast<uint16_t>(protocol)), "ETH_P_???");
      out.text(")");
      break;
    }
    default:
      out.int_(protocol);
      break;
  }
}

// socket and socketpair: domain, type and protocol at entry; socketpair's pair at exit.
void socket_entry(CallCtx& c) {
  auto domain = static_cast<int32_t>(c.arg(0));
  auto protocol = static_cast<int32_t>(c.arg(2));
  arg(c, [&](Values& out) {
    special::put_xval(out, table::xlat::addrfams, static_cast<uint32_t>(domain), "AF_???");
  });
  arg(c, [&](Values& out) { put_sock_type(out, static_cast<uint32_t>(c.arg(1))); });
  arg(c, [&](Values& out) {
    if (c.rec.desc->name == "socket") {
      put_protocol(out, domain, protocol);
    } else {
      out.int_(protocol);
    }
  });
  special::entry_done(c, c.rec.desc->nargs);
}

// accept4: the flags after the address, at exit.
void accept4_exit(CallCtx& c) {
  generic_arg(c, 1);
  generic_arg(c, 2);
  arg(c, [&](Values& out) {
    special::put_flags(out, table::xlat::sock_type_flags, static_cast<uint32_t>(c.arg(3)),
                       "SOCK_???");
  });
}

void shutdown_entry(CallCtx& c) {
  generic_arg(c, 0);
  arg(c, [&](Values& out) {
    special::put_xval(out, table::xlat::shutdown_modes, static_cast<uint32_t>(c.arg(1)),
                      "SHUT_???");
  });
  special::entry_all(c);
}

// recvfrom(fd, buf, len, flags, src_addr, addrlen): fd at entry (and addrlen saved).
constexpr int kBuf = 1, kLen = 2;

void recvfrom_exit(CallCtx& c) {
  arg(c, [&](Values& out) {
    if (c.failed()) {
      out.ptr(c.arg(kBuf));
      return;
    }
    special::put_strn(c, c.arg(kBuf), std::min<uint64_t>(c.arg(kLen), c.rec.rval));
  });
  for (int i = kLen; i < c.rec.desc->nargs; ++i) {
    generic_arg(c, i);
  }
}

// recvmsg(fd, msg, flags): msg_namelen is kept at entry in the slot of the msg argument.
constexpr int kMsg = 1;

void recvmsg_entry(CallCtx& c) {
  generic_entry(c);
  msghdr m{};
  Record& rec = c.rec;
  rec.saved_ok[kMsg] = c.arg(kMsg) != 0 && c.mem.read(c.arg(kMsg), &m, sizeof m) == sizeof m;
  rec.saved[kMsg] = m.msg_namelen;
}

void recvmsg_exit(CallCtx& c) {
  const Record& rec = c.rec;
  arg(c, [&](Values& out) {
    if (!rec.saved_ok[kMsg]) {
      out.ptr(c.arg(kMsg));
      return;
    }
    if (c.failed()) {
      out.struct_begin();
      out.field("msg_namelen");
      out.uint_(rec.saved[kMsg]);
      out.struct_end();
      return;
    }
    net::put_msghdr_at(c, c.arg(kMsg), rec.rval, static_cast<int64_t>(rec.saved[kMsg]));
  });
  for (int i = kMsg + 1; i < c.rec.desc->nargs; ++i) {
    generic_arg(c, i);
  }
}

void entry(CallCtx& c) {
  std::string_view name = c.rec.desc->name;
  if (name == "recvfrom" || name == "accept4") {
    generic_entry(c);
  } else if (name == "shutdown") {
    shutdown_entry(c);
  } else if (name == "recvmsg") {
    recvmsg_entry(c);
  } else {
    socket_entry(c);
  }
}

void exit(CallCtx& c) {
  std::string_view name = c.rec.desc->name;
  if (name == "recvfrom") {
    recvfrom_exit(c);
  } else if (name == "accept4") {
    accept4_exit(c);
  } else if (name == "recvmsg") {
    recvmsg_exit(c);
  } else {
    generic_exit(c);
  }
}

}  // namespace

extern const SpecialDecoder special_socket = {entry, exit};

}  // namespace cxtrace::decode
