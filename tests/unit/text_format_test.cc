#include <array>

#include <catch2/catch.hpp>

#include "output/text_format.h"

using cxtrace::decode::Values;
using cxtrace::output::quote_string;
using cxtrace::output::render_tokens;
using cxtrace::output::TextStyle;

namespace {
std::string quoted(std::string_view s, int hex = 0) {
  std::string out;
  quote_string(s, TextStyle{hex}, out);
  return out;
}
std::string rendered(const Values& v) {
  std::string out;
  render_tokens(v, 0, v.size(), TextStyle{}, out);
  return out;
}
}  // namespace

TEST_CASE("strings are escaped the way strace escapes them") {
  CHECK(quoted("hi\n") == R"("hi\n")");
  CHECK(quoted("a\"b\\c") == R"("a\"b\\c")");
  CHECK(quoted("\t\r\v\f") == R"("\t\r\v\f")");
  // Shortest octal, unless an octal digit follows.
  CHECK(quoted(std::string_view("\0x", 2)) == R"("\0x")");
  CHECK(quoted(std::string_view("\0" "1", 2)) == R"("\0001")");
  CHECK(quoted("\177ELF\2\1") == R"("\177ELF\2\1")");
  CHECK(quoted("\x1b[") == R"("\33[")");
}

TEST_CASE("-x and -xx switch escapes to hex") {
  CHECK(quoted("a\x01", 1) == R"("a\x01")");
  CHECK(quoted("ab", 2) == R"("\x61\x62")");
}

TEST_CASE("structures, arrays and flag sets render with strace's separators") {
  Values v;
  v.struct_begin();
  v.field("st_mode");
  v.flags_begin(0);
  v.sym("S_IFREG", 0100000);
  v.oct(0644);
  v.flags_end();
  v.field("st_size");
  v.int_(42);
  v.ellipsis();
  v.struct_end();
  CHECK(rendered(v) == "{st_mode=S_IFREG|0644, st_size=42, ...}");

  Values a;
  a.array_begin();
  a.int_(3);
  a.int_(4);
  a.array_end();
  CHECK(rendered(a) == "[3, 4]");

  Values empty_flags;
  empty_flags.flags_begin(0);
  empty_flags.flags_end();
  CHECK(rendered(empty_flags) == "0");
}

TEST_CASE("pointers, hex, octal and comments") {
  Values v;
  v.ptr(0);
  CHECK(rendered(v) == "NULL");
  Values p;
  p.ptr(0x7ffd1000);
  p.comment("41 vars");
  CHECK(rendered(p) == "0x7ffd1000 /* 41 vars */");
  Values o;
  o.oct(022);
  CHECK(rendered(o) == "022");
  Values z;
  z.oct(0);
  CHECK(rendered(z) == "000");
  Values s;
  s.str("abc", cxtrace::decode::kTruncated);
  CHECK(rendered(s) == "\"abc\"...");
  Values f;
  f.fd_path(3, "/etc/passwd");
  CHECK(rendered(f) == "3</etc/passwd>");
}

namespace {
using cxtrace::decode::NumFmt;
using Consts = TextStyle::Consts;

// The three -X renderings of `v`: abbrev, raw, verbose.
std::array<std::string, 3> styles(const Values& v) {
  std::array<std::string, 3> out;
  Consts cs[] = {Consts::abbrev, Consts::raw, Consts::verbose};
  for (int i = 0; i < 3; ++i) {
    TextStyle st;
    st.consts = cs[i];
    render_tokens(v, 0, v.size(), st, out[i]);
  }
  return out;
}
using Three = std::array<std::string, 3>;
}  // namespace

TEST_CASE("-X raw/verbose print a named constant's number in its decoder's format") {
  Values hex;
  hex.sym("SEEK_END", 2);
  CHECK(styles(hex) == Three{"SEEK_END", "0x2", "0x2 /* SEEK_END */"});
  Values zero;
  zero.sym("SIG_BLOCK", 0);
  CHECK(styles(zero) == Three{"SIG_BLOCK", "0", "0 /* SIG_BLOCK */"});
  Values sig;
  sig.sym("SIGCHLD", 17, NumFmt::sdec);
  CHECK(styles(sig) == Three{"SIGCHLD", "17", "17 /* SIGCHLD */"});
  Values fd;
  fd.sym_fd("AT_FDCWD", static_cast<uint64_t>(-100));
  CHECK(styles(fd) == Three{"AT_FDCWD", "-100", "-100 /* AT_FDCWD */"});
  Values u;
  u.sym("RLIM64_INFINITY", UINT64_MAX, NumFmt::dec);
  CHECK(styles(u) == Three{"RLIM64_INFINITY", "18446744073709551615",
                           "18446744073709551615 /* RLIM64_INFINITY */"});
  Values h32;
  h32.sym("SI_TKILL", static_cast<uint64_t>(-6), NumFmt::hex32);
  CHECK(styles(h32)[1] == "0xfffffffa");
  Values text;
  text.sym_text("makedev(0x1, 0x3)", 0x103, NumFmt::hex);
  CHECK(styles(text) == Three{"makedev(0x1, 0x3)", "0x103", "0x103 /* makedev(0x1, 0x3) */"});
}

TEST_CASE("-X raw/verbose print a flag set as one number, its names in the comment") {
  Values f;
  f.flags_begin(0x80000);
  f.sym("O_RDONLY", 0);
  f.sym("O_CLOEXEC", 0x80000);
  f.flags_end();
  CHECK(styles(f) == Three{"O_RDONLY|O_CLOEXEC", "0x80000", "0x80000 /* O_RDONLY|O_CLOEXEC */"});

  Values none;  // nothing named: the number and the remark, which -X raw leaves out
  none.flags_begin(0x100);
  none.hex(0x100);
  none.remark("SOCK_???");
  none.flags_end();
  CHECK(styles(none) == Three{"0x100 /* SOCK_??? */", "0x100", "0x100 /* SOCK_??? */"});

  Values mode;  // a mode: octal, the parts in the comment even without a name
  mode.flags_begin(0644, NumFmt::oct, cxtrace::decode::kAllInComment);
  mode.oct(0644);
  mode.flags_end();
  CHECK(styles(mode) == Three{"0644", "0644", "0644 /* 0644 */"});
  Values typed;
  typed.flags_begin(020666, NumFmt::oct, cxtrace::decode::kAllInComment);
  typed.sym("S_IFCHR", 020000, NumFmt::oct);
  typed.oct(0666);
  typed.flags_end();
  CHECK(styles(typed) == Three{"S_IFCHR|0666", "020666", "020666 /* S_IFCHR|0666 */"});
}

TEST_CASE("-X raw/verbose print a value made of parts one part at a time") {
  Values sock;  // socket type: kind, then flags
  sock.flags_begin(0x80001, NumFmt::hex, cxtrace::decode::kParts);
  sock.sym("SOCK_STREAM", 1);
  sock.flags_begin(0x80000);
  sock.sym("SOCK_CLOEXEC", 0x80000);
  sock.flags_end();
  sock.flags_end();
  CHECK(styles(sock) == Three{"SOCK_STREAM|SOCK_CLOEXEC", "0x1|0x80000",
                              "0x1 /* SOCK_STREAM */|0x80000 /* SOCK_CLOEXEC */"});

  Values statx;  // a zero part strace 6.1 prints as nothing under -X raw
  statx.flags_begin(0x100, NumFmt::hex, cxtrace::decode::kParts);
  statx.flags_begin(0, NumFmt::hex, cxtrace::decode::kRawZeroEmpty);
  statx.sym("AT_STATX_SYNC_AS_STAT", 0);
  statx.flags_end();
  statx.flags_begin(0x100);
  statx.sym("AT_SYMLINK_NOFOLLOW", 0x100);
  statx.flags_end();
  statx.flags_end();
  CHECK(styles(statx) ==
        Three{"AT_STATX_SYNC_AS_STAT|AT_SYMLINK_NOFOLLOW", "|0x100",
              "0 /* AT_STATX_SYNC_AS_STAT */|0x100 /* AT_SYMLINK_NOFOLLOW */"});

  Values prio;  // text around a name, the inner name verbose too
  prio.flags_begin(16388, NumFmt::dec,
                   cxtrace::decode::kConcat | cxtrace::decode::kAllInComment |
                       cxtrace::decode::kStyledComment);
  prio.text("IOPRIO_PRIO_VALUE(");
  prio.sym("IOPRIO_CLASS_BE", 2);
  prio.text(", 4)");
  prio.flags_end();
  CHECK(styles(prio) == Three{"IOPRIO_PRIO_VALUE(IOPRIO_CLASS_BE, 4)", "16388",
                              "16388 /* IOPRIO_PRIO_VALUE(0x2 /* IOPRIO_CLASS_BE */, 4) */"});
}

TEST_CASE("signal masks, raw forms and style-bound text") {
  Values mask;
  mask.array_begin(cxtrace::decode::kSignalSet | cxtrace::decode::kInverted);
  mask.sym("RTMIN", 32, NumFmt::dec);
  mask.sym("RT_1", 33, NumFmt::dec);
  mask.array_end();
  CHECK(styles(mask) == Three{"~[RTMIN RT_1]", "~[32 33]", "~[32 /* RTMIN */ 33 /* RT_1 */]"});

  Values port;
  port.struct_begin();
  port.field("sin_port");
  port.raw_form(std::string_view("\x00\x50", 2));
  port.text("htons(80)");
  port.struct_end();
  CHECK(styles(port) == Three{"{sin_port=htons(80)}", R"({sin_port="\x00\x50"})",
                              R"({sin_port="\x00\x50" /* htons(80) */})"});

  Values now;
  now.array_begin();
  now.struct_begin(cxtrace::decode::kRawForm);
  now.field("tv_sec");
  now.int_(1);
  now.struct_end();
  now.sym("UTIME_NOW", 1);
  now.array_end();
  CHECK(styles(now) == Three{"[UTIME_NOW]", "[{tv_sec=1}]", "[{tv_sec=1} /* UTIME_NOW */]"});

  Values t;
  t.text("a", cxtrace::decode::kAbbrevOnly);
  t.text("b", cxtrace::decode::kNotAbbrev);
  t.text("c", cxtrace::decode::kRawOnly);
  t.hex(0x7);
  t.remark("SEEK_???");
  CHECK(styles(t) == Three{"a0x7 /* SEEK_??? */", "bc0x7", "b0x7 /* SEEK_??? */"});
}
