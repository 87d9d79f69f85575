// Socket addresses of each family, given to connect() on a closed descriptor (the call fails,
// the address is still shown): unix paths and abstract names, inet, inet6 with flow and scope,
// netlink, packet, and the raw sa_data of a short address or a family without a decoder.
// cxtrace-args: -e trace=connect,getppid
// cxtrace-after: ^getppid\(
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <linux/if_packet.h>
#include <linux/netlink.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <net/if_arp.h>
#include <netinet/in.h>
#include <stddef.h>
#include <sys/socket.h>
#include <sys/un.h>

#include "dec_util.h"

static long conn(const void *addr, socklen_t len) { return syscall(SYS_connect, -1, addr, len); }

static void unix_addrs(void) {
  struct sockaddr_un un = {AF_UNIX, "/run/x"};
  long r = conn(&un, sizeof un);
  expect_call(res(r), "connect(-1, {sa_family=AF_UNIX, sun_path=\"/run/x\"}, %zu)", sizeof un);
  r = conn(&un, offsetof(struct sockaddr_un, sun_path) + 3);
  expect_call(res(r), "connect(-1, {sa_family=AF_UNIX, sun_path=\"/ru\"}, 5)");
  r = conn(&un, 2);
  expect_call(res(r), "connect(-1, {sa_family=AF_UNIX}, 2)");
  r = conn(&un, 1);
  expect_call(res(r), "connect(-1, %p, 1)", (void *)&un);
  struct sockaddr_un ab = {AF_UNIX, "\0abs\0x"};
  r = conn(&ab, offsetof(struct sockaddr_un, sun_path) + 6);
  expect_call(res(r), "connect(-1, {sa_family=AF_UNIX, sun_path=@\"abs\\0x\"}, 8)");
  memset(un.sun_path, 'a', sizeof un.sun_path);
  r = conn(&un, sizeof un);
  char path[sizeof un.sun_path + 1] = {0};
  memset(path, 'a', sizeof un.sun_path);
  expect_call(res(r), "connect(-1, {sa_family=AF_UNIX, sun_path=\"%s\"}, %zu)", path, sizeof un);
}

static void inet_addrs(void) {
  struct sockaddr_in in = {AF_INET, htons(80), {htonl(INADDR_LOOPBACK)}, {0}};
  long r = conn(&in, sizeof in);
  expect_call(res(r), "connect(-1, {sa_family=AF_INET, sin_port=htons(80), "
              "sin_addr=inet_addr(\"127.0.0.1\")}, 16)");
  r = conn(&in, 8);
  expect_call(res(r), "connect(-1, {sa_family=AF_INET, sa_data=\"\\0P\\177\\0\\0\\1\"}, 8)");

  struct sockaddr_in6 in6 = {AF_INET6, htons(443), 0, IN6ADDR_LOOPBACK_INIT, 0};
  r = conn(&in6, sizeof in6);
  expect_call(res(r), "connect(-1, {sa_family=AF_INET6, sin6_port=htons(443), sin6_flowinfo=htonl(0), "
              "inet_pton(AF_INET6, \"::1\", &sin6_addr), sin6_scope_id=0}, 28)");
  r = conn(&in6, 24);
  expect_call(res(r), "connect(-1, {sa_family=AF_INET6, sin6_port=htons(443), sin6_flowinfo=htonl(0), "
              "inet_pton(AF_INET6, \"::1\", &sin6_addr)}, 24)");
  in6.sin6_flowinfo = htonl(5);
  in6.sin6_scope_id = if_nametoindex("lo");
  inet_pton(AF_INET6, "fe80::1", &in6.sin6_addr);
  r = conn(&in6, sizeof in6);
  expect_call(res(r), "connect(-1, {sa_family=AF_INET6, sin6_port=htons(443), sin6_flowinfo=htonl(5), "
              "inet_pton(AF_INET6, \"fe80::1\", &sin6_addr), sin6_scope_id=if_nametoindex(\"lo\")}, 28)");
}

static void other_addrs(void) {
  struct sockaddr_nl nl = {AF_NETLINK, 0, 1234, 0x10};
  long r = conn(&nl, sizeof nl);
  expect_call(res(r), "connect(-1, {sa_family=AF_NETLINK, nl_pid=1234, nl_groups=0x000010}, 12)");
  nl.nl_groups = 0;
  r = conn(&nl, sizeof nl);
  expect_call(res(r), "connect(-1, {sa_family=AF_NETLINK, nl_pid=1234, nl_groups=00000000}, 12)");

  struct sockaddr_ll ll = {AF_PACKET, htons(ETH_P_IP), (int)if_nametoindex("lo"), ARPHRD_ETHER,
                           PACKET_HOST, 6, {1, 2, 3, 0, 5, 0xff}};
  r = conn(&ll, sizeof ll);
  expect_call(res(r), "connect(-1, {sa_family=AF_PACKET, sll_protocol=htons(ETH_P_IP), "
              "sll_ifindex=if_nametoindex(\"lo\"), sll_hatype=ARPHRD_ETHER, sll_pkttype=PACKET_HOST, "
              "sll_halen=6, sll_addr=[0x1, 0x2, 0x3, 00, 0x5, 0xff]}, 20)");
  ll.sll_protocol = htons(0x1234);
  ll.sll_hatype = 999;
  ll.sll_pkttype = 9;
  ll.sll_halen = 20;
  r = conn(&ll, sizeof ll);
  expect_call(res(r), "connect(-1, {sa_family=AF_PACKET, sll_protocol=htons(0x1234 /* ETH_P_??? */), "
              "sll_ifindex=if_nametoindex(\"lo\"), sll_hatype=0x3e7 /* ARPHRD_??? */, "
              "sll_pkttype=0x9 /* PACKET_??? */, sll_halen=20, "
              "sll_addr=[0x1, 0x2, 0x3, 00, 0x5, 0xff, 00, 00, ...]}, 20)");

  struct sockaddr sa = {AF_UNSPEC, "abc\1\2"};
  r = conn(&sa, sizeof sa);
  expect_call(res(r), "connect(-1, {sa_family=AF_UNSPEC, sa_data=\"abc\\1\\2\\0\\0\\0\\0\\0\\0\\0\\0\\0\"}, 16)");
  sa.sa_family = 200;
  r = conn(&sa, 4);
  expect_call(res(r), "connect(-1, {sa_family=0xc8 /* AF_??? */, sa_data=\"ab\"}, 4)");
  sa.sa_family = AF_DECnet;
  r = conn(&sa, 5);
  expect_call(res(r), "connect(-1, {sa_family=AF_DECnet, sa_data=\"abc\"}, 5)");
  r = conn(NULL, 16);
  expect_call(res(r), "connect(-1, NULL, 16)");
  r = conn((void *)8, 16);
  expect_call(res(r), "connect(-1, 0x8, 16)");
}

int main(void) {
  start_marker();
  unix_addrs();
  inet_addrs();
  other_addrs();
  expect_line("+++ exited with 0 +++");
  return 0;
}
