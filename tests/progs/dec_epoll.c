// epoll: creation flags, the event of epoll_ctl (only an address for EPOLL_CTL_DEL), and the
// events epoll_wait/epoll_pwait return (`[]` when none, the address when the call fails).
// cxtrace-args: -e trace=epoll_create1,epoll_ctl,epoll_wait,epoll_pwait,getppid
// cxtrace-after: ^getppid\(
#define _GNU_SOURCE
#include <stdint.h>
#include <sys/epoll.h>

#include "dec_util.h"

int main(void) {
  int p[2];
  CHECK(pipe(p) == 0);
  CHECK(write(p[1], "x", 1) == 1);
  start_marker();

  long ep = syscall(SYS_epoll_create1, EPOLL_CLOEXEC);
  expect_call(res(ep), "epoll_create1(EPOLL_CLOEXEC)");
  struct epoll_event ev = {.events = EPOLLIN, .data.u64 = (uint64_t)p[0]};
  long r = syscall(SYS_epoll_ctl, ep, EPOLL_CTL_ADD, p[0], &ev);
  expect_call(res(r), "epoll_ctl(%ld, EPOLL_CTL_ADD, %d, {events=EPOLLIN, data={u32=%d, u64=%d}})", ep, p[0], p[0],
              p[0]);
  ev.events = EPOLLOUT | EPOLLET | 0x10000;
  ev.data.u64 = 0x1234567890ULL;
  r = syscall(SYS_epoll_ctl, ep, EPOLL_CTL_ADD, p[1], &ev);
  expect_call(res(r), "epoll_ctl(%ld, EPOLL_CTL_ADD, %d, {events=EPOLLOUT|EPOLLET|0x10000, data={u32=%u, u64=%llu}})",
              ep, p[1], (uint32_t)0x1234567890ULL, 0x1234567890ULL);
  ev.events = 0;
  r = syscall(SYS_epoll_ctl, ep, EPOLL_CTL_MOD, p[1], &ev);
  expect_call(res(r), "epoll_ctl(%ld, EPOLL_CTL_MOD, %d, {events=0, data={u32=%u, u64=%llu}})", ep, p[1],
              (uint32_t)0x1234567890ULL, 0x1234567890ULL);
  r = syscall(SYS_epoll_ctl, ep, EPOLL_CTL_DEL, p[1], &ev);
  expect_call(res(r), "epoll_ctl(%ld, EPOLL_CTL_DEL, %d, %p)", ep, p[1], (void *)&ev);
  r = syscall(SYS_epoll_ctl, ep, EPOLL_CTL_DEL, p[0], NULL);
  expect_call(res(r), "epoll_ctl(%ld, EPOLL_CTL_DEL, %d, NULL)", ep, p[0]);
  r = syscall(SYS_epoll_ctl, ep, EPOLL_CTL_ADD, p[0], (void *)8);
  expect_call(res(r), "epoll_ctl(%ld, EPOLL_CTL_ADD, %d, 0x8)", ep, p[0]);

  struct epoll_event evs[4];
  r = syscall(SYS_epoll_wait, ep, evs, 4, 0);
  expect_call(res(r), "epoll_wait(%ld, [], 4, 0)", ep);
  ev.events = EPOLLIN;
  ev.data.u64 = (uint64_t)p[0];
  CHECK(syscall(SYS_epoll_ctl, ep, EPOLL_CTL_ADD, p[0], &ev) == 0);
  expect_call("0", "epoll_ctl(%ld, EPOLL_CTL_ADD, %d, {events=EPOLLIN, data={u32=%d, u64=%d}})", ep, p[0], p[0], p[0]);
  r = syscall(SYS_epoll_wait, ep, evs, 4, -1);
  expect_call(res(r), "epoll_wait(%ld, [{events=EPOLLIN, data={u32=%d, u64=%d}}], 4, -1)", ep, p[0], p[0]);
  r = syscall(SYS_epoll_pwait, ep, evs, 4, 0, NULL, 8);
  expect_call(res(r), "epoll_pwait(%ld, [{events=EPOLLIN, data={u32=%d, u64=%d}}], 4, 0, NULL, 8)", ep, p[0], p[0]);
  r = syscall(SYS_epoll_wait, ep, evs, 0, 0);
  expect_call(res(r), "epoll_wait(%ld, %p, 0, 0)", ep, (void *)evs);

  expect_line("+++ exited with 0 +++");
  return 0;
}
