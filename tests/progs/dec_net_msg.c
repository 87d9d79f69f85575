// sendmsg/recvmsg and sendmmsg/recvmmsg on a unix datagram pair: iovecs with the data each
// holds (a receive: only what arrived), control messages (SCM_RIGHTS, SCM_CREDENTIALS, an
// unknown type), msg_namelen before and after, and a failed recvmsg.
// cxtrace-args: -e trace=sendmsg,recvmsg,sendmmsg,recvmmsg,getppid
// cxtrace-after: ^getppid\(
#define _GNU_SOURCE
#include <sys/socket.h>
#include <sys/un.h>

#include "dec_util.h"

static int sv[2];

static void plain(void) {
  char d1[] = "hello", d2[] = "world!";
  struct iovec iov[2] = {{d1, 5}, {d2, 6}};
  struct msghdr m = {0};
  m.msg_iov = iov;
  m.msg_iovlen = 2;
  long r = syscall(SYS_sendmsg, sv[0], &m, 0);
  expect_call(res(r), "sendmsg(%d, {msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base=\"hello\", iov_len=5}, "
              "{iov_base=\"world!\", iov_len=6}], msg_iovlen=2, msg_controllen=0, msg_flags=0}, 0)", sv[0]);
  char r1[4], r2[20];
  struct iovec riov[2] = {{r1, 4}, {r2, 20}};
  union { char buf[256]; struct cmsghdr align; } cb;
  struct msghdr rm = {0};
  rm.msg_iov = riov;
  rm.msg_iovlen = 2;
  rm.msg_control = cb.buf;
  rm.msg_controllen = sizeof cb.buf;
  r = syscall(SYS_recvmsg, sv[1], &rm, 0);
  expect_call(res(r), "recvmsg(%d, {msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base=\"hell\", iov_len=4}, "
              "{iov_base=\"oworld!\", iov_len=20}], msg_iovlen=2, msg_control=[{cmsg_len=28, "
              "cmsg_level=SOL_SOCKET, cmsg_type=SCM_CREDENTIALS, cmsg_data={pid=%d, uid=%u, gid=%u}}], "
              "msg_controllen=32, msg_flags=0}, 0)", sv[1], getpid(), getuid(), getgid());
  struct sockaddr_un un;
  rm.msg_name = &un;
  rm.msg_namelen = sizeof un;
  r = syscall(SYS_recvmsg, sv[1], &rm, MSG_DONTWAIT);
  expect_call(res(r), "recvmsg(%d, {msg_namelen=%zu}, MSG_DONTWAIT)", sv[1], sizeof un);
  r = syscall(SYS_sendmsg, sv[0], NULL, 0);
  expect_call(res(r), "sendmsg(%d, NULL, 0)", sv[0]);
}

