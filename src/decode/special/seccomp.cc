// seccomp: the operation decides what `flags` and `args` are: a filter program for
// SECCOMP_SET_MODE_FILTER (`{len=4, filter=0x…}`), an action for SECCOMP_GET_ACTION_AVAIL
// (`[SECCOMP_RET_LOG]`), the sizes the kernel fills for SECCOMP_GET_NOTIF_SIZES (at exit).
#include <linux/seccomp.h>

#include "decode/special.h"
#include "decode/special/common.h"

namespace cxtrace::decode {

namespace {

using special::arg;

void entry(CallCtx& c) {
  auto op = static_cast<uint32_t>(c.arg(0));
  auto flags = static_cast<uint32_t>(c.arg(1));
  arg(c, [&](Values& out) {
    special::put_xval(out, table::xlat::seccomp_ops, op, "SECCOMP_SET_MODE_???");
  });
  switch (op) {
    case SECCOMP_GET_ACTION_AVAIL:
      arg(c, [&](Values& out) { out.hex(flags); });
      arg(c, [&](Values&) {
        special::put_num<uint32_t>(c, c.arg(2), [](Values& o, uint32_t v) {
          special::put_xval(o, table::xlat::seccomp_ret_action, v, "SECCOMP_RET_???");
        });
      });
      break;
    case SECCOMP_GET_NOTIF_SIZES:
      arg(c, [&](Values& out) { out.hex(flags); });
      special::entry_done(c, 3);
      return;
    case SECCOMP_SET_MODE_FILTER:
      arg(c, [&](Values& out) {
        special::put_flags(out, table::xlat::seccomp_filter_flags, flags, "SECCOMP_FILTER_FLAG_???");
      });
      arg(c, [&](Values&) { special::put_sock_fprog(c, c.arg(2)); });
      break;
    default:
      arg(c, [&](Values& out) { out.hex(flags); });
      arg(c, [&](Values& out) { out.ptr(c.arg(2)); });
      break;
  }
  special::entry_all(c);
}

void exit(CallCtx& c) {
  if (static_cast<uint32_t>(c.arg(0)) != SECCOMP_GET_NOTIF_SIZES) {
    return;
  }
  arg(c, [&](Values& out) {
    struct {
      uint16_t notif, notif_resp, data;
    } sizes{};
    if (!special::fetch(c, c.arg(2), sizes)) {
      return;
    }
    out.struct_begin();
    out.field("seccomp_notif");
    out.uint_(sizes.notif);
    out.field("seccomp_notif_resp");
    out.uint_(sizes.notif_resp);
    out.field("seccomp_data");
    out.uint_(sizes.data);
    out.struct_end();
  });
}

}  // namespace

extern const SpecialDecoder special_seccomp = {entry, exit};

}  // namespace cxtrace::decode
