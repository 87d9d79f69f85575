#include "trace/sock_diag.h"

#include <arpa/inet.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/netlink_diag.h>
#include <linux/rtnetlink.h>
#include <linux/sock_diag.h>
#include <linux/unix_diag.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "decode/special/common.h"
#include "output/text_format.h"
#include "table/syscall_desc.h"

namespace cxtrace::trace {

namespace {

#ifndef IPPROTO_L2TP
#define IPPROTO_L2TP 115
#endif

struct Protocol {
  std::string_view name;
  int family;
  int protocol;
};

// The protocols whose sockets get details, by the kernel's name for them.
constexpr Protocol kProtocols[] = {
    {"DCCP", AF_INET, IPPROTO_DCCP},
    {"DCCPv6", AF_INET6, IPPROTO_DCCP},
    {"L2TP/IP", AF_INET, IPPROTO_L2TP},
    {"L2TP/IPv6", AF_INET6, IPPROTO_L2TP},
    {"NETLINK", AF_NETLINK, 0},
    {"PING", AF_INET, IPPROTO_ICMP},
    {"PINGv6", AF_INET6, IPPROTO_ICMP},
    {"RAW", AF_INET, IPPROTO_RAW},
    {"RAWv6", AF_INET6, IPPROTO_RAW},
    {"SCTP", AF_INET, IPPROTO_SCTP},
    {"SCTPv6", AF_INET6, IPPROTO_SCTP},
    {"TCP", AF_INET, IPPROTO_TCP},
    {"TCPv6", AF_INET6, IPPROTO_TCP},
    {"UDP", AF_INET, IPPROTO_UDP},
    {"UDPLITE", AF_INET, IPPROTO_UDPLITE},
    {"UDPLITEv6", AF_INET6, IPPROTO_UDPLITE},
    {"UDPv6", AF_INET6, IPPROTO_UDP},
    {"UNIX", AF_UNIX, 0},
    {"UNIX-STREAM", AF_UNIX, 0},
};

bool send_request(int fd, const void *req, size_t len) {
  sockaddr_nl nl{};
  nl.nl_family = AF_NETLINK;
  for (;;) {
    if (sendto(fd, req, len, 0, reinterpret_cast<sockaddr *>(&nl), sizeof nl) >=
        0) {
      return true;
    }
    if (errno != EINTR) {
      return false;
    }
  }
}

// Reads answers until `parse` finds the inode (> 0) or gives up (< 0), or the
// answers end.
template <typename Parse> bool receive(int fd, Parse parse) {
  alignas(nlmsghdr) static char buf[16384];
  int flags = 0;
  for (;;) {
    ssize_t n = recv(fd, buf, sizeof buf, flags);
    if (n < 0) {
      if (errno == EINTR) {
        continue;
      }
      return false;
    }
    // NLMSG_OK and NLMSG_NEXT, with sizes kept unsigned (the macros compare a
    // u32 with an int).
    auto *h = reinterpret_cast<nlmsghdr *>(buf);
    size_t left = static_cast<size_t>(n);
    auto whole = [](const nlmsghdr *m, size_t room) {
      return room >= sizeof(nlmsghdr) && m->nlmsg_len >= sizeof(nlmsghdr) &&
             m->nlmsg_len <= room;
    };
    if (!whole(h, left)) {
      return false;
    }
    while (whole(h, left)) {
      if (h->nlmsg_type != SOCK_DIAG_BY_FAMILY) {
        return false; // NLMSG_DONE or an error: the inode is not there
      }
      int r = parse(NLMSG_DATA(h), static_cast<int>(h->nlmsg_len));
      if (r != 0) {
        return r > 0;
      }
      size_t step = NLMSG_ALIGN(h->nlmsg_len);
      if (step >= left) {
        break;
      }
      left -= step;
      h = reinterpret_cast<nlmsghdr *>(reinterpret_cast<char *>(h) + step);
    }
    flags = MSG_DONTWAIT;
  }
}

bool inet_details(int fd, uint64_t inode, int family, int protocol,
                  std::string_view name, std::string &out) {
  struct {
    nlmsghdr nlh;
    inet_diag_req_v2 req;
  } r{};
  r.nlh.nlmsg_len = sizeof r;
  r.nlh.nlmsg_type = SOCK_DIAG_BY_FAMILY;
  r.nlh.nlmsg_flags = NLM_F_DUMP | NLM_F_REQUEST;
  r.req.sdiag_family = static_cast<uint8_t>(family);
  r.req.sdiag_protocol = static_cast<uint8_t>(protocol);
  r.req.idiag_states = ~0U;
  if (!send_request(fd, &r, sizeof r)) {
    return false;
  }
  return receive(fd, [&](const void *data, int len) {
    const auto *m = static_cast<const inet_diag_msg *>(data);
    if (len < static_cast<int>(NLMSG_LENGTH(sizeof *m))) {
      return -1;
    }
    if (m->idiag_inode != inode) {
      return 0;
    }
    if (m->idiag_family != AF_INET && m->idiag_family != AF_INET6) {
      return -1;
    }
    bool v6 = m->idiag_family == AF_INET6;
    size_t addr_len = v6 ? 16 : 4;
    char src[INET6_ADDRSTRLEN];
    char dst[INET6_ADDRSTRLEN];
    if (inet_ntop(m->idiag_family, m->id.idiag_src, src, sizeof src) ==
            nullptr ||
        inet_ntop(m->idiag_family, m->id.idiag_dst, dst, sizeof dst) ==
            nullptr) {
      return -1;
    }
    static const uint32_t kZero[4] = {};
    const char *ob = v6 ? "[" : "";
    const char *cb = v6 ? "]" : "";
    out.clear();
    fmt::format_to(std::back_inserter(out), "{}:[{}{}{}:{}", name, ob, src, cb,
                   ntohs(m->id.idiag_sport));
    if (m->id.idiag_dport != 0 ||
        std::memcmp(kZero, m->id.idiag_dst, addr_len) != 0) {
      fmt::format_to(std::back_inserter(out), "->{}{}{}:{}", ob, dst, cb,
                     ntohs(m->id.idiag_dport));
    }
    out += ']';
    return 1;
  });
}

bool unix_details(int fd, uint64_t inode, std::string_view name,
                  std::string &out) {
  struct {
    nlmsghdr nlh;
    unix_diag_req req;
  } r{};
  r.nlh.nlmsg_len = sizeof r;
  r.nlh.nlmsg_type = SOCK_DIAG_BY_FAMILY;
  r.nlh.nlmsg_flags = NLM_F_REQUEST;
  r.req.sdiag_family = AF_UNIX;
  r.req.udiag_ino = static_cast<uint32_t>(inode);
  r.req.udiag_states = ~0U;
  r.req.udiag_show = UDIAG_SHOW_NAME | UDIAG_SHOW_PEER;
  r.req.udiag_cookie[0] = ~0U;
  r.req.udiag_cookie[1] = ~0U;
  if (!send_request(fd, &r, sizeof r)) {
    return false;
  }
  return receive(fd, [&](const void *data, int len) {
    const auto *m = static_cast<const unix_diag_msg *>(data);
    int rta_len = len - static_cast<int>(NLMSG_LENGTH(sizeof *m));
    if (rta_len < 0) {
      return -1;
    }
    if (m->udiag_ino != inode) {
      return 0;
    }
    if (m->udiag_family != AF_UNIX) {
      return -1;
    }
    uint32_t peer = 0;
    std::string path;
    bool named = false;
    for (auto *a = reinterpret_cast<const rtattr *>(m + 1); RTA_OK(a, rta_len);
         a = RTA_NEXT(a, rta_len)) {
      if (a->rta_type == UNIX_DIAG_NAME && !named) {
        size_t n = std::min<size_t>(RTA_PAYLOAD(a), 108);
        path.assign(static_cast<const char *>(RTA_DATA(a)), n);
        named = n != 0;
      } else if (a->rta_type == UNIX_DIAG_PEER && RTA_PAYLOAD(a) >= 4) {
        std::memcpy(&peer, RTA_DATA(a), sizeof peer);
      }
    }
    if (peer == 0 && !named) {
      return -1;
    }
    out.clear();
    fmt::format_to(std::back_inserter(out), "{}:[{}", name, inode);
    if (peer != 0) {
      fmt::format_to(std::back_inserter(out), "->{}", peer);
    }
    if (named) {
      // A path stops at its NUL; an abstract name (leading NUL) is shown as
      // @"name".
      out += ',';
      std::string_view p = path;
      if (p[0] == '\0') {
        out += '@';
        p.remove_prefix(1);
      }
      p = p.substr(0, p.find('\0'));
      output::quote_string(p, output::TextStyle{}, out);
    }
    out += ']';
    return 1;
  });
}

bool netlink_details(int fd, uint64_t inode, std::string_view name,
                     std::string &out) {
  struct {
    nlmsghdr nlh;
    netlink_diag_req req;
  } r{};
  r.nlh.nlmsg_len = sizeof r;
  r.nlh.nlmsg_type = SOCK_DIAG_BY_FAMILY;
  r.nlh.nlmsg_flags = NLM_F_DUMP | NLM_F_REQUEST;
  r.req.sdiag_family = AF_NETLINK;
  r.req.sdiag_protocol = NDIAG_PROTO_ALL;
  if (!send_request(fd, &r, sizeof r)) {
    return false;
  }
  return receive(fd, [&](const void *data, int len) {
    const auto *m = static_cast<const netlink_diag_msg *>(data);
    if (len < static_cast<int>(NLMSG_LENGTH(sizeof *m))) {
      return -1;
    }
    if (m->ndiag_ino != inode) {
      return 0;
    }
    if (m->ndiag_family != AF_NETLINK) {
      return -1;
    }
    out.clear();
    if (const table::XlatEntry *e = decode::special::lookup(
            table::xlat::netlink_protocols, m->ndiag_protocol)) {
      std::string_view proto = e->name;
      if (proto.substr(0, 8) == "NETLINK_") {
        proto.remove_prefix(8);
      }
      fmt::format_to(std::back_inserter(out), "{}:[{}:{}]", name, proto,
                     m->ndiag_portid);
    } else {
      fmt::format_to(std::back_inserter(out), "{}:[{}]", name,
                     m->ndiag_protocol);
    }
    return 1;
  });
}

} // namespace

bool SockDiag::query(uint64_t inode, int family, int protocol,
                     std::string_view name, std::string &out) {
  // A socket a question: answers left unread never mix with the next
  // question's.
  int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
  if (fd < 0) {
    return false;
  }
  bool found = false;
  switch (family) {
  case AF_UNIX:
    found = unix_details(fd, inode, name, out);
    break;
  case AF_NETLINK:
    found = netlink_details(fd, inode, name, out);
    break;
  default:
    found = inet_details(fd, inode, family, protocol, name, out);
    break;
  }
  close(fd);
  return found;
}

bool SockDiag::describe(uint64_t inode, std::string_view proto,
                        std::string &out) {
  if (!cache_) {
    cache_ = std::make_unique<std::array<Slot, kSlots>>();
  }
  Slot &slot = (*cache_)[inode & (kSlots - 1)];
  if (slot.inode == inode && !slot.text.empty()) {
    out = slot.text;
    return true;
  }
  const Protocol *p = nullptr;
  for (const Protocol &c : kProtocols) {
    if (c.name == proto) {
      p = &c;
    }
  }
  if (p == nullptr) {
    return false;
  }
  if (query(inode, p->family, p->protocol, p->name, out)) {
    slot.inode = inode;
    slot.text = out;
    return true;
  }
  out = fmt::format("{}:[{}]", p->name, inode);
  return true;
}

} // namespace cxtrace::trace
