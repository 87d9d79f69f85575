#include "output/text_format.h"

#include <fmt/format.h>

namespace cxtrace::output {

using decode::Tok;
using decode::Token;

namespace {

void append_hex(uint64_t v, std::string& out) {
  if (v == 0) {
    out += '0';
  } else {
    fmt::format_to(std::back_inserter(out), "{:#x}", v);
  }
}

// A named constant as a number (-X raw, verbose): negative values and signal numbers in
// decimal, as strace shows them (`-100`, `10`), everything else in hex (`0x3`), zero as `0`.
void append_const_number(const decode::Token& t, std::string& out) {
  auto sv = static_cast<int64_t>(t.value);
  if (sv < 0 || t.name.substr(0, 3) == "SIG") {
    fmt::format_to(std::back_inserter(out), "{}", sv);
  } else {
    append_hex(t.value, out);
  }
}

// One open container while rendering: what separates its elements, and whether the next
// value is the first (no separator) or follows a field name (no separator either).
struct Frame {
  Tok kind;
  bool first = true;
};

// What -y/-yy show after a descriptor: `<path>`, `</dev/null<char 1:3>>`, `<TCP:[…]>`, and
// `(deleted)` after a deleted file. A path is quoted as strace quotes one: without the quotes,
// `<` and `>` escaped as well, and all in hex when -x finds a byte that needs it.
void append_fd_description(const decode::Values& v, const Token& t, const TextStyle& style,
                           std::string& out) {
  std::string_view text = v.bytes(t);
  out += '<';
  if (t.flags & decode::kFdVerbatim) {
    out += text;
  } else {
    size_t nul = text.find('\0');
    std::string_view path = text.substr(0, nul);
    static constexpr char kHex[] = "0123456789abcdef";
    bool all_hex = style.hex_strings >= 2;
    if (style.hex_strings == 1) {
      for (char ch : path) {
        auto c = static_cast<unsigned char>(ch);
        if (c > 0x7e || (c < ' ' && (c < '\t' || c > '\r'))) {
          all_hex = true;
          break;
        }
      }
    }
    for (size_t i = 0; i < path.size(); ++i) {
      auto c = static_cast<unsigned char>(path[i]);
      if (all_hex) {
        out += "\\x";
        out += kHex[c >> 4];
        out += kHex[c & 15];
        continue;
      }
      switch (c) {
        case '"': out += "\\\""; continue;
        case '\\': out += "\\\\"; continue;
        case '\f': out += "\\f"; continue;
        case '\n': out += "\\n"; continue;
        case '\r': out += "\\r"; continue;
        case '\t': out += "\\t"; continue;
        case '\v': out += "\\v"; continue;
        default: break;
      }
      if (c >= ' ' && c < 0x7f && c != '<' && c != '>') {
        out += static_cast<char>(c);
        continue;
      }
      out += '\\';
      bool next_is_digit = i + 1 < path.size() && path[i + 1] >= '0' && path[i + 1] <= '7';
      if (next_is_digit || c >= 0100) {
        out += static_cast<char>('0' + (c >> 6));
      }
      if (next_is_digit || c >= 010) {
        out += static_cast<char>('0' + ((c >> 3) & 7));
      }
      out += static_cast<char>('0' + (c & 7));
    }
    if (nul != std::string_view::npos) {
      out += '<';
      out += text.substr(nul + 1);
      out += '>';
    }
  }
  out += '>';
  if (t.flags & decode::kFdDeleted) {
    out += "(deleted)";
  }
}

}  // namespace

size_t visible_size(std::string_view s) {
  size_t n = s.size();
  for (size_t i = s.find('\x1b'); i != std::string_view::npos; i = s.find('\x1b', i)) {
    size_t m = s.find('m', i);
    if (m == std::string_view::npos) {
      break;
    }
    n -= m + 1 - i;
    i = m + 1;
  }
  return n;
}

void quote_string(std::string_view bytes, const TextStyle& style, std::string& out) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  for (size_t i = 0; i < bytes.size(); ++i) {
    auto c = static_cast<unsigned char>(bytes[i]);
    if (style.hex_strings >= 2) {
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 15];
      continue;
    }
    switch (c) {
      case '"':
        out += "\\\"";
        continue;
      case '\\':
        out += "\\\\";
        continue;
      case '\f':
        out += "\\f";
        continue;
      case '\n':
        out += "\\n";
        continue;
      case '\r':
        out += "\\r";
        continue;
      case '\t':
        out += "\\t";
        continue;
      case '\v':
        out += "\\v";
        continue;
      default:
        break;
    }
    if (c >= ' ' && c < 0x7f) {
      out += static_cast<char>(c);
    } else if (style.hex_strings == 1) {
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 15];
    } else {
      // Shortest octal escape, unless the next character is an octal digit and would be
      // read as part of it.
      out += '\\';
      bool next_is_digit = i + 1 < bytes.size() && bytes[i + 1] >= '0' && bytes[i + 1] <= '7';
      if (next_is_digit || c >= 0100) {
        out += static_cast<char>('0' + (c >> 6));
      }
      if (next_is_digit || c >= 010) {
        out += static_cast<char>('0' + ((c >> 3) & 7));
      }
      out += static_cast<char>('0' + (c & 7));
    }
  }
  out += '"';
}

