// mq_open: the mode and attributes are shown only with O_CREAT.
// cxtrace-args: -e trace=mq_open,getppid
// cxtrace-after: ^getppid\(
#define _GNU_SOURCE
#include <fcntl.h>
#include <mqueue.h>

#include "dec_util.h"

int main(void) {
  start_marker();

  struct mq_attr attr = {.mq_flags = 0, .mq_maxmsg = 10, .mq_msgsize = 64, .mq_curmsgs = 0};
  long r = syscall(SYS_mq_open, "dec-mq-cxtrace", O_RDWR | O_CREAT | O_EXCL, 0600, &attr);
  expect_call(res(r), "mq_open(\"dec-mq-cxtrace\", O_RDWR|O_CREAT|O_EXCL, 0600, {mq_flags=0, mq_maxmsg=10, "
              "mq_msgsize=64, mq_curmsgs=0})");
  syscall(SYS_mq_unlink, "dec-mq-cxtrace");
  r = syscall(SYS_mq_open, "nonexistent-cxtrace", O_RDONLY, 0644, &attr);
  expect_call(res(r), "mq_open(\"nonexistent-cxtrace\", O_RDONLY)");
  r = syscall(SYS_mq_open, "dec-mq-cxtrace2", O_WRONLY | O_CREAT | O_NONBLOCK, 0644, NULL);
  expect_call(res(r), "mq_open(\"dec-mq-cxtrace2\", O_WRONLY|O_CREAT|O_NONBLOCK, 0644, NULL)");
  syscall(SYS_mq_unlink, "dec-mq-cxtrace2");
  r = syscall(SYS_mq_open, NULL, O_RDONLY, 0, NULL);
  expect_call(res(r), "mq_open(NULL, O_RDONLY)");

  expect_line("+++ exited with 0 +++");
  return 0;
}
