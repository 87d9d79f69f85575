#include "output/text_dump.h"

#include <algorithm>
#include <string_view>

#include <fmt/format.h>

namespace cxtrace::output {

namespace {

// ` | 00010  68 65 6c 6c 6f 0a 00 00  00 00 00 00 00 00 00 00  hello...........
// |`: the offset takes five hex digits, more when the last line's offset needs
// them.
void append_hex_lines(std::string_view data, std::string &out) {
  static constexpr char kHex[] = "0123456789abcdef";
  int width = 5;
  for (uint64_t last = data.size() - 1; (last >> (4 * width)) != 0;) {
    ++width;
  }
  for (size_t off = 0; off < data.size(); off += 16) {
    fmt::format_to(std::back_inserter(out), " | {:0{}x}  ", off, width);
    size_t n = std::min<size_t>(16, data.size() - off);
    for (size_t i = 0; i < 16; ++i) {
      if (i < n) {
        auto c = static_cast<unsigned char>(data[off + i]);
        out += kHex[c >> 4];
        out += kHex[c & 15];
        out += ' ';
      } else {
        out += "   ";
      }
      if (i == 7) {
        out += ' ';
      }
    }
    out += ' ';
    for (size_t i = 0; i < 16; ++i) {
      if (i < n) {
        auto c = static_cast<unsigned char>(data[off + i]);
        out += c >= ' ' && c < 0x7f ? static_cast<char>(c) : '.';
      } else {
        out += ' ';
      }
    }
    out += " |\n";
  }
}

} // namespace

void append_dump(const decode::Record &rec, std::string &out) {
  using Kind = decode::DumpPiece::Kind;
  for (const decode::DumpPiece &p : rec.dump) {
    switch (p.kind) {
    case Kind::data:
      append_hex_lines(std::string_view(rec.dump_bytes).substr(p.off, p.len),
                       out);
      break;
    case Kind::buffer:
      fmt::format_to(std::back_inserter(out), " * {} bytes in buffer {}\n",
                     p.count, p.index);
      break;
    case Kind::vector:
      fmt::format_to(std::back_inserter(out), " = {} buffers in vector {}\n",
                     p.count, p.index);
      break;
    }
  }
}

} // namespace cxtrace::output