void render_tokens(const decode::Values& v, size_t begin, size_t end, const TextStyle& style,
                   std::string& out) {
  Frame stack[32];
  int depth = 0;
  bool after_field = false;

  auto separate = [&] {
    if (after_field) {
      after_field = false;
      return;
    }
    if (depth == 0) {
      return;
    }
    Frame& f = stack[depth - 1];
    if (!f.first) {
      out += f.kind == Tok::flags_begin ? "|" : ", ";
    }
    f.first = false;
  };
  auto push = [&](Tok k) {
    if (depth < 32) {
      stack[depth++] = Frame{k, true};
    }
  };

  for (size_t i = begin; i < end; ++i) {
    const Token& t = v[i];
    switch (t.kind) {
      case Tok::int_:
        separate();
        paint(style, color::kNumber, out);
        fmt::format_to(std::back_inserter(out), "{}", static_cast<int64_t>(t.value));
        paint_end(style, out);
        if ((t.flags & decode::kFdPath) && t.len != 0) {
          append_fd_description(v, t, style, out);
        } else if (t.flags & decode::kComm) {
          out += '<';
          out += v.bytes(t);
          out += '>';
        }
        break;
      case Tok::uint_:
        separate();
        paint(style, color::kNumber, out);
        fmt::format_to(std::back_inserter(out), "{}", t.value);
        paint_end(style, out);
        break;
      case Tok::hex:
        separate();
        paint(style, color::kNumber, out);
        append_hex(t.value, out);
        paint_end(style, out);
        break;
      case Tok::oct:
        separate();
        paint(style, color::kNumber, out);
        fmt::format_to(std::back_inserter(out), "{:#03o}", t.value);
        paint_end(style, out);
        break;
      case Tok::ptr:
        separate();
        paint(style, color::kNumber, out);
        if (t.value == 0) {
          out += "NULL";
        } else {
          append_hex(t.value, out);
        }
        paint_end(style, out);
        break;
      case Tok::sym: {
        separate();
        bool in_flags = depth > 0 && stack[depth - 1].kind == Tok::flags_begin;
        if (style.consts == TextStyle::Consts::abbrev || in_flags) {
          paint(style, color::kSymbol, out);
          out += t.name;
          paint_end(style, out);
          if ((t.flags & decode::kFdPath) && t.len != 0) {
            append_fd_description(v, t, style, out);  // AT_FDCWD</home/user>
          }
          break;
        }
        append_const_number(t, out);
        if (style.consts == TextStyle::Consts::verbose) {
          out += " /* ";
          out += t.name;
          out += " */";
        }
        break;
      }
      case Tok::flags_begin:
        separate();
        if (style.consts != TextStyle::Consts::abbrev && t.value == 0 && i + 1 < end &&
            v[i + 1].kind == Tok::flags_end) {
          out += '0';  // no bit set and no name for none: a plain 0 in every style
          ++i;
          break;
        }
        if (style.consts == TextStyle::Consts::raw) {
          // The whole set as one number: skip to the matching flags_end.
          append_hex(t.value, out);
          for (int nest = 1; i + 1 < end && nest > 0;) {
            ++i;
            nest += v[i].kind == Tok::flags_begin ? 1 : v[i].kind == Tok::flags_end ? -1 : 0;
          }
          break;
        }
        if (style.consts == TextStyle::Consts::verbose) {
          append_hex(t.value, out);
          out += " /* ";
        }
        push(Tok::flags_begin);
        break;
      case Tok::flags_end:
        if (depth > 0 && stack[depth - 1].first) {
          paint(style, color::kNumber, out);
          out += '0';
          paint_end(style, out);
        }
        if (depth > 0) {
          --depth;
        }
        if (style.consts == TextStyle::Consts::verbose) {
          out += " */";
        }
        break;
      case Tok::str:
        separate();
        paint(style, color::kString, out);
        if (t.flags & decode::kAtSign) {
          out += '@';
        }
        if (t.flags & decode::kForceHex) {
          TextStyle hex = style;
          hex.hex_strings = 2;
          quote_string(v.bytes(t), hex, out);
        } else {
          quote_string(v.bytes(t), style, out);
        }
        paint_end(style, out);
        if (t.flags & (decode::kTruncated | decode::kUnterminated)) {
          out += "...";
        }
        break;
      case Tok::struct_begin:
        separate();
        out += '{';
        push(Tok::struct_begin);
        break;
      case Tok::array_begin:
        separate();
        out += '[';
        push(Tok::array_begin);
        break;
      case Tok::struct_end:
        out += '}';
        if (depth > 0) {
          --depth;
        }
        break;
      case Tok::array_end:
        out += ']';
        if (depth > 0) {
          --depth;
        }
        break;
      case Tok::field:
        separate();
        out += t.name;
        out += '=';
        after_field = true;
        break;
      case Tok::ellipsis:
        separate();
        out += "...";
        break;
      case Tok::text:
        separate();
        out += v.bytes(t);
        break;
      case Tok::arrow:
        out += " => ";
        after_field = true;
        break;
      case Tok::comment:
        // A remark on the value before it: `0x7ffd… /* 41 vars */`, no separator.
        out += " /* ";
        out += v.bytes(t);
        out += " */";
        break;
    }
  }
}

}  // namespace cxtrace::output
