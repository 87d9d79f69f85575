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

// The number behind a named constant or a flag set, as -X raw and verbose print it: in the
// format its decoder gave it (strace prints each table's values its own way).
void append_number(uint64_t v, decode::NumFmt f, std::string& out) {
  switch (f) {
    case decode::NumFmt::hex:
      append_hex(v, out);
      break;
    case decode::NumFmt::hex32:
      append_hex(static_cast<uint32_t>(v), out);
      break;
    case decode::NumFmt::dec:
      fmt::format_to(std::back_inserter(out), "{}", v);
      break;
    case decode::NumFmt::sdec:
      fmt::format_to(std::back_inserter(out), "{}", static_cast<int64_t>(v));
      break;
    case decode::NumFmt::oct:
      fmt::format_to(std::back_inserter(out), "{:#03o}", v);
      break;
  }
}

// One open container while rendering: what separates its elements, and whether the next
// value is the first (no separator) or follows a field name (no separator either).
struct Frame {
  Tok kind;
  bool first = true;
  bool spaced = false;    // a signal set: elements separated by ' ', not ", "
  bool raw_form = false;  // a structure that is the raw form of the token after it (kRawForm)
};

// Index of the flags_end that closes the group opened at `i` (`end` if it is missing).
size_t group_end(const decode::Values& v, size_t i, size_t end) {
  int nest = 0;
  for (; i < end; ++i) {
    if (v[i].kind == Tok::flags_begin) {
      ++nest;
    } else if (v[i].kind == Tok::flags_end && --nest == 0) {
      return i;
    }
  }
  return end;
}

// Index of the struct_end or array_end closing the container opened at `i` (`end - 1` if it
// is missing).
size_t container_end(const decode::Values& v, size_t i, size_t end) {
  int nest = 0;
  for (; i < end; ++i) {
    Tok k = v[i].kind;
    if (k == Tok::struct_begin || k == Tok::array_begin) {
      ++nest;
    } else if ((k == Tok::struct_end || k == Tok::array_end) && --nest == 0) {
      return i;
    }
  }
  return end - 1;
}

// Whether a text, field or comment token belongs to this style (kNotRaw, kNotAbbrev,
// kAbbrevOnly, kRawOnly).
bool shown_in(const Token& t, const TextStyle& style) {
  using C = TextStyle::Consts;
  switch (style.consts) {
    case C::abbrev: return !(t.flags & (decode::kNotAbbrev | decode::kRawOnly));
    case C::raw: return !(t.flags & (decode::kNotRaw | decode::kAbbrevOnly));
    case C::verbose: return !(t.flags & (decode::kAbbrevOnly | decode::kRawOnly));
  }
  return true;
}

// Whether tokens [b, e) name anything (a constant, or irregular text like `1<<CAP_KILL`).
bool names_something(const decode::Values& v, size_t b, size_t e) {
  for (size_t i = b; i < e; ++i) {
    if (v[i].kind == Tok::sym || v[i].kind == Tok::text) {
      return true;
    }
  }
  return false;
}

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

