// quotactl: `QCMD(cmd, type)` and the command's own arguments: none for Q_SYNC, a format and
// a path for Q_QUOTAON, a structure the kernel fills for the getters (an address when the call
// failed). /dev/null is not a block device, so the calls fail.
// cxtrace-args: -e trace=quotactl,getppid
// cxtrace-after: ^getppid\(
#define _GNU_SOURCE
#include <sys/quota.h>

#include "dec_util.h"

int main(void) {
  char buf[128];
  start_marker();

  long r = syscall(SYS_quotactl, QCMD(Q_GETQUOTA, USRQUOTA), "/dev/null", 1000, buf);
  expect_call(res(r), "quotactl(QCMD(Q_GETQUOTA, USRQUOTA), \"/dev/null\", 1000, %p)", (void *)buf);
  r = syscall(SYS_quotactl, QCMD(Q_SYNC, GRPQUOTA), NULL, 0, 0);
  expect_call(res(r), "quotactl(QCMD(Q_SYNC, GRPQUOTA), NULL)");
  r = syscall(SYS_quotactl, QCMD(Q_QUOTAON, USRQUOTA), "/dev/null", QFMT_VFS_V1, "/quota.user");
  expect_call(res(r), "quotactl(QCMD(Q_QUOTAON, USRQUOTA), \"/dev/null\", QFMT_VFS_V1, \"/quota.user\")");
  r = syscall(SYS_quotactl, QCMD(Q_QUOTAOFF, PRJQUOTA), "/dev/null", 0, 0);
  expect_call(res(r), "quotactl(QCMD(Q_QUOTAOFF, PRJQUOTA), \"/dev/null\")");
  r = syscall(SYS_quotactl, QCMD(Q_GETFMT, PRJQUOTA), "/dev/null", 0, buf);
  expect_call(res(r), "quotactl(QCMD(Q_GETFMT, PRJQUOTA), \"/dev/null\", %p)", (void *)buf);
  r = syscall(SYS_quotactl, QCMD(Q_GETINFO, USRQUOTA), "/dev/null", 0, buf);
  expect_call(res(r), "quotactl(QCMD(Q_GETINFO, USRQUOTA), \"/dev/null\", %p)", (void *)buf);
  struct if_dqblk dq = {.dqb_bhardlimit = 1, .dqb_bsoftlimit = 2, .dqb_curspace = 3,
                        .dqb_ihardlimit = 4, .dqb_isoftlimit = 5, .dqb_curinodes = 6};
  r = syscall(SYS_quotactl, QCMD(Q_SETQUOTA, GRPQUOTA), "/dev/null", -1, &dq);
  expect_call(res(r), "quotactl(QCMD(Q_SETQUOTA, GRPQUOTA), \"/dev/null\", -1, {dqb_bhardlimit=1, "
              "dqb_bsoftlimit=2, dqb_curspace=3, dqb_ihardlimit=4, dqb_isoftlimit=5, dqb_curinodes=6, ...})");
  struct if_dqinfo di = {.dqi_bgrace = 10, .dqi_igrace = 20, .dqi_flags = 1, .dqi_valid = 7};
  r = syscall(SYS_quotactl, QCMD(Q_SETINFO, USRQUOTA), "/dev/null", 0, &di);
  expect_call(res(r), "quotactl(QCMD(Q_SETINFO, USRQUOTA), \"/dev/null\", {dqi_bgrace=10, dqi_igrace=20, "
              "dqi_flags=DQF_ROOT_SQUASH, dqi_valid=IIF_BGRACE|IIF_IGRACE|IIF_FLAGS})");
  r = syscall(SYS_quotactl, QCMD(0x7777, 5), "/dev/null", 3, buf);
  expect_call(res(r), "quotactl(QCMD(0x7777 /* Q_??? */, 0x5 /* ???QUOTA */), \"/dev/null\", 3, %p)",
              (void *)buf);

  expect_line("+++ exited with 0 +++");
  return 0;
}
