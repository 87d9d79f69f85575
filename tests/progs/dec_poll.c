// poll, ppoll, select, pselect6: descriptor arrays and sets at entry, the ready ones after
// the result (`= 1 ([{fd=3, revents=POLLIN}])`, `= 2 (in [3], out [4])`), `(Timeout)`, and
// pselect6's {sigmask, sigsetsize} pair. (Timeouts other than poll's int are shown by the
// time decoders and are not part of this test.)
// cxtrace-args: -e trace=poll,ppoll,select,pselect6,getppid
// cxtrace-after: ^getppid\(
#define _GNU_SOURCE
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <sys/select.h>

#include "dec_util.h"

int main(void) {
  int p[2], q[2];
  CHECK(pipe(p) == 0 && pipe(q) == 0);
  CHECK(write(p[1], "x", 1) == 1);
  start_marker();

  struct pollfd pf[3] = {{p[0], POLLIN | POLLPRI, 0}, {-1, POLLIN, 0}, {p[1], 0, 0}};
  char ret[256];
  long r = syscall(SYS_poll, pf, 3, 0);
  CHECK(r == 1);
  snprintf(ret, sizeof ret, "1 ([{fd=%d, revents=POLLIN}])", p[0]);
  expect_call(ret, "poll([{fd=%d, events=POLLIN|POLLPRI}, {fd=-1}, {fd=%d, events=0}], 3, 0)", p[0], p[1]);

  struct pollfd both[2] = {{p[0], POLLIN, 0}, {p[1], POLLOUT | POLLRDHUP | 0x4000, 0}};
  r = syscall(SYS_poll, both, 2, 100);
  CHECK(r == 2);
  snprintf(ret, sizeof ret, "%s ([{fd=%d, revents=POLLIN}, {fd=%d, revents=POLLOUT}])", res(r), p[0], p[1]);
  expect_call(ret, "poll([{fd=%d, events=POLLIN}, {fd=%d, events=POLLOUT|POLLRDHUP|0x4000}], 2, 100)", p[0], p[1]);

  struct pollfd idle = {q[0], POLLIN, 0};
  r = syscall(SYS_poll, &idle, 1, 0);
  CHECK(r == 0);
  expect_call("0 (Timeout)", "poll([{fd=%d, events=POLLIN}], 1, 0)", q[0]);
  r = syscall(SYS_poll, NULL, 0, 0);
  expect_call("0 (Timeout)", "poll(NULL, 0, 0)");
  r = syscall(SYS_poll, (void *)8, 1, 0);
  expect_call(res(r), "poll(0x8, 1, 0)");

  r = syscall(SYS_ppoll, pf, 1, NULL, NULL, 8);
  CHECK(r == 1);
  snprintf(ret, sizeof ret, "1 ([{fd=%d, revents=POLLIN}])", p[0]);
  expect_call(ret, "ppoll([{fd=%d, events=POLLIN|POLLPRI}], 1, NULL, NULL, 8)", p[0]);

  fd_set rs, ws;
  FD_ZERO(&rs);
  FD_ZERO(&ws);
  FD_SET(p[0], &rs);
  FD_SET(q[0], &rs);
  FD_SET(p[1], &ws);
  int nfds = q[1] + 1;
  r = syscall(SYS_select, nfds, &rs, &ws, NULL, NULL);
  CHECK(r == 2);
  snprintf(ret, sizeof ret, "2 (in [%d], out [%d])", p[0], p[1]);
  expect_call(ret, "select(%d, [%d %d], [%d], NULL, NULL)", nfds, p[0], q[0], p[1]);

  // The same set for reading and for exceptions: the kernel leaves it empty.
  FD_ZERO(&rs);
  FD_SET(p[0], &rs);
  r = syscall(SYS_select, nfds, &rs, NULL, &rs, NULL);
  expect_call("1 ()", "select(%d, [%d], NULL, [%d], NULL)", nfds, p[0], p[0]);

  FD_ZERO(&rs);
  FD_SET(p[0], &rs);
  r = syscall(SYS_select, -1, &rs, NULL, NULL, NULL);
  expect_call(res(r), "select(-1, %p, NULL, NULL, NULL)", (void *)&rs);
  r = syscall(SYS_select, 2000, (void *)8, NULL, NULL, NULL);
  expect_call(res(r), "select(2000, 0x8, NULL, NULL, NULL)");

  sigset_t ss;
  sigemptyset(&ss);
  sigaddset(&ss, SIGUSR1);
  struct {
    const sigset_t *ss;
    size_t len;
  } mask = {&ss, 8};
  FD_ZERO(&rs);
  FD_SET(p[0], &rs);
  r = syscall(SYS_pselect6, nfds, &rs, NULL, NULL, NULL, &mask);
  snprintf(ret, sizeof ret, "%s (in [%d])", res(r), p[0]);
  expect_call(ret, "pselect6(%d, [%d], NULL, NULL, NULL, {sigmask=[USR1], sigsetsize=8})", nfds, p[0]);
  mask.ss = NULL;
  FD_SET(p[0], &rs);
  r = syscall(SYS_pselect6, nfds, &rs, NULL, NULL, NULL, &mask);
  snprintf(ret, sizeof ret, "%s (in [%d])", res(r), p[0]);
  expect_call(ret, "pselect6(%d, [%d], NULL, NULL, NULL, {sigmask=NULL, sigsetsize=8})", nfds, p[0]);
  mask.ss = &ss;
  mask.len = 4;
  r = syscall(SYS_pselect6, nfds, &rs, NULL, NULL, NULL, &mask);
  expect_call(res(r), "pselect6(%d, [%d], NULL, NULL, NULL, {sigmask=%p, sigsetsize=4})", nfds, p[0],
              (void *)&ss);
  FD_SET(p[0], &rs);
  r = syscall(SYS_pselect6, nfds, &rs, NULL, NULL, NULL, NULL);
  snprintf(ret, sizeof ret, "%s (in [%d])", res(r), p[0]);
  expect_call(ret, "pselect6(%d, [%d], NULL, NULL, NULL, NULL)", nfds, p[0]);

  expect_line("+++ exited with 0 +++");
  return 0;
}
