// -e read=SET / -e write=SET: after the line of a call that read from or wrote to a descriptor
// in the set, the data in hex and ASCII, sixteen bytes a line; vectored calls buffer by buffer
// (` * N bytes in buffer I`, up to the byte count and to the first empty buffer), sendmmsg and
// recvmmsg message by message (` = N buffers in vector I`); a failed write is still dumped, a
// failed read is not; descriptors outside the sets never are.
// cxtrace-args: -e trace=read,readv,writev,sendto,recvfrom,getppid -e read=3,5 -e write=4,6
// cxtrace-after: ^getppid\(
#define _GNU_SOURCE
#include <fcntl.h>
#include <sys/socket.h>
#include <sys/uio.h>

#include "dec_util.h"

// The dump of `len` bytes, in the layout the tracer is expected to print.
static void expect_dump(const void *data, size_t len) {
  const unsigned char *p = data;
  for (size_t off = 0; off < len; off += 16) {
    char hex[64] = "", ascii[17] = "";
    size_t h = 0;
    for (size_t i = 0; i < 16; ++i) {
      if (off + i < len) {
        h += snprintf(hex + h, sizeof hex - h, "%02x ", p[off + i]);
        ascii[i] = p[off + i] >= ' ' && p[off + i] < 0x7f ? (char)p[off + i] : '.';
      } else {
        h += snprintf(hex + h, sizeof hex - h, "   ");
        ascii[i] = ' ';
      }
      if (i == 7) {
        h += snprintf(hex + h, sizeof hex - h, " ");
      }
    }
    ascii[16] = '\0';
    expect_line(" | %05zx  %s %s |", off, hex, ascii);
  }
}

int main(void) {
  int p[2], sv[2];
  CHECK(pipe(p) == 0 && p[0] == 3 && p[1] == 4);
  CHECK(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv) == 0 && sv[0] == 5 && sv[1] == 6);
  start_marker();

  char big[40];
  for (int i = 0; i < 40; ++i) {
    big[i] = (char)(i * 7);
  }
  const char *big_str = "\"\\0\\7\\16\\25\\34#*18?FMT[bipw~\\205\\214\\223\\232\\241\\250\\257\\266\\275\\304\\313\\322\\331\"...";
  // (write itself is left untraced: the expectations go to stdout with it.)
  struct iovec one = {"hello\n", 6};
  long r = syscall(SYS_writev, 4, &one, 1);
  expect_call(res(r), "writev(4, [{iov_base=\"hello\\n\", iov_len=6}], 1)");
  expect_line(" * 6 bytes in buffer 0");
  expect_dump("hello\n", 6);
  char buf[64];
  r = syscall(SYS_read, 3, buf, sizeof buf);
  expect_call(res(r), "read(3, \"hello\\n\", 64)");
  expect_dump("hello\n", 6);
  struct iovec bigv = {big, 40};
  r = syscall(SYS_writev, 4, &bigv, 1);
  expect_call(res(r), "writev(4, [{iov_base=%s, iov_len=40}], 1)", big_str);
  expect_line(" * 40 bytes in buffer 0");
  expect_dump(big, 40);
  r = syscall(SYS_read, 3, buf, sizeof buf);
  expect_call(res(r), "read(3, %s, 64)", big_str);
  expect_dump(big, 40);
  r = syscall(SYS_writev, 4, (void *)8, 1);
  expect_call(res(r), "writev(4, 0x8, 1)");
  // Not in the sets: no dump.
  struct iovec ab = {"ab", 2};
  r = syscall(SYS_writev, 5, &ab, 1);
  expect_call(res(r), "writev(5, [{iov_base=\"ab\", iov_len=2}], 1)");
  r = syscall(SYS_recvfrom, 6, buf, sizeof buf, 0, NULL, NULL);
  expect_call(res(r), "recvfrom(6, \"ab\", 64, 0, NULL, NULL)");

  // Vectored: the empty buffer ends the dump; reads up to what was read.
  struct iovec iov[3] = {{"abc", 3}, {"", 0}, {"def", 3}};
  r = syscall(SYS_writev, 4, iov, 3);
  expect_call(res(r), "writev(4, [{iov_base=\"abc\", iov_len=3}, {iov_base=\"\", iov_len=0}, {iov_base=\"def\", iov_len=3}], 3)");
  expect_line(" * 3 bytes in buffer 0");
  expect_dump("abc", 3);
  char x[4], y[8];
  struct iovec rv[2] = {{x, 4}, {y, 8}};
  r = syscall(SYS_readv, 3, rv, 2);
  expect_call(res(r), "readv(3, [{iov_base=\"abcd\", iov_len=4}, {iov_base=\"ef\", iov_len=8}], 2)");
  expect_line(" * 4 bytes in buffer 0");
  expect_dump("abcd", 4);
  expect_line(" * 2 bytes in buffer 1");
  expect_dump("ef", 2);

  // Sockets: a failed send is dumped all the same.
  r = syscall(SYS_sendto, 6, "sent", 4, 0, NULL, 0);
  expect_call(res(r), "sendto(6, \"sent\", 4, 0, NULL, 0)");
  expect_dump("sent", 4);
  r = syscall(SYS_recvfrom, 5, buf, sizeof buf, 0, NULL, NULL);
  expect_call(res(r), "recvfrom(5, \"sent\", 64, 0, NULL, NULL)");
  expect_dump("sent", 4);
  r = syscall(SYS_sendto, 6, "oob", 3, MSG_OOB, NULL, 0);
  expect_call(res(r), "sendto(6, \"oob\", 3, MSG_OOB, NULL, 0)");
  expect_dump("oob", 3);
  r = syscall(SYS_recvfrom, 5, buf, sizeof buf, MSG_DONTWAIT, NULL, NULL);
  expect_call(res(r), "recvfrom(5, %p, 64, MSG_DONTWAIT, NULL, NULL)", buf);
  expect_line("+++ exited with 0 +++");
  return 0;
}
