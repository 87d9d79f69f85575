// getsockopt/setsockopt: option names per level, int values (`[1]`, a short SOL_SOCKET value
// as \x escapes or an address), struct linger, ucred, ip_mreq, strings and raw bytes, and the
// returned length (`[8 => 4]`).
// cxtrace-args: -e trace=getsockopt,setsockopt,getppid
// cxtrace-after: ^getppid\(
#define _GNU_SOURCE
#include <linux/netlink.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include "dec_util.h"

static int s, s6;

static void ints(void) {
  int one = 1, v = 0;
  socklen_t len;
  long r = syscall(SYS_setsockopt, s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  expect_call(res(r), "setsockopt(%d, SOL_SOCKET, SO_REUSEADDR, [1], 4)", s);
  len = sizeof v;
  r = syscall(SYS_getsockopt, s, SOL_SOCKET, SO_REUSEADDR, &v, &len);
  expect_call(res(r), "getsockopt(%d, SOL_SOCKET, SO_REUSEADDR, [1], [4])", s);
  len = 8;
  r = syscall(SYS_getsockopt, s, SOL_SOCKET, SO_TYPE, &v, &len);
  expect_call(res(r), "getsockopt(%d, SOL_SOCKET, SO_TYPE, [1], [8 => 4])", s);
  int big = 0x4000;
  r = syscall(SYS_setsockopt, s, SOL_SOCKET, SO_SNDBUF, &big, sizeof big);
  expect_call(res(r), "setsockopt(%d, SOL_SOCKET, SO_SNDBUF, [16384], 4)", s);
  len = 2;
  r = syscall(SYS_getsockopt, s, SOL_SOCKET, SO_SNDBUF, &v, &len);
  unsigned char *b = (unsigned char *)&v;
  expect_call(res(r), "getsockopt(%d, SOL_SOCKET, SO_SNDBUF, \"\\x%02x\\x%02x\", [2])", s, b[0], b[1]);
  r = syscall(SYS_setsockopt, s, SOL_SOCKET, SO_REUSEADDR, &one, 2);
  expect_call(res(r), "setsockopt(%d, SOL_SOCKET, SO_REUSEADDR, %p, 2)", s, (void *)&one);
  r = syscall(SYS_setsockopt, s, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  expect_call(res(r), "setsockopt(%d, SOL_TCP, TCP_NODELAY, [1], 4)", s);
  len = sizeof v;
  r = syscall(SYS_getsockopt, s, SOL_IP, IP_TTL, &v, &len);
  expect_call(res(r), "getsockopt(%d, SOL_IP, IP_TTL, [%d], [4])", s, v);
  r = syscall(SYS_setsockopt, s6, SOL_IPV6, IPV6_V6ONLY, &one, sizeof one);
  expect_call(res(r), "setsockopt(%d, SOL_IPV6, IPV6_V6ONLY, [1], 4)", s6);
  r = syscall(SYS_setsockopt, s, SOL_SOCKET, 999, &one, sizeof one);
  expect_call(res(r), "setsockopt(%d, SOL_SOCKET, 0x3e7 /* SO_??? */, [1], 4)", s);
  r = syscall(SYS_setsockopt, s, 999, 5, &one, sizeof one);
  expect_call(res(r), "setsockopt(%d, 0x3e7 /* SOL_?? */, 5, [1], 4)", s);
  r = syscall(SYS_setsockopt, s, IPPROTO_TCP, 99, &one, sizeof one);
  expect_call(res(r), "setsockopt(%d, SOL_TCP, 0x63 /* TCP_??? */, [1], 4)", s);
  r = syscall(SYS_setsockopt, s, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof one);
  expect_call(res(r), "setsockopt(%d, SOL_NETLINK, NETLINK_EXT_ACK, [1], 4)", s);
  r = syscall(SYS_setsockopt, s, SOL_SOCKET, SO_REUSEADDR, NULL, 4);
  expect_call(res(r), "setsockopt(%d, SOL_SOCKET, SO_REUSEADDR, NULL, 4)", s);
  r = syscall(SYS_getsockopt, s, SOL_SOCKET, SO_REUSEADDR, &v, NULL);
  expect_call(res(r), "getsockopt(%d, SOL_SOCKET, SO_REUSEADDR, %p, NULL)", s, (void *)&v);
  len = sizeof v;
  r = syscall(SYS_getsockopt, -1, SOL_SOCKET, SO_REUSEADDR, &v, &len);
  expect_call(res(r), "getsockopt(-1, SOL_SOCKET, SO_REUSEADDR, %p, [4])", (void *)&v);
}

static void structs(void) {
  struct linger lg = {1, 5};
  long r = syscall(SYS_setsockopt, s, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
  expect_call(res(r), "setsockopt(%d, SOL_SOCKET, SO_LINGER, {l_onoff=1, l_linger=5}, 8)", s);
  socklen_t len = 16;
  char buf[64] = {0};
  r = syscall(SYS_getsockopt, s, SOL_SOCKET, SO_LINGER, buf, &len);
  expect_call(res(r), "getsockopt(%d, SOL_SOCKET, SO_LINGER, {l_onoff=1, l_linger=5}, [16 => 8])", s);
  r = syscall(SYS_setsockopt, s, SOL_SOCKET, SO_LINGER, &lg, 4);
  expect_call(res(r), "setsockopt(%d, SOL_SOCKET, SO_LINGER, %p, 4)", s, (void *)&lg);
  int sv[2];
  CHECK(syscall(SYS_socketpair, AF_UNIX, SOCK_STREAM, 0, sv) == 0);
  len = sizeof buf;
  r = syscall(SYS_getsockopt, sv[0], SOL_SOCKET, SO_PEERCRED, buf, &len);
  expect_call(res(r), "getsockopt(%d, SOL_SOCKET, SO_PEERCRED, {pid=%d, uid=%u, gid=%u}, [64 => 12])",
              sv[0], getpid(), getuid(), getgid());
  struct ip_mreq mr = {{htonl(0xe0000001)}, {htonl(INADDR_LOOPBACK)}};
  r = syscall(SYS_setsockopt, s, SOL_IP, IP_ADD_MEMBERSHIP, &mr, sizeof mr);
  expect_call(res(r), "setsockopt(%d, SOL_IP, IP_ADD_MEMBERSHIP, {imr_multiaddr=inet_addr(\"224.0.0.1\"), "
              "imr_interface=inet_addr(\"127.0.0.1\")}, 8)", s);
}

static void bytes(void) {
  long r = syscall(SYS_setsockopt, s, SOL_SOCKET, SO_BINDTODEVICE, "lo", 3);
  expect_call(res(r), "setsockopt(%d, SOL_SOCKET, SO_BINDTODEVICE, \"lo\\0\", 3)", s);
  r = syscall(SYS_setsockopt, s, SOL_SOCKET, SO_BINDTODEVICE, NULL, 0);
  expect_call(res(r), "setsockopt(%d, SOL_SOCKET, SO_BINDTODEVICE, NULL, 0)", s);
  struct timeval tv = {3, 500};
  r = syscall(SYS_setsockopt, s, SOL_SOCKET, SO_RCVTIMEO_OLD, &tv, sizeof tv);
  expect_call(res(r), "setsockopt(%d, SOL_SOCKET, SO_RCVTIMEO_OLD, "
              "\"\\3\\0\\0\\0\\0\\0\\0\\0\\364\\1\\0\\0\\0\\0\\0\\0\", 16)", s);
  char one[16] = "xyz";
  r = syscall(SYS_setsockopt, s, IPPROTO_TCP, TCP_NODELAY, one, 16);
  expect_call(res(r), "setsockopt(%d, SOL_TCP, TCP_NODELAY, \"xyz\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\", 16)", s);
}

int main(void) {
  s = socket(AF_INET, SOCK_STREAM, 0);
  s6 = socket(AF_INET6, SOCK_STREAM, 0);
  CHECK(s >= 0 && s6 >= 0);
  start_marker();
  ints();
  structs();
  bytes();
  expect_line("+++ exited with 0 +++");
  return 0;
}
