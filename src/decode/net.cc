// Socket addresses, their in/out lengths, and the message headers of sendmsg/recvmsg and
// sendmmsg/recvmmsg, printed the way strace 6.1 prints them. An address is read once with the
// length the call gives; a family whose structure is longer than that length falls back to
// the raw `sa_data` bytes, as strace does.
#include "decode/net.h"

#include <arpa/inet.h>
#include <linux/netlink.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/un.h>

#include <algorithm>
#include <cstring>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "decode/basic.h"
#include "decode/families.h"
#include "decode/special/common.h"

namespace cxtrace::decode {

namespace net {

namespace {

// Literal text formatted into the pool: `htons(80)`, `inet_addr("127.0.0.1")`.
template <typename... A>
void textf(Values& out, fmt::format_string<A...> f, A&&... args) {
  size_t off = out.pool().size();
  fmt::format_to(std::back_inserter(out.pool()), f, std::forward<A>(args)...);
  out.text_pooled(off);
}

// The bytes of a field in network byte order, for -X raw (`sin_port="\x00\x50"`).
template <typename T>
void raw_bytes(Values& out, const T& field) {
  out.raw_form(std::string_view(reinterpret_cast<const char*>(&field), sizeof field));
}

template <typename T>
T read_as(std::string_view bytes) {
  T v{};
  std::memcpy(&v, bytes.data(), std::min(sizeof v, bytes.size()));
  return v;
}

void put_unix(Values& out, std::string_view bytes) {
  std::string_view path = bytes.substr(offsetof(sockaddr_un, sun_path));
  if (path.empty()) {
    return;
  }
  out.field("sun_path");
  if (path[0] == '\0') {
    out.str(path.substr(1), kAtSign);
    return;
  }
  out.str(path.substr(0, path.find('\0')), 0);
}

bool put_inet(Values& out, std::string_view bytes) {
  if (bytes.size() < sizeof(sockaddr_in)) {
    return false;
  }
  auto sin = read_as<sockaddr_in>(bytes);
  char addr[INET_ADDRSTRLEN];
  inet_ntop(AF_INET, &sin.sin_addr, addr, sizeof addr);
  out.field("sin_port");
  raw_bytes(out, sin.sin_port);
  textf(out, "htons({})", ntohs(sin.sin_port));
  out.field("sin_addr");
  raw_bytes(out, sin.sin_addr);
  textf(out, "inet_addr(\"{}\")", addr);
  return true;
}

bool put_inet6(Values& out, std::string_view bytes) {
  constexpr size_t kMinLen = offsetof(sockaddr_in6, sin6_scope_id);
  if (bytes.size() < kMinLen) {
    return false;
  }
  auto sin6 = read_as<sockaddr_in6>(bytes);
  char addr[INET6_ADDRSTRLEN];
  inet_ntop(AF_INET6, &sin6.sin6_addr, addr, sizeof addr);
  out.field("sin6_port");
  raw_bytes(out, sin6.sin6_port);
  textf(out, "htons({})", ntohs(sin6.sin6_port));
  out.field("sin6_flowinfo");
  raw_bytes(out, sin6.sin6_flowinfo);
  textf(out, "htonl({})", ntohl(sin6.sin6_flowinfo));
  // strace names the field only with -X raw/verbose (`sin6_addr="\xfe\x80…" /*
  // inet_pton(AF_INET6, "fe80::1") */`); the default form names it inside the call.
  out.field("sin6_addr", kNotAbbrev);
  raw_bytes(out, sin6.sin6_addr);
  out.text(fmt::format("inet_pton(AF_INET6, \"{}\")", addr), kNotAbbrev);
  out.text(fmt::format("inet_pton(AF_INET6, \"{}\", &sin6_addr)", addr), kAbbrevOnly);
  if (bytes.size() >= sizeof(sockaddr_in6)) {
    out.field("sin6_scope_id");
    const in6_addr& a = sin6.sin6_addr;
    if (IN6_IS_ADDR_LINKLOCAL(&a) || IN6_IS_ADDR_MC_LINKLOCAL(&a)) {
      put_ifindex(out, sin6.sin6_scope_id);
    } else {
      out.uint_(sin6.sin6_scope_id);
    }
  }
  return true;
}

bool put_netlink(Values& out, std::string_view bytes) {
  if (bytes.size() < sizeof(sockaddr_nl)) {
    return false;
  }
  auto nl = read_as<sockaddr_nl>(bytes);
  out.field("nl_pid");
  out.uint_(nl.nl_pid);
  out.field("nl_groups");
  // C's %#08x: zero has no 0x prefix, and the prefix counts in the width.
  if (nl.nl_groups == 0) {
    textf(out, "00000000");
  } else {
    textf(out, "{:#08x}", nl.nl_groups);
  }
  return true;
}

// A byte as C's %#02x prints it: `00`, `0x1`, `0xff`.
void put_hex_byte(Values& out, uint8_t b) {
  if (b == 0) {
    textf(out, "00");
  } else {
    textf(out, "{:#x}", b);
  }
}

bool put_packet(Values& out, std::string_view bytes) {
  if (bytes.size() < sizeof(sockaddr_ll)) {
    return false;
  }
  auto ll = read_as<sockaddr_ll>(bytes);
  out.field("sll_protocol");
  raw_bytes(out, ll.sll_protocol);
  put_eth_proto(out, ll.sll_protocol);
  out.field("sll_ifindex");
  put_ifindex(out, static_cast<uint32_t>(ll.sll_ifindex));
  out.field("sll_hatype");
  special::put_xval(out, table::xlat::arp_hardware_types, ll.sll_hatype, "ARPHRD_???");
  out.field("sll_pkttype");
  special::put_xval(out, table::xlat::packet_types, ll.sll_pkttype, "PACKET_???");
  out.field("sll_halen");
  out.uint_(ll.sll_halen);
  out.field("sll_addr");
  out.array_begin();
  size_t n = std::min<size_t>(ll.sll_halen, sizeof ll.sll_addr);
  for (size_t i = 0; i < n; ++i) {
    put_hex_byte(out, ll.sll_addr[i]);
  }
  if (ll.sll_halen > sizeof ll.sll_addr) {
    out.ellipsis();
  }
  out.array_end();
  return true;
}

// The fields after sa_family; false when the family has no decoder here or the address is too
// short for its structure.
bool put_family_fields(Values& out, uint16_t family, std::string_view bytes) {
  switch (family) {
    case AF_UNIX:
      put_unix(out, bytes);
      return true;
    case AF_INET:
      return put_inet(out, bytes);
    case AF_INET6:
      return put_inet6(out, bytes);
    case AF_NETLINK:
      return put_netlink(out, bytes);
    case AF_PACKET:
      return put_packet(out, bytes);
    default:
      return false;
  }
}

// The bytes an iovec holds: all of iov_len for a send, what is left of the result for a
// receive.
uint64_t iov_shown(uint64_t iov_len, int64_t& left) {
  if (left < 0) {
    return iov_len;
  }
  uint64_t n = std::min<uint64_t>(iov_len, static_cast<uint64_t>(left));
  left -= static_cast<int64_t>(n);
  return n;
}

// msg_iov: the iovec array, each with its data, at most -s entries. io.cc has the iovec type
// of readv/writev; this is the msghdr's own.
void put_msg_iov(CallCtx& c, uint64_t addr, uint64_t count, int64_t data) {
  Values& out = c.out();
  if (addr == 0) {
    out.ptr(0);
    return;
  }
  size_t shown = static_cast<size_t>(std::min<uint64_t>(count, c.opts.string_limit));
  thread_local std::vector<iovec> iov;
  iov.resize(shown);
  size_t bytes = shown * sizeof(iovec);
  if (bytes != 0 && c.mem.read(addr, iov.data(), bytes) != bytes) {
    out.ptr(addr);
    return;
  }
  out.array_begin();
  for (const iovec& v : iov) {
    auto base = reinterpret_cast<uint64_t>(v.iov_base);
    out.struct_begin();
    out.field("iov_base");
    special::put_strn(c, base, iov_shown(v.iov_len, data));
    out.field("iov_len");
    out.uint_(v.iov_len);
    out.struct_end();
  }
  if (count > shown) {
    out.ellipsis();
  }
  out.array_end();
}

// The payload of a control message, for the types decoded here; others show none.
void put_cmsg_data(Values& out, const cmsghdr& h, std::string_view data) {
  if (h.cmsg_level != SOL_SOCKET) {
    return;
  }
  if (h.cmsg_type == SCM_RIGHTS && data.size() >= sizeof(int)) {
    out.field("cmsg_data");
    out.array_begin();
    for (size_t i = 0; i + sizeof(int) <= data.size(); i += sizeof(int)) {
      special::put_fd(out, read_as<int>(data.substr(i)));
    }
    out.array_end();
  } else if (h.cmsg_type == SCM_CREDENTIALS && data.size() >= sizeof(ucred)) {
    auto cred = read_as<ucred>(data);
    out.field("cmsg_data");
    out.struct_begin();
    out.field("pid");
    out.int_(cred.pid);
    out.field("uid");
    special::put_id(out, cred.uid);
    out.field("gid");
    special::put_id(out, cred.gid);
    out.struct_end();
  }
}

void put_cmsg_type(Values& out, const cmsghdr& h) {
  if (h.cmsg_level == SOL_SOCKET) {
    special::put_xval(out, table::xlat::scm_types, static_cast<uint32_t>(h.cmsg_type), "SCM_???");
  } else if (h.cmsg_level == SOL_IP) {
    special::put_xval(out, table::xlat::sock_ip_options, static_cast<uint32_t>(h.cmsg_type),
                      "IP_???");
  } else {
    out.hex(static_cast<uint32_t>(h.cmsg_type));
  }
}

// One control message at the start of `buf`; returns the bytes it takes, 0 to stop.
size_t put_cmsg(Values& out, std::string_view buf) {
  auto h = read_as<cmsghdr>(buf);
  out.struct_begin();
  out.field("cmsg_len");
  out.uint_(h.cmsg_len);
  out.field("cmsg_level");
  special::put_xval(out, table::xlat::socket_levels, static_cast<uint32_t>(h.cmsg_level),
                    "SOL_???");
  out.field("cmsg_type");
  put_cmsg_type(out, h);
  size_t len = std::min<uint64_t>(h.cmsg_len, buf.size());
  if (len > sizeof(cmsghdr)) {
    put_cmsg_data(out, h, buf.substr(sizeof(cmsghdr), len - sizeof(cmsghdr)));
  }
  out.struct_end();
  return len < sizeof(cmsghdr) ? 0 : CMSG_ALIGN(len);
}

// msg_control: the control messages in `len` bytes at addr.
void put_msg_control(CallCtx& c, uint64_t addr, uint64_t len) {
  Values& out = c.out();
  constexpr size_t kMaxControl = 1 << 16;
  size_t size = static_cast<size_t>(std::min<uint64_t>(len, kMaxControl));
  thread_local std::string buf;
  buf.resize(size);
  if (size < sizeof(cmsghdr) || c.mem.read(addr, buf.data(), size) != size) {
    out.ptr(addr);
    return;
  }
  out.array_begin();
  size_t off = 0;
  size_t left = size;
  while (left >= sizeof(cmsghdr)) {
    size_t step = put_cmsg(out, std::string_view(buf).substr(off, left));
    if (step == 0) {
      left -= sizeof(cmsghdr);
      break;
    }
    if (step >= left) {
      left = 0;
      break;
    }
    off += step;
    left -= step;
  }
  if (left != 0) {
    out.ellipsis();
    out.comment(fmt::format("{:#x}", addr + (size - left)));
  }
  out.array_end();
}

// The out-argument sockaddr of accept, getsockname, getpeername and recvfrom: `len_arg` is the
// in/out length, whose entry value the generic loop saved.
void put_sockaddr_out(ArgCtx& a) {
  CallCtx& c = a.call;
  int li = a.desc.len;
  uint64_t len_addr = li >= 0 ? c.arg(li) : 0;
  uint32_t after = 0;
  if (a.value == 0 || len_addr == 0 || !c.rec.saved_ok[li] || c.failed() ||
      c.mem.read(len_addr, &after, sizeof after) != sizeof after) {
    a.out().ptr(a.value);
    return;
  }
  auto before = static_cast<uint32_t>(c.rec.saved[li]);
  put_sockaddr(c, a.value, std::min(before, after));
}

}  // namespace

void put_ifindex(Values& out, uint32_t index) {
  char name[IF_NAMESIZE];
  if (index != 0 && if_indextoname(index, name) != nullptr) {
    out.sym_text(fmt::format("if_nametoindex(\"{}\")", name), index, NumFmt::dec);
  } else {
    out.uint_(index);
  }
}

void put_len_change(Values& out, uint64_t before, uint64_t after) {
  if (before != after) {
    out.uint_(before);
    out.arrow();
  }
  out.uint_(after);
}

void put_eth_proto(Values& out, uint16_t be_proto) {
  uint16_t proto = ntohs(be_proto);
  size_t off = out.pool().size();
  if (const table::XlatEntry* e = special::lookup(table::xlat::ethernet_protocols, proto)) {
    fmt::format_to(std::back_inserter(out.pool()), "htons({})", e->name);
  } else {
    fmt::format_to(std::back_inserter(out.pool()), "htons({:#x} /* ETH_P_??? */)", proto);
  }
  out.text_pooled(off);
}

void put_sockaddr(CallCtx& c, uint64_t addr, uint64_t len) {
  Values& out = c.out();
  if (addr == 0) {
    out.ptr(0);
    return;
  }
  sockaddr_storage ss{};
  size_t n = static_cast<size_t>(std::min<uint64_t>(len, sizeof ss));
  if (n < sizeof(sa_family_t) || c.mem.read(addr, &ss, n) != n) {
    out.ptr(addr);
    return;
  }
  std::string_view bytes(reinterpret_cast<const char*>(&ss), n);
  out.struct_begin();
  out.field("sa_family");
  special::put_xval(out, table::xlat::addrfams, ss.ss_family, "AF_???");
  if (!put_family_fields(out, ss.ss_family, bytes)) {
    out.field("sa_data");
    out.str(bytes.substr(sizeof(sa_family_t)), 0);
  }
  out.struct_end();
}

void put_msghdr(CallCtx& c, const msghdr& m, int64_t data, int64_t namelen_before) {
  Values& out = c.out();
  uint64_t name_len = m.msg_namelen;
  if (namelen_before >= 0) {
    name_len = std::min<uint64_t>(name_len, static_cast<uint64_t>(namelen_before));
  }
  out.struct_begin();
  out.field("msg_name");
  put_sockaddr(c, reinterpret_cast<uint64_t>(m.msg_name), name_len);
  out.field("msg_namelen");
  put_len_change(out, namelen_before >= 0 ? static_cast<uint64_t>(namelen_before) : m.msg_namelen,
                 m.msg_namelen);
  out.field("msg_iov");
  put_msg_iov(c, reinterpret_cast<uint64_t>(m.msg_iov), m.msg_iovlen, data);
  out.field("msg_iovlen");
  out.uint_(m.msg_iovlen);
  if (m.msg_controllen != 0) {
    out.field("msg_control");
    put_msg_control(c, reinterpret_cast<uint64_t>(m.msg_control), m.msg_controllen);
  }
  out.field("msg_controllen");
  out.uint_(m.msg_controllen);
  out.field("msg_flags");
  special::put_flags(out, table::xlat::msg_flags, static_cast<uint32_t>(m.msg_flags), "");
  out.struct_end();
}

void put_msghdr_at(CallCtx& c, uint64_t addr, int64_t data, int64_t namelen_before) {
  msghdr m{};
  if (special::fetch(c, addr, m)) {
    put_msghdr(c, m, data, namelen_before);
  }
}

}  // namespace net

void decode_sockaddr(ArgCtx& a) {
  if (a.desc.dir == table::Dir::in) {
    net::put_sockaddr(a.call, a.value, a.length());
  } else {
    net::put_sockaddr_out(a);
  }
}

// The in/out socklen_t of accept, getsockname, recvfrom: `[16]`, `[128 => 16]`; a failed call
// shows the length it was given.
void decode_sockaddr_len(ArgCtx& a) {
  CallCtx& c = a.call;
  Values& out = a.out();
  if (a.value == 0) {
    out.ptr(0);
    return;
  }
  if (!c.rec.saved_ok[a.index]) {
    out.ptr(a.value);
    return;
  }
  auto before = static_cast<uint32_t>(c.rec.saved[a.index]);
  uint32_t after = before;
  if (!c.failed() && c.mem.read(a.value, &after, sizeof after) != sizeof after) {
    out.ptr(a.value);
    return;
  }
  out.array_begin();
  net::put_len_change(out, before, after);
  out.array_end();
}

void decode_msghdr(ArgCtx& a) { net::put_msghdr_at(a.call, a.value, -1, -1); }

// sendmmsg and recvmmsg at exit: the messages the call handled, each with its msg_len. A
// receive shows in each message as many bytes as it got.
void decode_mmsghdr(ArgCtx& a) {
  CallCtx& c = a.call;
  Values& out = a.out();
  if (a.value == 0 || c.failed()) {
    out.ptr(a.value);
    return;
  }
  bool recv = c.rec.desc->name == "recvmmsg";
  uint64_t count = a.length();
  size_t shown = static_cast<size_t>(std::min<uint64_t>(count, c.opts.string_limit));
  thread_local std::vector<mmsghdr> msgs;
  msgs.resize(shown);
  size_t bytes = shown * sizeof(mmsghdr);
  if (bytes != 0 && c.mem.read(a.value, msgs.data(), bytes) != bytes) {
    out.ptr(a.value);
    return;
  }
  out.array_begin();
  for (const mmsghdr& m : msgs) {
    out.struct_begin();
    out.field("msg_hdr");
    net::put_msghdr(c, m.msg_hdr, recv ? static_cast<int64_t>(m.msg_len) : -1, -1);
    out.field("msg_len");
    out.uint_(m.msg_len);
    out.struct_end();
  }
  if (count > shown) {
    out.ellipsis();
  }
  out.array_end();
}

}  // namespace cxtrace::decode
