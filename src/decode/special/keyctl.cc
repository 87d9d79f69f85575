// keyctl: the operation decides the arguments (strace's src/keyctl.c): key serial numbers
// by their special names (`KEY_SPEC_SESSION_KEYRING`), strings, permission masks, and for
// KEYCTL_DESCRIBE/READ the buffer the kernel filled, shown at exit with the result's length.
// Operations not listed here show their four arguments in hex.
#include <linux/keyctl.h>

#include <algorithm>

#include "decode/special.h"
#include "decode/special/common.h"

namespace cxtrace::decode {

namespace {

using special::arg;

void put_serial(CallCtx& c, int i) {
  arg(c, [&](Values& out) {
    special::put_xval_d(out, table::xlat::key_specs, static_cast<int32_t>(c.arg(i)), "");
  });
}
void put_str(CallCtx& c, int i) {
  arg(c, [&](Values&) { special::put_str(c, c.arg(i)); });
}
void put_u(CallCtx& c, int i) {
  arg(c, [&](Values& out) { out.uint_(static_cast<uint32_t>(c.arg(i))); });
}
void put_ulong(CallCtx& c, int i) { arg(c, [&](Values& out) { out.uint_(c.arg(i)); }); }
void put_strn(CallCtx& c, int i, uint64_t len) {
  arg(c, [&](Values&) { special::put_strn(c, c.arg(i), len); });
}

bool reads_key(uint32_t cmd) {
  return cmd == KEYCTL_DESCRIBE || cmd == KEYCTL_READ || cmd == KEYCTL_GET_SECURITY;
}

void entry(CallCtx& c) {
  auto cmd = static_cast<uint32_t>(c.arg(0));
  arg(c, [&](Values& out) { special::put_xval(out, table::xlat::keyctl_cmds, cmd, "KEYCTL_???"); });
  switch (cmd) {
    case KEYCTL_GET_KEYRING_ID:
      put_serial(c, 1);
      arg(c, [&](Values& out) { out.int_(static_cast<int32_t>(c.arg(2))); });
      break;
    case KEYCTL_JOIN_SESSION_KEYRING:
      put_str(c, 1);
      break;
    case KEYCTL_UPDATE:
      put_serial(c, 1);
      put_strn(c, 2, c.arg(3));
      put_ulong(c, 3);
      break;
    case KEYCTL_REVOKE:
    case KEYCTL_CLEAR:
    case KEYCTL_INVALIDATE:
    case KEYCTL_ASSUME_AUTHORITY:
      put_serial(c, 1);
      break;
    case KEYCTL_LINK:
    case KEYCTL_UNLINK:
      put_serial(c, 1);
      put_serial(c, 2);
      break;
    case KEYCTL_DESCRIBE:
    case KEYCTL_READ:
    case KEYCTL_GET_SECURITY:
      put_serial(c, 1);
      special::entry_done(c, 4);
      return;
    case KEYCTL_SEARCH:
      put_serial(c, 1);
      put_str(c, 2);
      put_str(c, 3);
      put_serial(c, 4);
      break;
    case KEYCTL_CHOWN:
      put_serial(c, 1);
      arg(c, [&](Values& out) { special::put_id(out, static_cast<uint32_t>(c.arg(2))); });
      arg(c, [&](Values& out) { special::put_id(out, static_cast<uint32_t>(c.arg(3))); });
      break;
    case KEYCTL_SETPERM:
      put_serial(c, 1);
      arg(c, [&](Values& out) {
        special::put_flags(out, table::xlat::key_perms, static_cast<uint32_t>(c.arg(2)), "KEY_???");
      });
      break;
    case KEYCTL_INSTANTIATE:
      put_serial(c, 1);
      put_strn(c, 2, c.arg(3));
      put_ulong(c, 3);
      put_serial(c, 4);
      break;
    case KEYCTL_NEGATE:
      put_serial(c, 1);
      put_u(c, 2);
      put_serial(c, 3);
      break;
    case KEYCTL_SET_REQKEY_KEYRING:
      arg(c, [&](Values& out) {
        special::put_xval_d(out, table::xlat::key_reqkeys, static_cast<int32_t>(c.arg(1)),
                            "KEY_REQKEY_DEFL_???");
      });
      break;
    case KEYCTL_SET_TIMEOUT:
      put_serial(c, 1);
      put_u(c, 2);
      break;
    case KEYCTL_SESSION_TO_PARENT:
      break;
    case KEYCTL_GET_PERSISTENT:
      arg(c, [&](Values& out) { special::put_id(out, static_cast<uint32_t>(c.arg(1))); });
      put_serial(c, 2);
      break;
    case KEYCTL_RESTRICT_KEYRING:
      put_serial(c, 1);
      put_str(c, 2);
      put_str(c, 3);
      break;
    default:
      for (int i = 1; i <= 4; ++i) {
        arg(c, [&](Values& out) { out.hex(c.arg(i)); });
      }
      break;
  }
  special::entry_all(c);
}

void exit(CallCtx& c) {
  auto cmd = static_cast<uint32_t>(c.arg(0));
  if (!reads_key(cmd)) {
    return;
  }
  uint64_t buf = c.arg(2);
  uint64_t len = c.arg(3);
  arg(c, [&](Values& out) {
    if (c.rec.is_error) {
      out.ptr(buf);
      return;
    }
    uint64_t n = std::min<uint64_t>(static_cast<uint64_t>(c.rec.rval), len);
    if (buf != 0 && n != 0 && cmd != KEYCTL_READ) {
      // The description ends in a NUL that strace does not show.
      char last = 1;
      if (c.mem.read(buf + n - 1, &last, 1) == 1 && last == '\0') {
        --n;
      }
    }
    special::put_strn(c, buf, n);
  });
  put_ulong(c, 3);
}

}  // namespace

extern const SpecialDecoder special_keyctl = {entry, exit};

}  // namespace cxtrace::decode
