// The socket calls over loopback: socket's protocol named by domain, socketpair's pair, bind,
// listen, getsockname and accept with their in/out lengths (`[128 => 16]`), accept4 flags,
// sendto/recvfrom (only the bytes received, the sender's address), shutdown.
// cxtrace-args: -e trace=socket,socketpair,bind,listen,getsockname,getpeername,connect,accept,accept4,sendto,recvfrom,shutdown,getppid
// cxtrace-after: ^getppid\(
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <fcntl.h>
#include <linux/netlink.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "dec_util.h"

static char addr_buf[8][160];
static int addr_next;

// `{sa_family=AF_INET, sin_port=htons(N), sin_addr=inet_addr("127.0.0.1")}`
static const char *in_str(const struct sockaddr_in *a) {
  char *b = addr_buf[addr_next++ % 8];
  snprintf(b, sizeof addr_buf[0], "{sa_family=AF_INET, sin_port=htons(%u), sin_addr=inet_addr(\"%s\")}",
           ntohs(a->sin_port), inet_ntoa(a->sin_addr));
  return b;
}

static void sockets(void) {
  long r = syscall(SYS_socket, AF_INET6, SOCK_DGRAM | SOCK_NONBLOCK, IPPROTO_UDP);
  expect_call(res(r), "socket(AF_INET6, SOCK_DGRAM|SOCK_NONBLOCK, IPPROTO_UDP)");
  r = syscall(SYS_socket, AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
  expect_call(res(r), "socket(AF_NETLINK, SOCK_RAW|SOCK_CLOEXEC, NETLINK_ROUTE)");
  r = syscall(SYS_socket, AF_NETLINK, SOCK_RAW, 99);
  expect_call(res(r), "socket(AF_NETLINK, SOCK_RAW, 0x63 /* NETLINK_??? */)");
  r = syscall(SYS_socket, AF_UNIX, SOCK_STREAM, 5);
  expect_call(res(r), "socket(AF_UNIX, SOCK_STREAM, 5)");
  r = syscall(SYS_socket, AF_PACKET, SOCK_RAW, htons(3));
  expect_call(res(r), "socket(AF_PACKET, SOCK_RAW, htons(ETH_P_ALL))");
  r = syscall(SYS_socket, AF_INET, 77, 999);
  expect_call(res(r), "socket(AF_INET, 0x4d /* SOCK_??? */, 0x3e7 /* IPPROTO_??? */)");
  r = syscall(SYS_socket, 1000, SOCK_STREAM, 5);
  expect_call(res(r), "socket(0x3e8 /* AF_??? */, SOCK_STREAM, 5)");
  r = syscall(SYS_socket, AF_INET, SOCK_STREAM | 0x100, 0);
  expect_call(res(r), "socket(AF_INET, SOCK_STREAM|0x100 /* SOCK_??? */, IPPROTO_IP)");
  r = syscall(SYS_socket, AF_INET, 0xd | SOCK_CLOEXEC, 0);
  expect_call(res(r), "socket(AF_INET, SOCK_CLOEXEC|0xd, IPPROTO_IP)");
  r = syscall(SYS_socketpair, 1000, 77, 5, NULL);
  expect_call(res(r), "socketpair(0x3e8 /* AF_??? */, 0x4d /* SOCK_??? */, 5, NULL)");
  int sv[2];
  r = syscall(SYS_socketpair, AF_UNIX, SOCK_STREAM, 0, sv);
  expect_call(res(r), "socketpair(AF_UNIX, SOCK_STREAM, 0, [%d, %d])", sv[0], sv[1]);
  r = syscall(SYS_socketpair, AF_INET, SOCK_STREAM, 0, sv);
  expect_call(res(r), "socketpair(AF_INET, SOCK_STREAM, 0, %p)", (void *)sv);
}

static void tcp(void) {
  int s = syscall(SYS_socket, AF_INET, SOCK_STREAM | SOCK_CLOEXEC, IPPROTO_TCP);
  expect_call(res(s), "socket(AF_INET, SOCK_STREAM|SOCK_CLOEXEC, IPPROTO_TCP)");
  struct sockaddr_in a = {AF_INET, 0, {htonl(INADDR_LOOPBACK)}, {0}};
  long r = syscall(SYS_bind, s, &a, sizeof a);
  expect_call(res(r), "bind(%d, %s, 16)", s, in_str(&a));
  r = syscall(SYS_listen, s, 5);
  expect_call(res(r), "listen(%d, 5)", s);
  fcntl(s, F_SETFL, O_NONBLOCK);
  struct sockaddr_storage ss;
  socklen_t len = sizeof ss;
  r = syscall(SYS_getsockname, s, &ss, &len);
  expect_call(res(r), "getsockname(%d, %s, [128 => 16])", s, in_str((void *)&ss));
  a = *(struct sockaddr_in *)&ss;
  len = 128;
  r = syscall(SYS_getsockname, s, &ss, &len);
  expect_call(res(r), "getsockname(%d, %s, [128 => 16])", s, in_str((void *)&ss));
  len = 16;
  r = syscall(SYS_getsockname, 999, &ss, &len);
  expect_call(res(r), "getsockname(999, %p, [16])", (void *)&ss);
  r = syscall(SYS_getsockname, s, &ss, NULL);
  expect_call(res(r), "getsockname(%d, %p, NULL)", s, (void *)&ss);

  int c = syscall(SYS_socket, AF_INET, SOCK_STREAM, 0);
  expect_call(res(c), "socket(AF_INET, SOCK_STREAM, IPPROTO_IP)");
  r = syscall(SYS_connect, c, &a, sizeof a);
  expect_call(res(r), "connect(%d, %s, 16)", c, in_str(&a));
  len = sizeof ss;
  int ac = syscall(SYS_accept, s, &ss, &len);
  expect_call(res(ac), "accept(%d, %s, [128 => 16])", s, in_str((void *)&ss));
  len = sizeof ss;
  r = syscall(SYS_accept4, s, &ss, &len, SOCK_CLOEXEC | SOCK_NONBLOCK);
  expect_call(res(r), "accept4(%d, %p, [128], SOCK_CLOEXEC|SOCK_NONBLOCK)", s, (void *)&ss);
  r = syscall(SYS_accept4, s, NULL, NULL, 0x80);
  expect_call(res(r), "accept4(%d, NULL, NULL, 0x80 /* SOCK_??? */)", s);
  len = sizeof ss;
  r = syscall(SYS_getpeername, ac, &ss, &len);
  expect_call(res(r), "getpeername(%d, %s, [128 => 16])", ac, in_str((void *)&ss));

  r = syscall(SYS_sendto, c, "hello", 5, MSG_DONTWAIT | MSG_NOSIGNAL, NULL, 0);
  expect_call(res(r), "sendto(%d, \"hello\", 5, MSG_DONTWAIT|MSG_NOSIGNAL, NULL, 0)", c);
  char buf[100];
  r = syscall(SYS_recvfrom, ac, buf, sizeof buf, 0, NULL, NULL);
  expect_call(res(r), "recvfrom(%d, \"hello\", 100, 0, NULL, NULL)", ac);
  len = sizeof ss;
  r = syscall(SYS_recvfrom, ac, buf, sizeof buf, MSG_DONTWAIT, &ss, &len);
  expect_call(res(r), "recvfrom(%d, %p, 100, MSG_DONTWAIT, %p, [128])", ac, (void *)buf, (void *)&ss);
  r = syscall(SYS_shutdown, c, SHUT_WR);
  expect_call(res(r), "shutdown(%d, SHUT_WR)", c);
  r = syscall(SYS_shutdown, c, 7);
  expect_call(res(r), "shutdown(%d, 0x7 /* SHUT_??? */)", c);
}

static void udp(void) {
  int u = syscall(SYS_socket, AF_INET, SOCK_DGRAM, 0);
  expect_call(res(u), "socket(AF_INET, SOCK_DGRAM, IPPROTO_IP)");
  struct sockaddr_in a = {AF_INET, 0, {htonl(INADDR_LOOPBACK)}, {0}};
  socklen_t len = sizeof a;
  syscall(SYS_bind, u, &a, sizeof a);
  expect_call("0", "bind(%d, %s, 16)", u, in_str(&a));
  syscall(SYS_getsockname, u, &a, &len);
  expect_call("0", "getsockname(%d, %s, [16])", u, in_str(&a));
  long r = syscall(SYS_sendto, u, "dgram", 5, 0, &a, sizeof a);
  expect_call(res(r), "sendto(%d, \"dgram\", 5, 0, %s, 16)", u, in_str(&a));
  struct sockaddr_storage ss;
  char buf[8];
  len = sizeof ss;
  r = syscall(SYS_recvfrom, u, buf, 3, MSG_TRUNC, &ss, &len);
  expect_call(res(r), "recvfrom(%d, \"dgr\", 3, MSG_TRUNC, %s, [128 => 16])", u, in_str((void *)&ss));
}

int main(void) {
  start_marker();
  sockets();
  tcp();
  udp();
  expect_line("+++ exited with 0 +++");
  return 0;
}
