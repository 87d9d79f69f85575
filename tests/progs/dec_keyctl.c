// keyctl: serial numbers by their special names, strings, permission masks; the buffer
// KEYCTL_DESCRIBE fills is shown at exit without its trailing NUL; unknown operations print
// four hex arguments.
// cxtrace-args: -e trace=keyctl,getppid
// cxtrace-after: ^getppid\(
#define _GNU_SOURCE
#include <linux/keyctl.h>

#include "dec_util.h"

int main(void) {
  start_marker();

  long r = syscall(SYS_keyctl, KEYCTL_GET_KEYRING_ID, KEY_SPEC_SESSION_KEYRING, 0);
  expect_call(res(r), "keyctl(KEYCTL_GET_KEYRING_ID, KEY_SPEC_SESSION_KEYRING, 0)");
  r = syscall(SYS_keyctl, KEYCTL_REVOKE, 12345);
  expect_call(res(r), "keyctl(KEYCTL_REVOKE, 12345)");

  r = syscall(SYS_keyctl, KEYCTL_DESCRIBE, KEY_SPEC_SESSION_KEYRING, NULL, 0);
  expect_call(res(r), "keyctl(KEYCTL_DESCRIBE, KEY_SPEC_SESSION_KEYRING, NULL, 0)");
  char buf[64];
  r = syscall(SYS_keyctl, KEYCTL_DESCRIBE, KEY_SPEC_SESSION_KEYRING, buf, sizeof buf);
  if (r < 0) {
    expect_call(res(r), "keyctl(KEYCTL_DESCRIBE, KEY_SPEC_SESSION_KEYRING, %p, 64)", (void *)buf);
  } else {
    int n = r < (long)sizeof buf ? (int)r : (int)sizeof buf;
    if (n > 0 && buf[n - 1] == '\0') {
      --n;
    }
    expect_call(res(r), "keyctl(KEYCTL_DESCRIBE, KEY_SPEC_SESSION_KEYRING, \"%.*s\"%s, 64)",
                n > 32 ? 32 : n, buf, n > 32 ? "..." : "");
  }
  r = syscall(SYS_keyctl, KEYCTL_READ, 12345, buf, sizeof buf);
  expect_call(res(r), "keyctl(KEYCTL_READ, 12345, %p, 64)", (void *)buf);

  r = syscall(SYS_keyctl, KEYCTL_SETPERM, 12345, 0x3f010000);
  expect_call(res(r), "keyctl(KEYCTL_SETPERM, 12345, KEY_POS_VIEW|KEY_POS_READ|KEY_POS_WRITE|KEY_POS_SEARCH|"
              "KEY_POS_LINK|KEY_POS_SETATTR|KEY_USR_VIEW)");
  r = syscall(SYS_keyctl, KEYCTL_SEARCH, KEY_SPEC_USER_KEYRING, "user", "desc-cxtrace", 0);
  expect_call(res(r), "keyctl(KEYCTL_SEARCH, KEY_SPEC_USER_KEYRING, \"user\", \"desc-cxtrace\", 0)");
  r = syscall(SYS_keyctl, KEYCTL_CHOWN, 12345, -1, 0);
  expect_call(res(r), "keyctl(KEYCTL_CHOWN, 12345, -1, 0)");
  r = syscall(SYS_keyctl, KEYCTL_SET_TIMEOUT, 12345, 100);
  expect_call(res(r), "keyctl(KEYCTL_SET_TIMEOUT, 12345, 100)");
  r = syscall(SYS_keyctl, KEYCTL_UPDATE, 12345, "abc", 3);
  expect_call(res(r), "keyctl(KEYCTL_UPDATE, 12345, \"abc\", 3)");
  r = syscall(SYS_keyctl, KEYCTL_LINK, 12345, KEY_SPEC_THREAD_KEYRING);
  expect_call(res(r), "keyctl(KEYCTL_LINK, 12345, KEY_SPEC_THREAD_KEYRING)");
  r = syscall(SYS_keyctl, KEYCTL_NEGATE, 12345, 60, KEY_SPEC_PROCESS_KEYRING);
  expect_call(res(r), "keyctl(KEYCTL_NEGATE, 12345, 60, KEY_SPEC_PROCESS_KEYRING)");
  r = syscall(SYS_keyctl, KEYCTL_SET_REQKEY_KEYRING, KEY_REQKEY_DEFL_NO_CHANGE);
  expect_call(res(r), "keyctl(KEYCTL_SET_REQKEY_KEYRING, KEY_REQKEY_DEFL_NO_CHANGE)");
  r = syscall(SYS_keyctl, KEYCTL_SET_REQKEY_KEYRING, 99);
  expect_call(res(r), "keyctl(KEYCTL_SET_REQKEY_KEYRING, 99 /* KEY_REQKEY_DEFL_??? */)");
  r = syscall(SYS_keyctl, 9999, 1, 2, 3, 4);
  expect_call(res(r), "keyctl(0x270f /* KEYCTL_??? */, 0x1, 0x2, 0x3, 0x4)");

  expect_line("+++ exited with 0 +++");
  return 0;
}
