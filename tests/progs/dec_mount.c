// mount: the MS_MGC_VAL magic by name; the filesystem type and data shown as addresses when
// the flags make the kernel ignore them. All calls fail (a missing target).
// cxtrace-args: -e trace=mount,getppid
// cxtrace-after: ^getppid\(
#define _GNU_SOURCE
#include <sys/mount.h>

#include "dec_util.h"

int main(void) {
  static const char fstype[] = "ext4";
  start_marker();

  long r = syscall(SYS_mount, "none", "/nonexistent-cxtrace", "tmpfs", (long)(MS_NOSUID | MS_NODEV), "size=1m");
  expect_call(res(r), "mount(\"none\", \"/nonexistent-cxtrace\", \"tmpfs\", MS_NOSUID|MS_NODEV, \"size=1m\")");
  r = syscall(SYS_mount, "/a-cxtrace", "/b-cxtrace", NULL, (long)(MS_BIND | MS_REC), NULL);
  expect_call(res(r), "mount(\"/a-cxtrace\", \"/b-cxtrace\", NULL, MS_BIND|MS_REC, NULL)");
  r = syscall(SYS_mount, "/a-cxtrace", "/b-cxtrace", fstype, (long)(MS_MGC_VAL | MS_REMOUNT | MS_RDONLY), "ro");
  expect_call(res(r), "mount(\"/a-cxtrace\", \"/b-cxtrace\", %p, MS_MGC_VAL|MS_RDONLY|MS_REMOUNT, \"ro\")",
              (void *)fstype);
  r = syscall(SYS_mount, "/a-cxtrace", "/b-cxtrace", fstype, (long)MS_MGC_VAL, NULL);
  expect_call(res(r), "mount(\"/a-cxtrace\", \"/b-cxtrace\", \"ext4\", MS_MGC_VAL, NULL)");
  r = syscall(SYS_mount, NULL, "/b-cxtrace", fstype, (long)(MS_PRIVATE | MS_REC), "x");
  expect_call(res(r), "mount(NULL, \"/b-cxtrace\", %p, MS_REC|MS_PRIVATE, %p)", (void *)fstype, (void *)"x");
  r = syscall(SYS_mount, "/a-cxtrace", "/b-cxtrace", fstype, 0L, NULL);
  expect_call(res(r), "mount(\"/a-cxtrace\", \"/b-cxtrace\", \"ext4\", 0, NULL)");

  expect_line("+++ exited with 0 +++");
  return 0;
}
