// ioctl: requests by name (both names where two tables share a number), `_IOC(...)` for the
// unknown ones; terminal structures and values in strace's forms, read at exit when the
// kernel fills them, and as a bare address when the call failed.
// cxtrace-args: -e trace=ioctl,getppid
// cxtrace-after: ^getppid\(
#define _GNU_SOURCE
#include <asm/termbits.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/ioctl.h>

#include "dec_util.h"

#define TERMIOS_FLAGS                                                              \
  "c_iflag=ICRNL|IXON, c_oflag=NL0|CR0|TAB0|BS0|VT0|FF0|OPOST|ONLCR, "           \
  "c_cflag=B38400|CS8|CREAD, c_lflag=ISIG|ICANON|ECHO|IEXTEN"

int main(void) {
  int master = posix_openpt(O_RDWR | O_NOCTTY);
  CHECK(master >= 0 && grantpt(master) == 0 && unlockpt(master) == 0);
  int tty = open(ptsname(master), O_RDWR | O_NOCTTY);
  int file = open("dec_ioctl.tmp", O_RDWR | O_CREAT | O_TRUNC, 0600);
  CHECK(tty >= 0 && file >= 0 && write(file, "hello", 5) == 5);
  start_marker();

  struct termios t = {0};
  t.c_iflag = ICRNL | IXON;
  t.c_oflag = OPOST | ONLCR;
  t.c_cflag = B38400 | CS8 | CREAD;
  t.c_lflag = ISIG | ICANON | ECHO | IEXTEN;
  t.c_cc[VMIN] = 1;
  long r = syscall(SYS_ioctl, tty, TCSETS, &t);
  expect_call(res(r), "ioctl(%d, SNDCTL_TMR_START or TCSETS, {" TERMIOS_FLAGS ", ...})", tty);
  struct termios got = {0};
  r = syscall(SYS_ioctl, tty, TCGETS, &got);
  CHECK(r == 0 && got.c_iflag == t.c_iflag && got.c_oflag == t.c_oflag &&
        got.c_cflag == t.c_cflag && got.c_lflag == t.c_lflag);
  expect_call(res(r), "ioctl(%d, TCGETS, {" TERMIOS_FLAGS ", ...})", tty);

  struct termios odd = {0};
  odd.c_iflag = 0x80000000;
  odd.c_oflag = NL1 | CR3 | TAB3 | BS1 | VT1 | FF1;
  odd.c_cflag = B9600 | CS5 | (B1200 << 16) | PARENB;
  r = syscall(SYS_ioctl, tty, TCSETSW, &odd);
  expect_call(res(r),
              "ioctl(%d, SNDCTL_TMR_STOP or TCSETSW, {c_iflag=0x80000000, "
              "c_oflag=NL1|CR3|XTABS|BS1|VT1|FF1|, c_cflag=B9600|B1200<<IBSHIFT|CS5|PARENB, "
              "c_lflag=, ...})",
              tty);
  struct termios zero = {0};
  r = syscall(SYS_ioctl, tty, TCSETSF, &zero);
  expect_call(res(r),
              "ioctl(%d, SNDCTL_TMR_CONTINUE or TCSETSF, {c_iflag=, c_oflag=NL0|CR0|TAB0|BS0|VT0|FF0|, "
              "c_cflag=B0|CS5|, c_lflag=, ...})",
              tty);

  struct winsize ws = {24, 80, 0, 0};
  r = syscall(SYS_ioctl, tty, TIOCSWINSZ, &ws);
  expect_call(res(r), "ioctl(%d, TIOCSWINSZ, {ws_row=24, ws_col=80, ws_xpixel=0, ws_ypixel=0})", tty);
  struct winsize ws2 = {0};
  r = syscall(SYS_ioctl, tty, TIOCGWINSZ, &ws2);
  expect_call(res(r), "ioctl(%d, TIOCGWINSZ, {ws_row=24, ws_col=80, ws_xpixel=0, ws_ypixel=0})", tty);

  int n = -1;
  r = syscall(SYS_ioctl, tty, FIONREAD, &n);
  expect_call(res(r), "ioctl(%d, FIONREAD, [%d])", tty, n);
  r = syscall(SYS_ioctl, file, FIONREAD, &n);
  expect_call(res(r), "ioctl(%d, FIONREAD, [%d])", file, n);
  unsigned ptn = 0;
  r = syscall(SYS_ioctl, master, TIOCGPTN, &ptn);
  expect_call(res(r), "ioctl(%d, TIOCGPTN, [%u])", master, ptn);
  r = syscall(SYS_ioctl, tty, FIOCLEX);
  expect_call(res(r), "ioctl(%d, FIOCLEX)", tty);
  r = syscall(SYS_ioctl, tty, FIONCLEX, 99L);
  expect_call(res(r), "ioctl(%d, FIONCLEX)", tty);
  int one = 1;
  r = syscall(SYS_ioctl, tty, FIONBIO, &one);
  expect_call(res(r), "ioctl(%d, FIONBIO, [1])", tty);
  r = syscall(SYS_ioctl, tty, FIONBIO, NULL);
  expect_call(res(r), "ioctl(%d, FIONBIO, NULL)", tty);
  r = syscall(SYS_ioctl, tty, TCFLSH, (long)TCIFLUSH);
  expect_call(res(r), "ioctl(%d, TCFLSH, TCIFLUSH)", tty);
  r = syscall(SYS_ioctl, tty, TCXONC, (long)TCOON);
  expect_call(res(r), "ioctl(%d, TCXONC, TCOON)", tty);
  r = syscall(SYS_ioctl, tty, TCXONC, 7L);
  expect_call(res(r), "ioctl(%d, TCXONC, 0x7 /* TC??? */)", tty);
  r = syscall(SYS_ioctl, tty, TCSBRK, 0x100000001L);
  expect_call(res(r), "ioctl(%d, TCSBRK, 1)", tty);
  int bits = TIOCM_DTR | TIOCM_RTS;
  r = syscall(SYS_ioctl, tty, TIOCMSET, &bits);
  expect_call(res(r), "ioctl(%d, TIOCMSET, [TIOCM_DTR|TIOCM_RTS])", tty);
  r = syscall(SYS_ioctl, tty, TIOCMGET, &bits);
  expect_call(res(r), "ioctl(%d, TIOCMGET, %p)", tty, (void *)&bits);
  r = syscall(SYS_ioctl, tty, TIOCNOTTY, 55L);
  expect_call(res(r), "ioctl(%d, TIOCNOTTY)", tty);
  r = syscall(SYS_ioctl, tty, TIOCSTI, NULL);
  expect_call(res(r), "ioctl(%d, TIOCSTI, NULL)", tty);

  r = syscall(SYS_ioctl, file, TCGETS, &got);
  expect_call(res(r), "ioctl(%d, TCGETS, %p)", file, (void *)&got);
  r = syscall(SYS_ioctl, file, TIOCGWINSZ, &ws2);
  expect_call(res(r), "ioctl(%d, TIOCGWINSZ, %p)", file, (void *)&ws2);
  r = syscall(SYS_ioctl, tty, TCGETS, NULL);
  expect_call(res(r), "ioctl(%d, TCGETS, NULL)", tty);
  r = syscall(SYS_ioctl, tty, TCSETS, 1L);
  expect_call(res(r), "ioctl(%d, SNDCTL_TMR_START or TCSETS, 0x1)", tty);
  r = syscall(SYS_ioctl, -1, TCGETS, &got);
  expect_call(res(r), "ioctl(-1, TCGETS, %p)", (void *)&got);

  r = syscall(SYS_ioctl, file, 0xdeadL, 0x1234L);
  expect_call(res(r), "ioctl(%d, _IOC(_IOC_NONE, 0xde, 0xad, 0), 0x1234)", file);
  r = syscall(SYS_ioctl, file, (long)_IOR('z', 3, int), &n);
  expect_call(res(r), "ioctl(%d, _IOC(_IOC_READ, 0x7a, 0x3, 0x4), %p)", file, (void *)&n);
  r = syscall(SYS_ioctl, file, (long)_IOWR('z', 0, long), &n);
  expect_call(res(r), "ioctl(%d, _IOC(_IOC_READ|_IOC_WRITE, 0x7a, 0, 0x8), %p)", file, (void *)&n);
  r = syscall(SYS_ioctl, file, 0x15401L, 0L);
  expect_call(res(r), "ioctl(%d, _IOC(_IOC_NONE, 0x54, 0x1, 0x1), 0)", file);

  expect_line("+++ exited with 0 +++");
  return 0;
}
