// -y/-yy descriptions and -e read=/write= dumps as text.
#include <catch2/catch.hpp>

#include <string>

#include "decode/record.h"
#include "output/text_dump.h"
#include "output/text_format.h"

namespace dec = cxtrace::decode;
using cxtrace::output::render_tokens;
using cxtrace::output::TextStyle;

namespace {
std::string rendered(const dec::Values &v, int hex = 0) {
  std::string out;
  render_tokens(v, 0, v.size(), TextStyle{hex}, out);
  return out;
}
} // namespace

TEST_CASE("descriptors: bare without a description, then path, device, socket, "
          "deleted") {
  dec::Values v;
  v.fd(3);
  CHECK(rendered(v) == "3");
  v.describe_fd(0, "/tmp/a<b>\001\"", 0);
  CHECK(rendered(v) == "3</tmp/a\\74b\\76\\1\\\">");
  CHECK(rendered(v, 1) ==
        "3<\\x2f\\x74\\x6d\\x70\\x2f\\x61\\x3c\\x62\\x3e\\x01\\x22>");
  dec::Values d;
  d.fd(4);
  d.describe_fd(0, std::string("/dev/null\0char 1:3", 18), dec::kFdDeleted);
  CHECK(rendered(d) == "4</dev/null<char 1:3>>(deleted)");
  dec::Values s;
  s.sym_fd("AT_FDCWD", static_cast<uint64_t>(-100));
  s.fd(5);
  s.describe_fd(0, "/home", 0);
  s.describe_fd(1, "UNIX:[1,\"<x>\"]", dec::kFdVerbatim);
  CHECK(rendered(s) == "AT_FDCWD</home>5<UNIX:[1,\"<x>\"]>");
}

TEST_CASE("dumps: strace's hex and ASCII lines, buffer and vector headers") {
  dec::Record rec;
  rec.dump_bytes = "hello\n0123456789abcdefg";
  rec.dump.push_back({dec::DumpPiece::Kind::vector, 2, 0, 0, 0});
  rec.dump.push_back({dec::DumpPiece::Kind::buffer, 6, 0, 0, 0});
  rec.dump.push_back({dec::DumpPiece::Kind::data, 0, 0, 0, 6});
  rec.dump.push_back({dec::DumpPiece::Kind::data, 0, 0, 6, 17});
  std::string out;
  cxtrace::output::append_dump(rec, out);
  CHECK(out == " = 2 buffers in vector 0\n"
               " * 6 bytes in buffer 0\n"
               " | 00000  68 65 6c 6c 6f 0a                                 "
               "hello.           |\n"
               " | 00000  30 31 32 33 34 35 36 37  38 39 61 62 63 64 65 66  "
               "0123456789abcdef |\n"
               " | 00010  67                                                g  "
               "              |\n");
  dec::Record big;
  big.dump_bytes.assign(0x100001, 'x');
  big.dump.push_back({dec::DumpPiece::Kind::data, 0, 0, 0, 0x100001});
  out.clear();
  cxtrace::output::append_dump(big, out);
  CHECK(out.substr(0, 10) == " | 000000 ");
  CHECK(out.substr(out.rfind(" | ")) ==
        " | 100000  78                                                x        "
        "        |\n");
}
