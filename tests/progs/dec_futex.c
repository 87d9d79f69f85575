// futex: the arguments shown depend on the operation (a timeout for the waits, val2 and uaddr2
// for requeues, the encoded operation of FUTEX_WAKE_OP, a bitset).
// cxtrace-args: -e trace=futex,getppid
// cxtrace-after: ^getppid\(
#define _GNU_SOURCE
#include <linux/futex.h>
#include <stdint.h>
#include <time.h>

#include "dec_util.h"

int main(void) {
  static uint32_t word, word2, lock;
  start_marker();

  long r = syscall(SYS_futex, &word, FUTEX_WAKE_PRIVATE, 2147483647, NULL, NULL, 0);
  expect_call(res(r), "futex(%p, FUTEX_WAKE_PRIVATE, 2147483647)", (void *)&word);

  struct timespec ts = {0, 1000};
  r = syscall(SYS_futex, &word, FUTEX_WAIT, 0, &ts, NULL, 0);
  expect_call(res(r), "futex(%p, FUTEX_WAIT, 0, {tv_sec=0, tv_nsec=1000})", (void *)&word);

  r = syscall(SYS_futex, &word, FUTEX_WAIT_BITSET | FUTEX_CLOCK_REALTIME, 1, NULL, NULL,
              FUTEX_BITSET_MATCH_ANY);
  expect_call(res(r), "futex(%p, FUTEX_WAIT_BITSET|FUTEX_CLOCK_REALTIME, 1, NULL, FUTEX_BITSET_MATCH_ANY)",
              (void *)&word);

  r = syscall(SYS_futex, &word, FUTEX_WAIT_PRIVATE, 1, NULL, NULL, 0);
  expect_call(res(r), "futex(%p, FUTEX_WAIT_PRIVATE, 1, NULL)", (void *)&word);

  r = syscall(SYS_futex, &word, FUTEX_WAKE_BITSET, 3, NULL, NULL, 5);
  expect_call(res(r), "futex(%p, FUTEX_WAKE_BITSET, 3, 0x5)", (void *)&word);

  r = syscall(SYS_futex, &word, FUTEX_WAKE_OP, 1, 1L, &word2, FUTEX_OP(FUTEX_OP_ADD, 1, FUTEX_OP_CMP_GT, 0));
  expect_call(res(r), "futex(%p, FUTEX_WAKE_OP, 1, 1, %p, FUTEX_OP_ADD<<28|0x1<<12|FUTEX_OP_CMP_GT<<24|0)",
              (void *)&word, (void *)&word2);

  r = syscall(SYS_futex, &word, FUTEX_WAKE_OP_PRIVATE, 0, 2L, &word2, FUTEX_OP(13, 0xabc, 9, 0x12));
  expect_call(res(r), "futex(%p, FUTEX_WAKE_OP_PRIVATE, 0, 2, %p, FUTEX_OP_OPARG_SHIFT<<28|"
              "0x5<<28 /* FUTEX_OP_??? */|0xabc<<12|0x9<<24 /* FUTEX_OP_CMP_??? */|0x12)",
              (void *)&word, (void *)&word2);

  r = syscall(SYS_futex, &word, FUTEX_CMP_REQUEUE, 1, 2L, &word2, 7);
  expect_call(res(r), "futex(%p, FUTEX_CMP_REQUEUE, 1, 2, %p, 7)", (void *)&word, (void *)&word2);

  r = syscall(SYS_futex, &word, FUTEX_REQUEUE_PRIVATE, 1, 2L, &word2, 7);
  expect_call(res(r), "futex(%p, FUTEX_REQUEUE_PRIVATE, 1, 2, %p)", (void *)&word, (void *)&word2);

  r = syscall(SYS_futex, &lock, FUTEX_LOCK_PI, 0, NULL, NULL, 0);
  expect_call(res(r), "futex(%p, FUTEX_LOCK_PI, NULL)", (void *)&lock);
  r = syscall(SYS_futex, &lock, FUTEX_UNLOCK_PI, 1, 2L, &word2, 0);
  expect_call(res(r), "futex(%p, FUTEX_UNLOCK_PI)", (void *)&lock);
  r = syscall(SYS_futex, &lock, FUTEX_TRYLOCK_PI_PRIVATE, 1, 2L, &word2, 0);
  expect_call(res(r), "futex(%p, FUTEX_TRYLOCK_PI_PRIVATE)", (void *)&lock);

  r = syscall(SYS_futex, &word, FUTEX_WAIT_REQUEUE_PI, 1, NULL, &word2, 0);
  expect_call(res(r), "futex(%p, FUTEX_WAIT_REQUEUE_PI, 1, NULL, %p)", (void *)&word, (void *)&word2);

  r = syscall(SYS_futex, &word, 99, 1, 2L, &word2, 7);
  expect_call(res(r), "futex(%p, 0x63 /* FUTEX_??? */, 1, 0x2, %p, 0x7)", (void *)&word, (void *)&word2);

  r = syscall(SYS_futex, NULL, FUTEX_WAKE, 1, NULL, NULL, 0);
  expect_call(res(r), "futex(NULL, FUTEX_WAKE, 1)");

  expect_line("+++ exited with 0 +++");
  return 0;
}
