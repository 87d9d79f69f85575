// getsockopt, setsockopt: the option is named by its level (`SOL_SOCKET, SO_REUSEADDR`,
// `SOL_TCP, TCP_NODELAY`) and its value shown by the option: an int as `[1]`, a few
// structures (`{l_onoff=1, l_linger=5}`), else the bytes. setsockopt shows everything at
// entry; getsockopt shows the value at exit with the length it got back (`[1], [8 => 4]`).
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>
#include <cstdint>
#include <initializer_list>
#include <string_view>

#include <fmt/format.h>

#include "decode/net.h"
#include "decode/special.h"
#include "decode/special/common.h"

namespace cxtrace::decode {

namespace {

using special::arg;

constexpr int kLevel = 1, kName = 2, kVal = 3, kLen = 4;

void put_level(Values& out, int level) {
  special::put_xval(out, table::xlat::socket_levels, static_cast<uint32_t>(level), "SOL_??");
}

void put_optname(Values& out, int level, int name) {
  auto v = static_cast<uint32_t>(name);
  switch (level) {
    case SOL_SOCKET:
      special::put_xval(out, table::xlat::sock_options, v, "SO_???");
      break;
    case SOL_IP:
      special::put_xval(out, table::xlat::sock_ip_options, v, "IP_???");
      break;
    case SOL_IPV6:
      special::put_xval(out, table::xlat::sock_ipv6_options, v, "IPV6_???");
      break;
    case IPPROTO_TCP:  // SOL_TCP
      special::put_xval(out, table::xlat::sock_tcp_options, v, "TCP_???");
      break;
    case IPPROTO_UDP:  // SOL_UDP
      special::put_xval(out, table::xlat::sock_udp_options, v, "UDP_???");
      break;
    case SOL_NETLINK:
      special::put_xval(out, table::xlat::sock_netlink_options, v, "NETLINK_???");
      break;
    default:
      out.int_(name);
      break;
  }
}

// What one call's option value is.
struct Opt {
  int level;
  int name;
  uint64_t addr;
  uint64_t len;  // setsockopt: optlen; getsockopt: the length the kernel returned
  bool get;
};

bool is_int_option(const Opt& o) {
  return o.level == SOL_SOCKET &&
         special::lookup(table::xlat::sock_int_options, static_cast<uint32_t>(o.name)) != nullptr;
}

// Reads the first `size` bytes of the value (the whole value is at least that long).
bool read_opt(CallCtx& c, const Opt& o, void* v, size_t size) {
  return !c.terse() && c.mem.read(o.addr, v, size) == size;
}

void put_int_value(CallCtx& c, const Opt& o) {
  int32_t v = 0;
  if (!read_opt(c, o, &v, sizeof v)) {
    c.out().ptr(o.addr);
    return;
  }
  c.out().array_begin();
  c.out().int_(v);
  c.out().array_end();
}

// The bytes of an option with no decoder: `[int]` when it is exactly an int, else a string.
void put_default(CallCtx& c, const Opt& o) {
  if (o.len == sizeof(int32_t)) {
    put_int_value(c, o);
  } else {
    special::put_strn(c, o.addr, o.len);
  }
}

// SOL_SOCKET's int options: shorter than an int, setsockopt's value is an address and
// getsockopt's a string of \x escapes.
void put_int_option(CallCtx& c, const Opt& o) {
  if (o.len >= sizeof(int32_t)) {
    put_int_value(c, o);
    return;
  }
  char buf[sizeof(int32_t)];
  if (!o.get || o.len == 0 || !read_opt(c, o, buf, o.len)) {
    c.out().ptr(o.addr);
    return;
  }
  c.out().str(std::string_view(buf, o.len), kForceHex);
}

// Fields of a structure of int-sized members, as many as `len` bytes hold (getsockopt shows
// a short value in part: `{l_onoff=0}`); setsockopt needs the whole structure.
void put_int_struct(CallCtx& c, const Opt& o, std::initializer_list<std::string_view> names,
                    bool ids) {
  int32_t v[3] = {};
  size_t whole = names.size() * sizeof(int32_t);
  size_t n = o.get ? std::min<uint64_t>(o.len, whole) / sizeof(int32_t)
                   : (o.len >= whole ? names.size() : 0);
  if (n == 0 || !read_opt(c, o, v, n * sizeof(int32_t))) {
    c.out().ptr(o.addr);
    return;
  }
  Values& out = c.out();
  out.struct_begin();
  size_t i = 0;
  for (std::string_view name : names) {
    if (i == n) {
      break;
    }
    out.field(name);
    if (ids && i > 0) {
      special::put_id(out, static_cast<uint32_t>(v[i]));
    } else {
      out.int_(v[i]);
    }
    ++i;
  }
  out.struct_end();
}

void put_ip_mreq(CallCtx& c, const Opt& o) {
  ip_mreq m{};
  if (o.len < sizeof m || !read_opt(c, o, &m, sizeof m)) {
    c.out().ptr(o.addr);
    return;
  }
  char group[INET_ADDRSTRLEN], iface[INET_ADDRSTRLEN];
  inet_ntop(AF_INET, &m.imr_multiaddr, group, sizeof group);
  inet_ntop(AF_INET, &m.imr_interface, iface, sizeof iface);
  Values& out = c.out();
  out.struct_begin();
  auto bytes = [](const in_addr& a) {
    return std::string_view(reinterpret_cast<const char*>(&a), sizeof a);
  };
  out.field("imr_multiaddr");
  out.raw_form(bytes(m.imr_multiaddr));
  out.text(fmt::format("inet_addr(\"{}\")", group));
  out.field("imr_interface");
  out.raw_form(bytes(m.imr_interface));
  out.text(fmt::format("inet_addr(\"{}\")", iface));
  out.struct_end();
}

void put_ipv6_mreq(CallCtx& c, const Opt& o) {
  ipv6_mreq m{};
  if (o.len < sizeof m || !read_opt(c, o, &m, sizeof m)) {
    c.out().ptr(o.addr);
    return;
  }
  char group[INET6_ADDRSTRLEN];
  inet_ntop(AF_INET6, &m.ipv6mr_multiaddr, group, sizeof group);
  Values& out = c.out();
  out.struct_begin();
  out.text(fmt::format("inet_pton(AF_INET6, \"{}\", &ipv6mr_multiaddr)", group));
  out.field("ipv6mr_interface");
  net::put_ifindex(out, m.ipv6mr_interface);
  out.struct_end();
}

// SOL_SOCKET options with their own form; false for the rest.
bool put_socket_option(CallCtx& c, const Opt& o) {
  switch (o.name) {
    case SO_LINGER:
      put_int_struct(c, o, {"l_onoff", "l_linger"}, false);
      return true;
    case SO_PEERCRED:
      if (!o.get) {
        return false;
      }
      put_int_struct(c, o, {"pid", "uid", "gid"}, true);
      return true;
    case SO_ATTACH_FILTER:
    case SO_ATTACH_REUSEPORT_CBPF:
      if (o.get) {
        return false;
      }
      if (o.len < 16) {  // sizeof(struct sock_fprog)
        c.out().ptr(o.addr);
      } else {
        special::put_sock_fprog(c, o.addr);
      }
      return true;
    default:
      if (is_int_option(o)) {
        put_int_option(c, o);
        return true;
      }
      return false;
  }
}

bool put_membership(CallCtx& c, const Opt& o) {
  if (o.get) {
    return false;
  }
  if (o.level == SOL_IP && (o.name == IP_ADD_MEMBERSHIP || o.name == IP_DROP_MEMBERSHIP)) {
    put_ip_mreq(c, o);
    return true;
  }
  if (o.level == SOL_IPV6 && (o.name == IPV6_ADD_MEMBERSHIP || o.name == IPV6_DROP_MEMBERSHIP)) {
    put_ipv6_mreq(c, o);
    return true;
  }
  return false;
}

void put_value(CallCtx& c, const Opt& o) {
  if (o.addr == 0) {
    c.out().ptr(0);
    return;
  }
  if (o.level == SOL_SOCKET && put_socket_option(c, o)) {
    return;
  }
  if (put_membership(c, o)) {
    return;
  }
  put_default(c, o);
}

void entry(CallCtx& c) {
  auto level = static_cast<int32_t>(c.arg(kLevel));
  generic_arg(c, 0);
  arg(c, [&](Values& out) { put_level(out, level); });
  arg(c, [&](Values& out) { put_optname(out, level, static_cast<int32_t>(c.arg(kName))); });
  if (c.rec.desc->name == "setsockopt") {
    Opt o{level, static_cast<int32_t>(c.arg(kName)), c.arg(kVal),
          static_cast<uint32_t>(c.arg(kLen)), false};
    arg(c, [&](Values&) { put_value(c, o); });
    arg(c, [&](Values& out) { out.uint_(static_cast<uint32_t>(c.arg(kLen))); });
    special::entry_all(c);
    return;
  }
  uint32_t len = 0;
  Record& rec = c.rec;
  rec.saved_ok[kLen] = c.arg(kLen) != 0 && c.mem.read(c.arg(kLen), &len, sizeof len) == sizeof len;
  rec.saved[kLen] = len;
  special::entry_done(c, 5);
}

// getsockopt at exit: the value with the length the kernel gave back, then that length.
void exit(CallCtx& c) {
  if (c.rec.desc->name == "setsockopt") {
    return;
  }
  const Record& rec = c.rec;
  uint64_t len_addr = c.arg(kLen);
  uint32_t after = 0;
  bool known = rec.saved_ok[kLen] && !c.failed() &&
               c.mem.read(len_addr, &after, sizeof after) == sizeof after;
  arg(c, [&](Values& out) {
    if (!known) {
      out.ptr(c.arg(kVal));
      return;
    }
    Opt o{static_cast<int32_t>(c.arg(kLevel)), static_cast<int32_t>(c.arg(kName)), c.arg(kVal),
          after, true};
    put_value(c, o);
  });
  arg(c, [&](Values& out) {
    if (len_addr == 0 || !rec.saved_ok[kLen]) {
      out.ptr(len_addr);
      return;
    }
    out.array_begin();
    if (known) {
      net::put_len_change(out, rec.saved[kLen], after);
    } else {
      out.uint_(rec.saved[kLen]);
    }
    out.array_end();
  });
}

}  // namespace

extern const SpecialDecoder special_sockopt = {entry, exit};

}  // namespace cxtrace::decode