static void control(void) {
  char d[] = "fds";
  struct iovec iov = {d, 3};
  union { char buf[CMSG_SPACE(2 * sizeof(int))]; struct cmsghdr align; } sc;
  struct msghdr m = {0};
  m.msg_iov = &iov;
  m.msg_iovlen = 1;
  m.msg_control = sc.buf;
  m.msg_controllen = sizeof sc.buf;
  struct cmsghdr *c = CMSG_FIRSTHDR(&m);
  c->cmsg_level = SOL_SOCKET;
  c->cmsg_type = SCM_RIGHTS;
  c->cmsg_len = CMSG_LEN(2 * sizeof(int));
  int fds[2] = {0, 1};
  memcpy(CMSG_DATA(c), fds, sizeof fds);
  long r = syscall(SYS_sendmsg, sv[0], &m, MSG_DONTWAIT);
  expect_call(res(r), "sendmsg(%d, {msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base=\"fds\", iov_len=3}], "
              "msg_iovlen=1, msg_control=[{cmsg_len=24, cmsg_level=SOL_SOCKET, cmsg_type=SCM_RIGHTS, "
              "cmsg_data=[0, 1]}], msg_controllen=24, msg_flags=0}, MSG_DONTWAIT)", sv[0]);
  char buf[8];
  struct iovec riov = {buf, sizeof buf};
  union { char buf[256]; struct cmsghdr align; } cb;
  struct msghdr rm = {0};
  rm.msg_iov = &riov;
  rm.msg_iovlen = 1;
  rm.msg_control = cb.buf;
  rm.msg_controllen = sizeof cb.buf;
  r = syscall(SYS_recvmsg, sv[1], &rm, MSG_CMSG_CLOEXEC);
  int got[2];
  struct cmsghdr *rc = CMSG_NXTHDR(&rm, CMSG_FIRSTHDR(&rm));
  CHECK(rc != NULL);
  memcpy(got, CMSG_DATA(rc), sizeof got);
  expect_call(res(r), "recvmsg(%d, {msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base=\"fds\", iov_len=8}], "
              "msg_iovlen=1, msg_control=[{cmsg_len=28, cmsg_level=SOL_SOCKET, cmsg_type=SCM_CREDENTIALS, "
              "cmsg_data={pid=%d, uid=%u, gid=%u}}, {cmsg_len=24, cmsg_level=SOL_SOCKET, "
              "cmsg_type=SCM_RIGHTS, cmsg_data=[%d, %d]}], msg_controllen=56, msg_flags=MSG_CMSG_CLOEXEC}, "
              "MSG_CMSG_CLOEXEC)", sv[1], getpid(), getuid(), getgid(), got[0], got[1]);
  c->cmsg_type = 77;
  m.msg_flags = MSG_EOR;
  r = syscall(SYS_sendmsg, sv[0], &m, 0);
  expect_call(res(r), "sendmsg(%d, {msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base=\"fds\", iov_len=3}], "
              "msg_iovlen=1, msg_control=[{cmsg_len=24, cmsg_level=SOL_SOCKET, cmsg_type=0x4d /* SCM_??? */}], "
              "msg_controllen=24, msg_flags=MSG_EOR}, 0)", sv[0]);
}

static void mmsg(void) {
  char d1[] = "hello", d2[] = "world!";
  struct iovec iov[2] = {{d1, 5}, {d2, 6}};
  struct mmsghdr mm[2];
  memset(mm, 0, sizeof mm);
  mm[0].msg_hdr.msg_iov = &iov[0];
  mm[0].msg_hdr.msg_iovlen = 1;
  mm[1].msg_hdr.msg_iov = &iov[1];
  mm[1].msg_hdr.msg_iovlen = 1;
  long r = syscall(SYS_sendmmsg, sv[0], mm, 2, 0);
  expect_call(res(r), "sendmmsg(%d, [{msg_hdr={msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base=\"hello\", "
              "iov_len=5}], msg_iovlen=1, msg_controllen=0, msg_flags=0}, msg_len=5}, {msg_hdr={msg_name=NULL, "
              "msg_namelen=0, msg_iov=[{iov_base=\"world!\", iov_len=6}], msg_iovlen=1, msg_controllen=0, "
              "msg_flags=0}, msg_len=6}], 2, 0)", sv[0]);
  char b1[10], b2[10], b3[10];
  struct iovec ri[3] = {{b1, 10}, {b2, 10}, {b3, 10}};
  struct mmsghdr rmm[3];
  memset(rmm, 0, sizeof rmm);
  for (int i = 0; i < 3; i++) {
    rmm[i].msg_hdr.msg_iov = &ri[i];
    rmm[i].msg_hdr.msg_iovlen = 1;
  }
  r = syscall(SYS_recvmmsg, sv[1], rmm, 3, MSG_DONTWAIT, NULL);
  expect_call(res(r), "recvmmsg(%d, [{msg_hdr={msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base=\"hello\", "
              "iov_len=10}], msg_iovlen=1, msg_controllen=0, msg_flags=MSG_CTRUNC}, msg_len=5}, "
              "{msg_hdr={msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base=\"world!\", iov_len=10}], "
              "msg_iovlen=1, msg_controllen=0, msg_flags=MSG_CTRUNC}, msg_len=6}], 3, MSG_DONTWAIT, NULL)",
              sv[1]);
}

int main(void) {
  CHECK(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv) == 0);
  int one = 1;
  CHECK(setsockopt(sv[1], SOL_SOCKET, SO_PASSCRED, &one, sizeof one) == 0);
  start_marker();
  plain();
  control();
  mmsg();
  expect_line("+++ exited with 0 +++");
  return 0;
}