namespace {

void render_group(const decode::Values& v, size_t b, size_t e, const TextStyle& style,
                  std::string& out);

// The members of a flag set, tokens [b, e), joined by '|' (a remark after a member joins
// it without one).
void render_members(const decode::Values& v, size_t b, size_t e, const TextStyle& style,
                    std::string& out, bool concat = false) {
  bool first = true;
  for (size_t i = b; i < e; ++i) {
    const Token& t = v[i];
    if (t.kind != Tok::comment && !(t.kind == Tok::text && !shown_in(t, style))) {
      if (!first && !concat) {
        out += '|';
      }
      first = false;
    }
    if (t.kind == Tok::flags_begin) {
      size_t j = group_end(v, i, e);
      render_group(v, i, j, style, out);
      i = j;
    } else {
      render_tokens(v, i, i + 1, style, out);
    }
  }
  if (first) {
    paint(style, color::kNumber, out);
    out += '0';  // no bit set and no name for none
    paint_end(style, out);
  }
}

// A flag set: group token b, members up to its flags_end at e. Names joined by '|'; under
// -X raw its number; under -X verbose its number with the names in a comment. A set made of
// parts (kParts) shows each part so, joined by '|'.
void render_group(const decode::Values& v, size_t b, size_t e, const TextStyle& style,
                  std::string& out) {
  const Token& g = v[b];
  bool concat = (g.flags & decode::kConcat) != 0;
  if (style.consts == TextStyle::Consts::abbrev || (g.flags & decode::kParts)) {
    render_members(v, b + 1, e, style, out, concat);
    return;
  }
  if (style.consts == TextStyle::Consts::raw && g.value == 0 && (g.flags & decode::kRawZeroEmpty)) {
    return;
  }
  paint(style, color::kNumber, out);
  append_number(g.value, g.fmt, out);
  paint_end(style, out);
  if (style.consts == TextStyle::Consts::raw || b + 1 == e) {
    return;
  }
  if (!(g.flags & decode::kAllInComment) && !names_something(v, b + 1, e)) {
    // Nothing named: the number is all there is, with the remark for an unknown value.
    for (size_t i = b + 1; i < e; ++i) {
      if (v[i].kind == Tok::comment) {
        render_tokens(v, i, i + 1, style, out);
      }
    }
    return;
  }
  TextStyle named = style;
  if (!(g.flags & decode::kStyledComment)) {
    named.consts = TextStyle::Consts::abbrev;
  }
  out += " /* ";
  render_members(v, b + 1, e, named, out, concat);
  out += " */";
}

}  // namespace

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
      out += f.spaced ? " " : ", ";
    }
    f.first = false;
  };
  auto push = [&](Tok k, bool spaced = false) {
    if (depth < 32) {
      stack[depth++] = Frame{k, true, spaced};
    }
  };
  auto pop = [&] {
    if (depth > 0) {
      --depth;
    }
  };
  // After a raw form (kRawForm), token `next` is the value it decodes to: gone under -X raw,
  // its name in a comment under -X verbose. Returns the index of the last token handled.
  auto after_raw_form = [&](size_t next) {
    if (next >= end) {
      return next - 1;
    }
    if (style.consts == TextStyle::Consts::verbose) {
      out += " /* ";
      if (v[next].kind == Tok::text) {
        out += v.bytes(v[next]);  // this text is for -X raw/verbose only (kNotAbbrev)
      } else {
        TextStyle named = style;
        named.consts = TextStyle::Consts::abbrev;
        render_tokens(v, next, next + 1, named, out);
      }
      out += " */";
    }
    return next;
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
      case Tok::sym:
        // A name (abbrev), its number (raw), or both (verbose: `-100 /* AT_FDCWD */`).
        separate();
        if (style.consts == TextStyle::Consts::abbrev) {
          paint(style, color::kSymbol, out);
          out += v.sym_name(t);
          paint_end(style, out);
        } else {
          paint(style, color::kNumber, out);
          append_number(t.value, t.fmt, out);
          paint_end(style, out);
          if (style.consts == TextStyle::Consts::verbose) {
            out += " /* ";
            out += v.sym_name(t);
            out += " */";
          }
        }
        if ((t.flags & decode::kFdPath) && t.len != 0) {
          append_fd_description(v, t, style, out);  // AT_FDCWD</home/user>
        }
        break;
      case Tok::flags_begin: {
        separate();
        size_t e = group_end(v, i, end);
        render_group(v, i, e, style, out);
        i = e;
        break;
      }
      case Tok::flags_end:
        break;  // a stray end: its group began outside the range
      case Tok::str:
        if ((t.flags & decode::kRawForm) && style.consts == TextStyle::Consts::abbrev) {
          break;  // the token after it shows the value
        }
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
        if (t.flags & decode::kRawForm) {
          i = after_raw_form(i + 1);
        }
        break;
      case Tok::struct_begin:
        if ((t.flags & decode::kRawForm) && style.consts == TextStyle::Consts::abbrev) {
          i = container_end(v, i, end);  // the token after it shows the value
          break;
        }
        separate();
        out += '{';
        push(Tok::struct_begin);
        stack[depth - 1].raw_form = (t.flags & decode::kRawForm) != 0;
        break;
      case Tok::array_begin:
        separate();
        if (t.flags & decode::kInverted) {
          out += '~';
        }
        out += '[';
        push(Tok::array_begin, (t.flags & decode::kSignalSet) != 0);
        break;
      case Tok::struct_end: {
        out += '}';
        bool raw_form = depth > 0 && stack[depth - 1].raw_form;
        pop();
        if (raw_form) {
          i = after_raw_form(i + 1);
        }
        break;
      }
      case Tok::array_end:
        out += ']';
        pop();
        break;
      case Tok::field:
        if (!shown_in(t, style)) {
          break;
        }
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
        if (!shown_in(t, style)) {
          break;
        }
        separate();
        out += v.bytes(t);
        break;
      case Tok::arrow:
        out += " => ";
        after_field = true;
        break;
      case Tok::comment:
        // A remark on the value before it: `0x7ffd… /* 41 vars */`, no separator. The hint
        // after an unnamed value (`/* SEEK_??? */`) is not part of -X raw.
        if (!shown_in(t, style)) {
          break;
        }
        out += " /* ";
        out += v.bytes(t);
        out += " */";
        break;
    }
  }
}

}  // namespace cxtrace::output
