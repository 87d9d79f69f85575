// ioctl: the request by name (or `_IOC(dir, type, nr, size)` when unknown) and the argument
// in the form its request gives it. Terminal requests are decoded the way strace 6.1 does
// (src/term.c): termios flags, window sizes, `[int]` values; every other request shows its
// argument in hex. Requests that fill a structure show it at exit.
#include <asm/ioctls.h>
#include <asm/termbits.h>
#include <linux/fs.h>
#include <linux/ioctl.h>
#include <linux/random.h>

#include <fmt/format.h>

#include "decode/special.h"
#include "decode/special/common.h"

namespace cxtrace::decode {

namespace {

using special::arg;

// The kernel's terminal structures (glibc's struct termios is a different size).
struct KernelTermios {
  uint32_t c_iflag, c_oflag, c_cflag, c_lflag;
  uint8_t c_line;
  uint8_t c_cc[19];
};
struct KernelTermios2 {
  KernelTermios t;
  uint32_t c_ispeed, c_ospeed;
};
struct KernelTermio {
  uint16_t c_iflag, c_oflag, c_cflag, c_lflag;
  uint8_t c_line;
  uint8_t c_cc[8];
};
static_assert(sizeof(KernelTermios) == 36 && sizeof(KernelTermios2) == 44 &&
              sizeof(KernelTermio) == 18);

constexpr unsigned kIbshift = 16;  // IBSHIFT: CIBAUD holds an input speed shifted up by 16

// c_cc indices as strace prints them (`[VINTR]=0x3`); the ones without a name print the index.
constexpr std::string_view kCcNames[19] = {
    "[VINTR]", "[VQUIT]", "[VERASE]", "[VKILL]",    "[VEOF]",    "[VTIME]",   "[VMIN]",
    "[VSWTC]", "[VSTART]", "[VSTOP]", "[VSUSP]",    "[VEOL]",    "[VREPRINT]", "[VDISCARD]",
    "[VWERASE]", "[VLNEXT]", "[VEOL2]", "[17]",     "[18]"};
static_assert(VINTR == 0 && VQUIT == 1 && VERASE == 2 && VKILL == 3 && VEOF == 4 && VTIME == 5 &&
              VMIN == 6 && VSWTC == 7 && VSTART == 8 && VSTOP == 9 && VSUSP == 10 &&
              VEOL == 11 && VREPRINT == 12 && VDISCARD == 13 && VWERASE == 14 &&
              VLNEXT == 15 && VEOL2 == 16);

// printflags with no default: an empty word prints nothing at all (`c_iflag=, `).
void put_term_flags(Values& out, const table::Xlat& x, uint64_t v) {
  if (v == 0) {
    out.text("");
    return;
  }
  out.flags_begin(v);
  if (uint64_t left = special::put_flag_names(out, x, v); left != 0) {
    out.hex(left);
  }
  out.flags_end();
}

// The rest of a flag word after its fields, its last part: nothing at all when zero, which
// leaves strace's trailing '|' (`c_oflag=NL0|CR0|TAB0|BS0|VT0|FF0|`).
void put_rest(Values& out, const table::Xlat& x, uint64_t v) { put_term_flags(out, x, v); }

void put_oflag(Values& out, uint64_t v) {
  struct Field {
    const table::Xlat& x;
    uint64_t mask;
    std::string_view dflt;
  };
  const Field fields[] = {
      {table::xlat::term_nldly, NLDLY, "NL?"},   {table::xlat::term_crdly, CRDLY, "CR?"},
      {table::xlat::term_tabdly, TABDLY, "TAB?"}, {table::xlat::term_bsdly, BSDLY, "BS?"},
      {table::xlat::term_vtdly, VTDLY, "VT?"},   {table::xlat::term_ffdly, FFDLY, "FF?"},
  };
  // Each field is a part with its own number under -X raw (`0|0|0|0|0|0|0x5`).
  out.flags_begin(v, NumFmt::hex, kParts);
  for (const Field& f : fields) {
    special::put_xval(out, f.x, v & f.mask, f.dflt);
    v &= ~f.mask;
  }
  put_rest(out, table::xlat::term_oflags, v);
  out.flags_end();
}

void put_cflag(Values& out, uint64_t v) {
  out.flags_begin(v, NumFmt::hex, kParts);
  special::put_xval(out, table::xlat::baud_options, v & CBAUD, "B???");
  if ((v & CIBAUD) != 0) {
    // `B1200<<IBSHIFT`, `0x9 /* B1200 */<<0x10 /* IBSHIFT */` under -X verbose.
    out.flags_begin(v & CIBAUD, NumFmt::hex, kParts | kConcat);
    special::put_xval(out, table::xlat::baud_options, (v & CIBAUD) >> kIbshift, "B???");
    out.text("<<");
    out.sym("IBSHIFT", kIbshift);
    out.flags_end();
  }
  special::put_xval(out, table::xlat::term_csize, v & CSIZE, "CS?");
  put_rest(out, table::xlat::term_cflags, v & ~static_cast<uint64_t>(CBAUD | CIBAUD | CSIZE));
  out.flags_end();
}

void put_term_flags4(Values& out, uint32_t i, uint32_t o, uint32_t cf, uint32_t l) {
  out.field("c_iflag");
  put_term_flags(out, table::xlat::term_iflags, i);
  out.field("c_oflag");
  put_oflag(out, o);
  out.field("c_cflag");
  put_cflag(out, cf);
  out.field("c_lflag");
  put_term_flags(out, table::xlat::term_lflags, l);
}

void put_cc(Values& out, const uint8_t* cc, size_t n) {
  out.field("c_cc");
  out.array_begin();
  for (size_t i = 0; i < n; ++i) {
    out.field(kCcNames[i]);
    out.hex(cc[i]);
  }
  out.array_end();
}

void put_line(Values& out, uint8_t line) {
  out.field("c_line");
  special::put_xval(out, table::xlat::term_line_discs, line, "N_???");
}

// struct termios and the older struct termio: the same fields, of different widths.
template <typename T>
void put_termios(CallCtx& c, uint64_t addr) {
  T t{};
  if (!special::fetch(c, addr, t)) {
    return;
  }
  Values& out = c.out();
  out.struct_begin();
  put_term_flags4(out, t.c_iflag, t.c_oflag, t.c_cflag, t.c_lflag);
  if (c.opts.verbose) {
    put_line(out, t.c_line);
    put_cc(out, t.c_cc, sizeof t.c_cc);
  } else {
    out.ellipsis();
  }
  out.struct_end();
}

void put_termios2(CallCtx& c, uint64_t addr) {
  KernelTermios2 t{};
  if (!special::fetch(c, addr, t)) {
    return;
  }
  Values& out = c.out();
  out.struct_begin();
  put_term_flags4(out, t.t.c_iflag, t.t.c_oflag, t.t.c_cflag, t.t.c_lflag);
  if (c.opts.verbose) {
    put_line(out, t.t.c_line);
    put_cc(out, t.t.c_cc, sizeof t.t.c_cc);
    out.field("c_ispeed");
    out.uint_(t.c_ispeed);
    out.field("c_ospeed");
    out.uint_(t.c_ospeed);
  } else {
    out.ellipsis();
  }
  out.struct_end();
}

void put_winsize(CallCtx& c, uint64_t addr) {
  struct {
    uint16_t row, col, xpixel, ypixel;
  } ws{};
  if (!special::fetch(c, addr, ws)) {
    return;
  }
  Values& out = c.out();
  out.struct_begin();
  out.field("ws_row");
  out.uint_(ws.row);
  out.field("ws_col");
  out.uint_(ws.col);
  out.field("ws_xpixel");
  out.uint_(ws.xpixel);
  out.field("ws_ypixel");
  out.uint_(ws.ypixel);
  out.struct_end();
}

void put_int(CallCtx& c, uint64_t addr) {
  special::put_num<int32_t>(c, addr, [](Values& o, int32_t v) { o.int_(v); });
}

void put_modem(CallCtx& c, uint64_t addr) {
  special::put_num<uint32_t>(c, addr, [](Values& o, uint32_t v) {
    special::put_flags(o, table::xlat::modem_flags, v, "TIOCM_???");
  });
}

// How a terminal request's argument is shown.
enum class Form : uint8_t {
  none,     // not a request strace decodes: the argument in hex
  no_arg,   // no argument shown
  termios, termios2, termio, winsize, modem, int_ptr,  // a structure or a value it points to
  xonc, flsh, int_val, one_char,
  fs_flags,   // inode flags: `[FS_EXTENT_FL]`
};

struct TermReq {
  Form form;
  bool at_exit;  // the kernel fills it: shown when the call is over
};

TermReq term_request(uint32_t code) {
  switch (code) {
    case TCGETS2: return {Form::termios2, true};
    case TCSETS2: case TCSETSW2: case TCSETSF2: return {Form::termios2, false};
    case TCGETS: case TIOCGLCKTRMIOS: return {Form::termios, true};
    case TCSETS: case TCSETSW: case TCSETSF: case TIOCSLCKTRMIOS: return {Form::termios, false};
    case TCGETA: return {Form::termio, true};
    case TCSETA: case TCSETAW: case TCSETAF: return {Form::termio, false};
    case TIOCGWINSZ: return {Form::winsize, true};
    case TIOCSWINSZ: return {Form::winsize, false};
    case TCXONC: return {Form::xonc, false};
    case TCFLSH: return {Form::flsh, false};
    case TCSBRK: case TCSBRKP: case TIOCSCTTY: return {Form::int_val, false};
    case TIOCMGET: return {Form::modem, true};
    case TIOCMBIS: case TIOCMBIC: case TIOCMSET: return {Form::modem, false};
    case TIOCGPGRP: case TIOCGSID: case TIOCGETD: case TIOCGSOFTCAR: case TIOCGPTN:
    case FIONREAD: case TIOCOUTQ: case TIOCGEXCL: case TIOCGDEV:
      return {Form::int_ptr, true};
    case TIOCSPGRP: case TIOCSETD: case FIONBIO: case FIOASYNC: case TIOCPKT:
    case TIOCSSOFTCAR: case TIOCSPTLCK:
      return {Form::int_ptr, false};
    case TIOCSTI: return {Form::one_char, false};
    case TIOCSBRK: case TIOCCBRK: case TIOCCONS: case TIOCNOTTY: case TIOCEXCL: case TIOCNXCL:
    case FIOCLEX: case FIONCLEX: case TIOCVHANGUP: case TIOCSSERIAL:
      return {Form::no_arg, false};
    default:
      return {Form::none, false};
  }
}

TermReq request_form(uint32_t code) {
  switch (_IOC_TYPE(code)) {
    case 'T':
      return term_request(code);
    case 'f':
      switch (code) {
        case FS_IOC_GETFLAGS: case FS_IOC32_GETFLAGS: return {Form::fs_flags, true};
        case FS_IOC_SETFLAGS: case FS_IOC32_SETFLAGS: return {Form::fs_flags, false};
        default: return {Form::none, false};
      }
    case 'R':
      switch (code) {
        case RNDGETENTCNT: return {Form::int_ptr, true};
        case RNDADDTOENTCNT: return {Form::int_ptr, false};
        case RNDZAPENTCNT: case RNDCLEARPOOL: case RNDRESEEDCRNG: return {Form::no_arg, false};
        default: return {Form::none, false};
      }
    case 0x94:  // btrfs and the generic clone requests: `ioctl(4, FICLONE, 3)`
      return {code == FICLONE ? Form::int_val : Form::none, false};
    default:
      return {Form::none, false};
  }
}

void put_request(Values& out, uint32_t code) {
  // Numbers two tables share: strace 6.1 names both (these are OSS sequencer timer requests).
  switch (code) {
    case 0x5402: out.sym("SNDCTL_TMR_START or TCSETS", code); return;
    case 0x5403: out.sym("SNDCTL_TMR_STOP or TCSETSW", code); return;
    case 0x5404: out.sym("SNDCTL_TMR_CONTINUE or TCSETSF", code); return;
    case FICLONE: out.sym("BTRFS_IOC_CLONE or FICLONE", code); return;
    default: break;
  }
  if (const table::XlatEntry* e = special::lookup(table::xlat::ioctl_cmds, code)) {
    out.sym(e->name, code);
    return;
  }
  std::string& pool = out.pool();
  size_t off = pool.size();
  pool += "_IOC(";
  uint32_t dir = _IOC_DIR(code);
  if (dir == _IOC_NONE) {
    pool += "_IOC_NONE";
  } else {
    bool first = true;
    for (const auto& e : table::xlat::ioctl_dirs.entries) {
      if (e.value != 0 && (dir & e.value) == e.value) {
        pool += first ? "" : "|";
        pool += e.name;
        dir &= ~static_cast<uint32_t>(e.value);
        first = false;
      }
    }
    if (dir != 0) {
      fmt::format_to(std::back_inserter(pool), "{}{:#x}{}", first ? "" : "|", dir,
                     first ? " /* _IOC_??? */" : "");
    }
  }
  auto hex = [&](uint32_t v) {
    if (v == 0) {
      pool += ", 0";
    } else {
      fmt::format_to(std::back_inserter(pool), ", {:#x}", v);
    }
  };
  hex(_IOC_TYPE(code));
  hex(_IOC_NR(code));
  hex(_IOC_SIZE(code));
  pool += ')';
  out.sym_pooled(off, code, NumFmt::hex);  // 0xdead under -X raw
}

void put_arg(CallCtx& c, Form form, uint64_t v) {
  switch (form) {
    case Form::termios: arg(c, [&](Values&) { put_termios<KernelTermios>(c, v); }); break;
    case Form::termios2: arg(c, [&](Values&) { put_termios2(c, v); }); break;
    case Form::termio: arg(c, [&](Values&) { put_termios<KernelTermio>(c, v); }); break;
    case Form::winsize: arg(c, [&](Values&) { put_winsize(c, v); }); break;
    case Form::modem: arg(c, [&](Values&) { put_modem(c, v); }); break;
    case Form::int_ptr: arg(c, [&](Values&) { put_int(c, v); }); break;
    case Form::xonc:
      arg(c, [&](Values& out) { special::put_xval(out, table::xlat::tcxonc_options, v, "TC???"); });
      break;
    case Form::flsh:
      arg(c, [&](Values& out) { special::put_xval(out, table::xlat::tcflsh_options, v, "TC???"); });
      break;
    case Form::int_val: arg(c, [&](Values& out) { out.int_(static_cast<int32_t>(v)); }); break;
    case Form::one_char: arg(c, [&](Values&) { special::put_strn(c, v, 1); }); break;
    case Form::none: arg(c, [&](Values& out) { out.hex(v); }); break;
    case Form::fs_flags:
      arg(c, [&](Values&) {
        special::put_num<uint32_t>(c, v, [](Values& o, uint32_t f) {
          special::put_flags(o, table::xlat::fs_ioc_flags, f, "FS_???_FL");
        });
      });
      break;
    case Form::no_arg: break;
  }
}

void entry(CallCtx& c) {
  generic_arg(c, 0);
  auto code = static_cast<uint32_t>(c.arg(1));
  arg(c, [&](Values& out) { put_request(out, code); });
  TermReq r = request_form(code);
  if (r.at_exit) {
    special::entry_done(c, 3);
    c.rec.exit_sep = true;  // strace's term_ioctl prints the ", " at exit
    return;
  }
  put_arg(c, r.form, c.arg(2));
  special::entry_all(c);
}

void exit(CallCtx& c) {
  TermReq r = request_form(static_cast<uint32_t>(c.arg(1)));
  if (r.at_exit) {
    put_arg(c, r.form, c.arg(2));
  }
}

}  // namespace

extern const SpecialDecoder special_ioctl = {entry, exit};

}  // namespace cxtrace::decode
