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
