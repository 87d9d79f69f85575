// fcntl: the third argument's form depends on the command (none for F_GETFD, flags for
// F_SETFL, a struct flock for the locks …) and so does the result's: in hex with the flags it
// holds for F_GETFD/F_GETFL (`= 0x8002 (flags O_RDWR|O_LARGEFILE)`), with a signal name for
// F_GETSIG. Forms are strace's (src/fcntl.c).
#include <fcntl.h>

#include "decode/special.h"
#include "decode/special/common.h"
#include "decode/signals.h"

namespace cxtrace::decode {

namespace {

using special::arg;

constexpr unsigned kDupfdQuery = 1027;  // F_DUPFD_QUERY (Linux 6.10)

// The kernel's struct flock on x86_64 (the same layout as flock64).
struct KernelFlock {
  int16_t l_type;
  int16_t l_whence;
  int32_t pad;
  int64_t l_start;
  int64_t l_len;
  int32_t l_pid;
  int32_t pad2;
};
static_assert(sizeof(KernelFlock) == 32);

void put_flock(CallCtx& c, uint64_t addr, bool getlk) {
  KernelFlock fl{};
  if (!special::fetch(c, addr, fl)) {
    return;
  }
  Values& out = c.out();
  out.struct_begin();
  out.field("l_type");
  special::put_xval(out, table::xlat::flock_types, static_cast<uint16_t>(fl.l_type), "F_???");
  out.field("l_whence");
  special::put_xval(out, table::xlat::whence, static_cast<uint16_t>(fl.l_whence), "SEEK_???");
  out.field("l_start");
  out.int_(fl.l_start);
  out.field("l_len");
  out.int_(fl.l_len);
  if (getlk) {
    out.field("l_pid");
    out.int_(fl.l_pid);
  }
  out.struct_end();
}

void put_owner_ex(CallCtx& c, uint64_t addr) {
  struct {
    int32_t type;
    int32_t pid;
  } owner{};
  if (!special::fetch(c, addr, owner)) {
    return;
  }
  Values& out = c.out();
  out.struct_begin();
  out.field("type");
  special::put_xval(out, table::xlat::f_owner_types, static_cast<uint32_t>(owner.type),
                    "F_OWNER_???");
  out.field("pid");
  out.int_(owner.pid);
  out.struct_end();
}

// strace's open-modes form: the access mode, then the other flags (`O_RDONLY|O_LARGEFILE`).
void put_open_modes(Values& out, uint64_t v) {
  out.flags_begin(v);
  uint64_t left = v;
  if (const table::XlatEntry* e = special::lookup(table::xlat::open_access_modes, v & 3)) {
    out.sym(e->name, e->value);
    left &= ~uint64_t{3};
  }
  left = special::put_flag_names(out, table::xlat::open_mode_flags, left);
  if (left != 0) {
    out.hex(left);
  }
  out.flags_end();
}

void entry(CallCtx& c) {
  generic_arg(c, 0);
  auto cmd = static_cast<uint32_t>(c.arg(1));
  arg(c, [&](Values& out) { special::put_xval(out, table::xlat::fcntl_cmds, cmd, "F_???"); });
  uint64_t v = c.arg(2);
  switch (cmd) {
    case F_SETFD:
      arg(c, [&](Values& out) { special::put_flags(out, table::xlat::fd_flags, v, "FD_???"); });
      break;
    case F_SETOWN:
    case F_DUPFD:
    case F_DUPFD_CLOEXEC:
      arg(c, [&](Values& out) { out.int_(static_cast<int32_t>(v)); });
      break;
    case F_SETPIPE_SZ:
      arg(c, [&](Values& out) { out.int_(static_cast<int64_t>(v)); });
      break;
    case kDupfdQuery:
      arg(c, [&](Values& out) { special::put_fd(out, static_cast<int32_t>(v)); });
      break;
    case F_SETFL:
      arg(c, [&](Values& out) { put_open_modes(out, static_cast<uint32_t>(v)); });
      break;
    case F_SETLK:
    case F_SETLKW:
    case F_OFD_SETLK:
    case F_OFD_SETLKW:
      arg(c, [&](Values&) { put_flock(c, v, false); });
      break;
    case F_SETOWN_EX:
      arg(c, [&](Values&) { put_owner_ex(c, v); });
      break;
    case F_NOTIFY:
      arg(c, [&](Values& out) { special::put_flags(out, table::xlat::dnotify_flags, v, "DN_???"); });
      break;
    case F_SETLEASE:
      arg(c, [&](Values& out) { special::put_xval(out, table::xlat::flock_types, v, "F_???"); });
      break;
    case F_ADD_SEALS:
      arg(c, [&](Values& out) { special::put_flags(out, table::xlat::f_seals, v, "F_SEAL_???"); });
      break;
    case F_SETSIG:
      arg(c, [&](Values& out) { special::put_signo(out, static_cast<int64_t>(v)); });
      break;
    case F_GETOWN:
    case F_GETPIPE_SZ:
    case F_GETFD:
    case F_GETFL:
    case F_GETLEASE:
    case F_GET_SEALS:
    case F_GETSIG:
      break;
    case F_GETLK:
    case F_OFD_GETLK:
    case F_GETOWN_EX:
      special::entry_done(c, 3);  // the kernel fills the structure: shown at exit
      c.rec.exit_sep = true;      // strace prints the ", " only then
      return;
    default:
      arg(c, [&](Values& out) { out.hex(v); });
      break;
  }
  special::entry_all(c);
}

void exit(CallCtx& c) {
  auto cmd = static_cast<uint32_t>(c.arg(1));
  uint64_t v = c.arg(2);
  switch (cmd) {
    case F_GETLK:
    case F_OFD_GETLK:
      arg(c, [&](Values&) { put_flock(c, v, true); });
      return;
    case F_GETOWN_EX:
      arg(c, [&](Values&) { put_owner_ex(c, v); });
      return;
    default:
      break;
  }
  if (c.rec.is_error) {
    return;
  }
  auto r = static_cast<uint64_t>(c.rec.rval);
  Values& out = c.out();
  switch (cmd) {
    case F_DUPFD:
    case F_DUPFD_CLOEXEC:
      c.rec.ret_is_fd = true;  // -y: `= 4</etc/passwd>`
      break;
    case F_GETFD:
      if (r != 0) {
        c.rec.ret_hex = true;
        special::begin_styled_ret(c);
        out.text("flags ");
        special::put_flags(out, table::xlat::fd_flags, r, "");
      }
      break;
    case F_GETFL:
      c.rec.ret_hex = true;
      special::begin_ret(c);
      out.text("flags ");
      put_open_modes(out, static_cast<uint32_t>(r));
      break;
    case F_GETLEASE:
      c.rec.ret_hex = true;
      if (const table::XlatEntry* e = special::lookup(table::xlat::flock_types, r)) {
        special::begin_ret(c);
        out.sym(e->name, r);
      }
      break;
    case F_GET_SEALS:
      if (r != 0) {
        c.rec.ret_hex = true;
        special::begin_styled_ret(c);
        out.text("seals ");
        special::put_flags(out, table::xlat::f_seals, r, "");
      }
      break;
    case F_GETSIG:
      if (std::string_view name = signal_name(static_cast<int>(r)); r != 0 && !name.empty()) {
        special::begin_ret(c);
        out.sym(name, r);
      }
      break;
    default:
      break;
  }
}

}  // namespace

extern const SpecialDecoder special_fcntl = {entry, exit};

}  // namespace cxtrace::decode
