// -yy: sockets with their endpoints as the kernel's sock_diag reports them (`UNIX-STREAM:[1->2]`,
// `TCP:[127.0.0.1:P]` listening, `TCP:[a:P->b:Q]` connected, `UDP:[…]`, `NETLINK:[ROUTE:pid]`,
// a bound unix socket's path, an abstract one's @name), `PROTO:[inode]` while the kernel has
// nothing to say, a device's `<char 1:3>`, a pidfd's `pid:N`.
// cxtrace-args: -yy -e trace=socket,socketpair,bind,listen,connect,accept,sendto,close,openat,pidfd_open,getppid
// cxtrace-after: ^getppid\(
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <fcntl.h>
#include <linux/netlink.h>
#include <netinet/in.h>
#include <stddef.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include "dec_util.h"

static unsigned long ino(int fd) {
  struct stat st;
  CHECK(fstat(fd, &st) == 0);
  return (unsigned long)st.st_ino;
}

static int port_of(int fd) {
  struct sockaddr_in a;
  socklen_t l = sizeof a;
  CHECK(getsockname(fd, (struct sockaddr *)&a, &l) == 0);
  return ntohs(a.sin_port);
}

int main(void) {
  char dir[] = "/tmp/cxtrace-fdsock-XXXXXX";
  CHECK(mkdtemp(dir) != NULL);
  CHECK(chdir("/") == 0);
  char ret[8192];
  start_marker();

  int sv[2];
  long r = syscall(SYS_socketpair, AF_UNIX, SOCK_STREAM, 0, sv);
  CHECK(r == 0 && sv[0] == 3 && sv[1] == 4);
  unsigned long a = ino(3), b = ino(4);
  expect_call("0", "socketpair(AF_UNIX, SOCK_STREAM, 0, [3<UNIX-STREAM:[%lu->%lu]>, 4<UNIX-STREAM:[%lu->%lu]>])",
              a, b, b, a);
  r = syscall(SYS_sendto, 3, "x", 1, 0, NULL, 0);
  expect_call(res(r), "sendto(3<UNIX-STREAM:[%lu->%lu]>, \"x\", 1, 0, NULL, 0)", a, b);
  syscall(SYS_close, 3);
  expect_call("0", "close(3<UNIX-STREAM:[%lu->%lu]>)", a, b);
  syscall(SYS_close, 4);
  expect_call("0", "close(4<UNIX-STREAM:[%lu->%lu]>)", b, a);
  r = syscall(SYS_socketpair, AF_UNIX, SOCK_DGRAM, 0, sv);
  CHECK(r == 0);
  a = ino(3), b = ino(4);
  expect_call("0", "socketpair(AF_UNIX, SOCK_DGRAM, 0, [3<UNIX:[%lu->%lu]>, 4<UNIX:[%lu->%lu]>])", a, b, b, a);
  syscall(SYS_close, 3);
  expect_call("0", "close(3<UNIX:[%lu->%lu]>)", a, b);
  syscall(SYS_close, 4);
  expect_call("0", "close(4<UNIX:[%lu->%lu]>)", b, a);

  // TCP on the loopback: unbound, listening, connected both ways.
  long s = syscall(SYS_socket, AF_INET, SOCK_STREAM, 0);
  CHECK(s == 3);
  unsigned long si = ino(3);
  snprintf(ret, sizeof ret, "3<TCP:[%lu]>", si);
  expect_call(ret, "socket(AF_INET, SOCK_STREAM, IPPROTO_IP)");
  struct sockaddr_in in = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
  r = syscall(SYS_bind, 3, &in, sizeof in);
  expect_call(res(r), "bind(3<TCP:[%lu]>, {sa_family=AF_INET, sin_port=htons(0), sin_addr=inet_addr(\"127.0.0.1\")}, 16)", si);
  r = syscall(SYS_listen, 3, 1);
  int port = port_of(3);
  expect_call(res(r), "listen(3<TCP:[127.0.0.1:%d]>, 1)", port);
  long c = syscall(SYS_socket, AF_INET, SOCK_STREAM, 0);
  CHECK(c == 4);
  unsigned long ci = ino(4);
  snprintf(ret, sizeof ret, "4<TCP:[%lu]>", ci);
  expect_call(ret, "socket(AF_INET, SOCK_STREAM, IPPROTO_IP)");
  in.sin_port = htons(port);
  r = syscall(SYS_connect, 4, &in, sizeof in);
  expect_call(res(r), "connect(4<TCP:[%lu]>, {sa_family=AF_INET, sin_port=htons(%d), sin_addr=inet_addr(\"127.0.0.1\")}, 16)", ci, port);
  int cport = port_of(4);
  r = syscall(SYS_accept, 3, NULL, NULL);
  CHECK(r == 5);
  snprintf(ret, sizeof ret, "5<TCP:[127.0.0.1:%d->127.0.0.1:%d]>", port, cport);
  expect_call(ret, "accept(3<TCP:[127.0.0.1:%d]>, NULL, NULL)", port);
  r = syscall(SYS_sendto, 4, "hi", 2, 0, NULL, 0);
  expect_call(res(r), "sendto(4<TCP:[127.0.0.1:%d->127.0.0.1:%d]>, \"hi\", 2, 0, NULL, 0)", cport, port);
  syscall(SYS_close, 5);
  expect_call("0", "close(5<TCP:[127.0.0.1:%d->127.0.0.1:%d]>)", port, cport);
  syscall(SYS_close, 4);
  expect_call("0", "close(4<TCP:[127.0.0.1:%d->127.0.0.1:%d]>)", cport, port);
  syscall(SYS_close, 3);
  expect_call("0", "close(3<TCP:[127.0.0.1:%d]>)", port);

  // UDP, connected (nothing is sent).
  s = syscall(SYS_socket, AF_INET, SOCK_DGRAM, 0);
  CHECK(s == 3);
  si = ino(3);
  snprintf(ret, sizeof ret, "3<UDP:[%lu]>", si);
  expect_call(ret, "socket(AF_INET, SOCK_DGRAM, IPPROTO_IP)");
  in.sin_port = htons(9);
  r = syscall(SYS_connect, 3, &in, sizeof in);
  expect_call(res(r), "connect(3<UDP:[%lu]>, {sa_family=AF_INET, sin_port=htons(9), sin_addr=inet_addr(\"127.0.0.1\")}, 16)", si);
  int uport = port_of(3);
  syscall(SYS_close, 3);
  expect_call("0", "close(3<UDP:[127.0.0.1:%d->127.0.0.1:9]>)", uport);

  // Netlink: bound, the kernel gives it a port id.
  s = syscall(SYS_socket, AF_NETLINK, SOCK_RAW, NETLINK_ROUTE);
  CHECK(s == 3);
  si = ino(3);
  snprintf(ret, sizeof ret, "3<NETLINK:[%lu]>", si);
  expect_call(ret, "socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE)");
  struct sockaddr_nl nl = {.nl_family = AF_NETLINK};
  socklen_t nl_len = sizeof nl;
  r = syscall(SYS_bind, 3, &nl, sizeof nl);
  expect_call(res(r), "bind(3<NETLINK:[%lu]>, {sa_family=AF_NETLINK, nl_pid=0, nl_groups=00000000}, 12)", si);
  CHECK(getsockname(3, (struct sockaddr *)&nl, &nl_len) == 0);
  syscall(SYS_close, 3);
  expect_call("0", "close(3<NETLINK:[ROUTE:%u]>)", nl.nl_pid);

  // Unix sockets with a path and with an abstract name.
  s = syscall(SYS_socket, AF_UNIX, SOCK_STREAM, 0);
  CHECK(s == 3);
  si = ino(3);
  snprintf(ret, sizeof ret, "3<UNIX-STREAM:[%lu]>", si);
  expect_call(ret, "socket(AF_UNIX, SOCK_STREAM, 0)");
  struct sockaddr_un un = {.sun_family = AF_UNIX};
  snprintf(un.sun_path, sizeof un.sun_path, "%s/sock", dir);
  r = syscall(SYS_bind, 3, &un, sizeof un);
  expect_call(res(r), "bind(3<UNIX-STREAM:[%lu]>, {sa_family=AF_UNIX, sun_path=\"%s\"}, 110)", si, un.sun_path);
  r = syscall(SYS_listen, 3, 1);
  expect_call(res(r), "listen(3<UNIX-STREAM:[%lu,\"%s\"]>, 1)", si, un.sun_path);
  syscall(SYS_close, 3);
  expect_call("0", "close(3<UNIX-STREAM:[%lu,\"%s\"]>)", si, un.sun_path);
  CHECK(unlink(un.sun_path) == 0 && rmdir(dir) == 0);
  s = syscall(SYS_socket, AF_UNIX, SOCK_DGRAM, 0);
  CHECK(s == 3);
  si = ino(3);
  snprintf(ret, sizeof ret, "3<UNIX:[%lu]>", si);
  expect_call(ret, "socket(AF_UNIX, SOCK_DGRAM, 0)");
  struct sockaddr_un ab = {.sun_family = AF_UNIX};
  int n = snprintf(ab.sun_path + 1, sizeof ab.sun_path - 1, "cxtrace-%d", (int)getpid());
  r = syscall(SYS_bind, 3, &ab, offsetof(struct sockaddr_un, sun_path) + 1 + n);
  expect_call(res(r), "bind(3<UNIX:[%lu]>, {sa_family=AF_UNIX, sun_path=@\"%s\"}, %d)", si, ab.sun_path + 1,
              (int)offsetof(struct sockaddr_un, sun_path) + 1 + n);
  syscall(SYS_close, 3);
  expect_call("0", "close(3<UNIX:[%lu,@\"%s\"]>)", si, ab.sun_path + 1);

  // A device and a pidfd.
  r = syscall(SYS_openat, AT_FDCWD, "/dev/null", O_WRONLY);
  CHECK(r == 3);
  expect_call("3</dev/null<char 1:3>>", "openat(AT_FDCWD</>, \"/dev/null\", O_WRONLY)");
  syscall(SYS_close, 3);
  expect_call("0", "close(3</dev/null<char 1:3>>)");
  r = syscall(SYS_pidfd_open, getpid(), 0);
  if (r == 3) {
    snprintf(ret, sizeof ret, "3<pid:%d>", (int)getpid());
    expect_call(ret, "pidfd_open(%d, 0)", (int)getpid());
    syscall(SYS_close, 3);
    expect_call("0", "close(3<pid:%d>)", (int)getpid());
  } else {
    expect_call(res(r), "pidfd_open(%d, 0)", (int)getpid());
  }
  expect_line("+++ exited with 0 +++");
  return 0;
}
