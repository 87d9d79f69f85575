// quotactl, quotactl_fd: the command is `QCMD(Q_GETQUOTA, USRQUOTA)`, and whether `id` and
// `addr` are shown, and how, depends on it: a quota format and a path for Q_QUOTAON, a
// struct if_dqblk for Q_GETQUOTA (filled by the kernel: shown at exit) … (strace's
// src/quota.c).
#include <fmt/format.h>

#include "decode/basic.h"
#include "decode/special.h"
#include "decode/special/common.h"

namespace cxtrace::decode {

namespace {

using special::arg;

// Commands (QCMD_CMD) this decoder knows the argument forms of.
enum : uint32_t {
  kSync = 0x800001, kQuotaOn = 0x800002, kQuotaOff = 0x800003, kGetFmt = 0x800004,
  kGetInfo = 0x800005, kSetInfo = 0x800006, kGetQuota = 0x800007, kSetQuota = 0x800008,
  kGetNextQuota = 0x800009,
  kXQuotaOn = 0x5801, kXQuotaOff = 0x5802, kXGetQuota = 0x5803, kXSetQLim = 0x5804,
  kXGetQStat = 0x5805, kXQuotaRm = 0x5806, kXQuotaSync = 0x5807, kXGetQStatV = 0x5808,
  kXGetNextQuota = 0x5809,
};

struct IfDqblk {
  uint64_t bhardlimit, bsoftlimit, curspace, ihardlimit, isoftlimit, curinodes, btime, itime;
  uint32_t valid;
  uint32_t id;  // if_nextdqblk only
};
struct IfDqinfo {
  uint64_t bgrace, igrace;
  uint32_t flags, valid;
};

// Where each command's arguments go: the first two (op, special or fd) are always shown.
struct Layout {
  bool id;        // the id argument is shown (as a uid, or a format for Q_QUOTAON)
  bool data;      // the addr argument is shown
  bool at_exit;   // the kernel fills addr: shown at exit
};

Layout layout(uint32_t cmd) {
  switch (cmd) {
    case kQuotaOff: case kSync: case kXQuotaSync: return {false, false, false};
    case kQuotaOn: return {true, true, false};
    case kGetQuota: case kGetNextQuota: case kXGetQuota: case kXGetNextQuota:
      return {true, true, true};
    case kSetQuota: case kXSetQLim: return {true, true, false};
    case kGetFmt: case kGetInfo: case kXGetQStat: case kXGetQStatV: return {false, true, true};
    case kSetInfo: case kXQuotaOn: case kXQuotaOff: case kXQuotaRm: return {false, true, false};
    default: return {true, true, false};
  }
}

void put_qcmd(Values& out, uint32_t qcmd) {
  std::string& pool = out.pool();
  size_t off = pool.size();
  uint32_t cmd = qcmd >> 8;
  uint32_t type = qcmd & 0xff;
  pool += "QCMD(";
  if (const table::XlatEntry* e = special::lookup(table::xlat::quotacmds, cmd)) {
    pool += e->name;
  } else {
    fmt::format_to(std::back_inserter(pool), "{:#x} /* Q_??? */", cmd);
  }
  pool += ", ";
  if (const table::XlatEntry* e = special::lookup(table::xlat::quotatypes, type)) {
    pool += e->name;
  } else {
    fmt::format_to(std::back_inserter(pool), "{:#x} /* ???QUOTA */", type);
  }
  pool += ')';
  out.sym_pooled(off, qcmd, NumFmt::dec);  // 2147485440 under -X raw
}

void put_dqblk(CallCtx& c, uint64_t addr, bool next) {
  IfDqblk dq{};
  if (!special::fetch_bytes(c, addr, &dq, next ? sizeof dq : 68)) {
    return;
  }
  Values& out = c.out();
  out.struct_begin();
  const std::pair<std::string_view, uint64_t> fields[] = {
      {"dqb_bhardlimit", dq.bhardlimit}, {"dqb_bsoftlimit", dq.bsoftlimit},
      {"dqb_curspace", dq.curspace},     {"dqb_ihardlimit", dq.ihardlimit},
      {"dqb_isoftlimit", dq.isoftlimit}, {"dqb_curinodes", dq.curinodes},
  };
  for (const auto& [name, v] : fields) {
    out.field(name);
    out.uint_(v);
  }
  if (c.opts.verbose) {
    out.field("dqb_btime");
    out.uint_(dq.btime);
    out.field("dqb_itime");
    out.uint_(dq.itime);
    out.field("dqb_valid");
    special::put_flags(out, table::xlat::if_dqblk_valid, dq.valid, "QIF_???");
    if (next) {
      out.field("dqb_id");
      out.uint_(dq.id);
    }
  } else {
    if (next) {
      out.field("dqb_id");
      out.uint_(dq.id);
    }
    out.ellipsis();
  }
  out.struct_end();
}

void put_dqinfo(CallCtx& c, uint64_t addr) {
  IfDqinfo dq{};
  if (!special::fetch(c, addr, dq)) {
    return;
  }
  Values& out = c.out();
  out.struct_begin();
  out.field("dqi_bgrace");
  out.uint_(dq.bgrace);
  out.field("dqi_igrace");
  out.uint_(dq.igrace);
  out.field("dqi_flags");
  special::put_flags(out, table::xlat::if_dqinfo_flags, dq.flags, "DQF_???");
  out.field("dqi_valid");
  special::put_flags(out, table::xlat::if_dqinfo_valid, dq.valid, "IIF_???");
  out.struct_end();
}

void put_u32_flags(CallCtx& c, uint64_t addr, const table::Xlat& x, std::string_view dflt) {
  special::put_num<uint32_t>(c, addr, [&](Values& o, uint32_t v) { special::put_flags(o, x, v, dflt); });
}

void put_data(CallCtx& c, uint32_t cmd, uint64_t addr) {
  arg(c, [&](Values& out) {
    switch (cmd) {
      case kQuotaOn:
        put_cstring(out, c.mem, addr, 4096);  // a path: never cut by -s
        break;
      case kGetQuota:
      case kSetQuota:
        put_dqblk(c, addr, false);
        break;
      case kGetNextQuota:
        put_dqblk(c, addr, true);
        break;
      case kGetFmt:
        special::put_num<uint32_t>(c, addr, [](Values& o, uint32_t v) {
          special::put_xval(o, table::xlat::quota_formats, v, "QFMT_VFS_???");
        });
        break;
      case kGetInfo:
      case kSetInfo:
        put_dqinfo(c, addr);
        break;
      case kXQuotaOn:
      case kXQuotaOff:
        put_u32_flags(c, addr, table::xlat::xfs_quota_flags, "FS_QUOTA_???");
        break;
      case kXQuotaRm:
        put_u32_flags(c, addr, table::xlat::xfs_dqblk_flags, "FS_???_QUOTA");
        break;
      default:  // XFS quota and statistics structures: the address
        out.ptr(addr);
        break;
    }
  });
}

// quotactl(op, special, id, addr) or quotactl_fd(fd, op, id, addr).
bool is_fd_form(const CallCtx& c) { return c.rec.desc->name == "quotactl_fd"; }

void entry(CallCtx& c) {
  bool fd_form = is_fd_form(c);
  auto qcmd = static_cast<uint32_t>(c.arg(fd_form ? 1 : 0));
  uint32_t cmd = qcmd >> 8;
  if (fd_form) {
    arg(c, [&](Values& out) { special::put_fd(out, static_cast<int32_t>(c.arg(0))); });
    arg(c, [&](Values& out) { put_qcmd(out, qcmd); });
  } else {
    arg(c, [&](Values& out) { put_qcmd(out, qcmd); });
    generic_arg(c, 1);  // special: a path
  }
  Layout l = layout(cmd);
  if (l.id) {
    auto id = static_cast<uint32_t>(c.arg(2));
    arg(c, [&](Values& out) {
      if (cmd == kQuotaOn) {
        special::put_xval(out, table::xlat::quota_formats, id, "QFMT_VFS_???");
      } else {
        special::put_id(out, id);
      }
    });
  }
  if (l.data && l.at_exit) {
    special::entry_done(c, c.rec.nargs + 1);
    return;
  }
  if (l.data) {
    put_data(c, cmd, c.arg(3));
  }
  special::entry_all(c);
}

void exit(CallCtx& c) {
  auto qcmd = static_cast<uint32_t>(c.arg(is_fd_form(c) ? 1 : 0));
  Layout l = layout(qcmd >> 8);
  if (l.data && l.at_exit) {
    put_data(c, qcmd >> 8, c.arg(3));
  }
}

}  // namespace

extern const SpecialDecoder special_quotactl = {entry, exit};

}  // namespace cxtrace::decode
