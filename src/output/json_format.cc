#include "output/json_format.h"

#include <iterator>

#include <fmt/format.h>

#include "output/text_format.h"

namespace cxtrace::output {

using decode::Tok;
using decode::Token;

namespace {

constexpr char kHex[] = "0123456789abcdef";

// Length of the well-formed UTF-8 sequence starting at s[i] (Unicode table 3-7: no overlong
// forms, no surrogates, nothing above U+10FFFF), or 0 when the byte starts none.
size_t utf8_length(std::string_view s, size_t i) {
  auto at = [&](size_t k) -> unsigned { return static_cast<unsigned char>(s[k]); };
  auto cont = [&](size_t k, unsigned lo = 0x80, unsigned hi = 0xbf) {
    return k < s.size() && at(k) >= lo && at(k) <= hi;
  };
  unsigned c = at(i);
  if (c >= 0xc2 && c <= 0xdf) {
    return cont(i + 1) ? 2 : 0;
  }
  if (c == 0xe0) {
    return cont(i + 1, 0xa0) && cont(i + 2) ? 3 : 0;
  }
  if (c == 0xed) {
    return cont(i + 1, 0x80, 0x9f) && cont(i + 2) ? 3 : 0;
  }
  if (c >= 0xe1 && c <= 0xef) {
    return cont(i + 1) && cont(i + 2) ? 3 : 0;
  }
  if (c == 0xf0) {
    return cont(i + 1, 0x90) && cont(i + 2) && cont(i + 3) ? 4 : 0;
  }
  if (c >= 0xf1 && c <= 0xf3) {
    return cont(i + 1) && cont(i + 2) && cont(i + 3) ? 4 : 0;
  }
  if (c == 0xf4) {
    return cont(i + 1, 0x80, 0x8f) && cont(i + 2) && cont(i + 3) ? 4 : 0;
  }
  return 0;
}

// A recursive descent over the flat token list: each function renders one value starting at
// token i and returns the index after it. Malformed input (a stray end token) still advances,
// so rendering always terminates and always yields valid JSON.
class Renderer {
 public:
  Renderer(const decode::Values& v, size_t end, std::string& out) : v_(v), end_(end), out_(out) {}

  bool truncated = false;

  // One value with what the text form hangs after it: a `/* remark */` makes it
  // {"value": …, "comment": …}; ` => ` makes it {"in": …, "out": …}.
  size_t value(size_t i) {
    size_t start = out_.size();
    i = single(i);
    while (i < end_) {
      const Token& t = v_[i];
      if (t.kind == Tok::comment) {
        out_.insert(start, "{\"value\":");
        out_ += ",\"comment\":";
        json_string(v_.bytes(t), out_);
        out_ += '}';
        ++i;
      } else if (t.kind == Tok::arrow) {
        out_.insert(start, "{\"in\":");
        out_ += ",\"out\":";
        i = value(i + 1);
        out_ += '}';
        break;
      } else {
        break;
      }
    }
    return i;
  }

 private:
  bool at_end(size_t i, Tok closer) const { return i >= end_ || v_[i].kind == closer; }

  // What only -X raw/verbose show (the raw bytes behind a decoded field, text for them) is
  // not part of the JSON value.
  size_t skip_raw_only(size_t i) const {
    while (i < end_) {
      const Token& t = v_[i];
      if (t.kind == Tok::struct_begin && (t.flags & decode::kRawForm)) {
        int nest = 0;  // skip the whole structure
        for (; i < end_; ++i) {
          Tok k = v_[i].kind;
          nest += (k == Tok::struct_begin || k == Tok::array_begin) ? 1
                  : (k == Tok::struct_end || k == Tok::array_end) ? -1 : 0;
          if (nest == 0) {
            break;
          }
        }
        ++i;
        continue;
      }
      bool raw_bytes = t.kind == Tok::str && (t.flags & decode::kRawForm);
      bool raw_text = (t.kind == Tok::text || t.kind == Tok::field || t.kind == Tok::comment) &&
                      (t.flags & (decode::kNotAbbrev | decode::kRawOnly));
      if (!raw_bytes && !raw_text) {
        break;
      }
      ++i;
    }
    return i;
  }

  size_t single(size_t i) {
    i = skip_raw_only(i);
    if (i >= end_) {
      out_ += "null";
      return i;
    }
    const Token& t = v_[i];
    switch (t.kind) {
      case Tok::int_:
        if ((t.flags & decode::kFdPath) && t.len != 0) {
          json_fd(t, {});
        } else {
          fmt::format_to(std::back_inserter(out_), "{}", static_cast<int64_t>(t.value));
        }
        return i + 1;
      case Tok::uint_:
      case Tok::hex:
      case Tok::oct:
        fmt::format_to(std::back_inserter(out_), "{}", t.value);
        return i + 1;
      case Tok::ptr:
        json_address(t.value, out_);
        return i + 1;
      case Tok::sym:
        if ((t.flags & decode::kFdPath) && t.len != 0) {
          json_fd(t, t.name);  // AT_FDCWD with -y: the directory it stands for
        } else {
          json_symbol(v_.sym_name(t), t.value, out_);
        }
        return i + 1;
      case Tok::flags_begin:
        return flags(i);
      case Tok::str:
        json_string(v_.bytes(t), out_);
        if (t.flags & (decode::kTruncated | decode::kUnterminated)) {
          truncated = true;
        }
        return i + 1;
      case Tok::text:
        json_string(v_.bytes(t), out_);
        return i + 1;
      case Tok::struct_begin:
        return structure(i);
      case Tok::array_begin:
        if (t.flags & decode::kSignalSet) {
          return signal_set(i);
        }
        return array(i);
      case Tok::field:
        // A named value outside a structure: an object of one member.
        out_ += '{';
        json_string(t.name, out_);
        out_ += ':';
        i = value(i + 1);
        out_ += '}';
        return i;
      case Tok::ellipsis:
        out_ += "\"...\"";
        return i + 1;
      case Tok::comment:
        out_ += "{\"comment\":";
        json_string(v_.bytes(t), out_);
        out_ += '}';
        return i + 1;
      case Tok::arrow:
        // What the kernel wrote back, continuing the value before it in another argument.
        out_ += "{\"in\":null,\"out\":";
        i = value(i + 1);
        out_ += '}';
        return i;
      case Tok::flags_end:
      case Tok::struct_end:
      case Tok::array_end:
        out_ += "null";
        return i + 1;
    }
    return i + 1;
  }

  // A descriptor that -y/-yy described: {"fd": 3, "path": "/etc/passwd"}, with "name" for
  // AT_FDCWD, "device" for a device (`char 1:3`, -yy) and "deleted" for a deleted file.
  void json_fd(const Token& t, std::string_view name) {
    std::string_view text = v_.bytes(t);
    fmt::format_to(std::back_inserter(out_), "{{\"fd\":{}", static_cast<int64_t>(t.value));
    if (!name.empty()) {
      out_ += ",\"name\":";
      json_string(name, out_);
    }
    size_t nul = (t.flags & decode::kFdVerbatim) ? std::string_view::npos : text.find('\0');
    out_ += ",\"path\":";
    json_string(text.substr(0, nul), out_);
    if (nul != std::string_view::npos) {
      out_ += ",\"device\":";
      json_string(text.substr(nul + 1), out_);
    }
    if (t.flags & decode::kFdDeleted) {
      out_ += ",\"deleted\":true";
    }
    out_ += '}';
  }

  size_t flags(size_t i) {
    fmt::format_to(std::back_inserter(out_), "{{\"value\":{},\"flags\":[", v_[i].value);
    uint64_t leftover = 0;
    bool first = true;
    i = flag_members(i + 1, first, leftover);
    fmt::format_to(std::back_inserter(out_), "],\"leftover\":{}}}", leftover);
    return i;
  }

  // The members of a flag set up to its flags_end, appended to the open "flags" list. A set
  // within the set (clone's flags with the exit signal after them) joins the same list.
  size_t flag_members(size_t i, bool& first, uint64_t& leftover) {
    while (!at_end(i, Tok::flags_end)) {
      const Token& t = v_[i];
      switch (t.kind) {
        case Tok::int_:
        case Tok::uint_:
        case Tok::hex:
        case Tok::oct:
        case Tok::ptr:
          leftover |= t.value;  // bits no name covers (a mode's permission bits among them)
          ++i;
          continue;
        case Tok::comment:
          ++i;  // the text form's `/* FLAG_??? */` hint for unnamed bits
          continue;
        case Tok::flags_begin:
          i = flag_members(i + 1, first, leftover);
          continue;
        default:
          break;
      }
      if (!first) {
        out_ += ',';
      }
      first = false;
      i = value(i);
    }
    return i < end_ ? i + 1 : i;
  }

  size_t structure(size_t i) {
    out_ += '{';
    int n = 0;
    for (++i; !at_end(i, Tok::struct_end);) {
      i = skip_raw_only(i);
      if (at_end(i, Tok::struct_end)) {
        break;
      }
      if (n++ > 0) {
        out_ += ',';
      }
      const Token& t = v_[i];
      if (t.kind == Tok::field) {
        json_string(t.name, out_);
        out_ += ':';
        ++i;
        if (at_end(i, Tok::struct_end)) {
          out_ += "null";
        } else {
          i = value(i);
        }
      } else if (t.kind == Tok::ellipsis) {
        out_ += "\"...\":true";  // more fields follow that were not read (no -v)
        ++i;
      } else {
        // A value without a field name keeps its position as its key.
        fmt::format_to(std::back_inserter(out_), "\"_{}\":", n);
        i = value(i);
      }
    }
    out_ += '}';
    return i < end_ ? i + 1 : i;
  }

  // A signal mask as the text form shows it, a string: "[INT TERM]", "~[RTMIN RT_1]".
  size_t signal_set(size_t i) {
    size_t j = i + 1;
    while (j < end_ && v_[j].kind != Tok::array_end) {
      ++j;
    }
    std::string text;
    render_tokens(v_, i, j < end_ ? j + 1 : j, TextStyle{}, text);
    json_string(text, out_);
    return j < end_ ? j + 1 : j;
  }

  size_t array(size_t i) {
    out_ += '[';
    bool first = true;
    for (++i; !at_end(i, Tok::array_end);) {
      if (!first) {
        out_ += ',';
      }
      first = false;
      i = value(i);
    }
    out_ += ']';
    return i < end_ ? i + 1 : i;
  }

  const decode::Values& v_;
  size_t end_;
  std::string& out_;
};

}  // namespace

void json_string(std::string_view bytes, std::string& out) {
  out += '"';
  size_t i = 0;
  while (i < bytes.size()) {
    auto c = static_cast<unsigned char>(bytes[i]);
    if (c < 0x80) {
      switch (c) {
        case '"':
          out += "\\\"";
          break;
        case '\\':
          out += "\\\\";
          break;
        case '\n':
          out += "\\n";
          break;
        case '\t':
          out += "\\t";
          break;
        case '\r':
          out += "\\r";
          break;
        case '\b':
          out += "\\b";
          break;
        case '\f':
          out += "\\f";
          break;
        default:
          if (c < 0x20 || c == 0x7f) {
            out += "\\u00";
            out += kHex[c >> 4];
            out += kHex[c & 15];
          } else {
            out += static_cast<char>(c);
          }
          break;
      }
      ++i;
      continue;
    }
    if (size_t n = utf8_length(bytes, i); n != 0) {
      out.append(bytes.substr(i, n));
      i += n;
      continue;
    }
    out += "\\udc";
    out += kHex[c >> 4];
    out += kHex[c & 15];
    ++i;
  }
  out += '"';
}

void json_symbol(std::string_view name, uint64_t value, std::string& out) {
  out += "{\"name\":";
  json_string(name, out);
  if (value > static_cast<uint64_t>(INT64_MAX)) {
    fmt::format_to(std::back_inserter(out), ",\"value\":{}}}", static_cast<int64_t>(value));
  } else {
    fmt::format_to(std::back_inserter(out), ",\"value\":{}}}", value);
  }
}

void json_address(uint64_t value, std::string& out) {
  fmt::format_to(std::back_inserter(out), "\"{:#x}\"", value);
}

bool render_json(const decode::Values& v, size_t begin, size_t end, std::string& out) {
  if (begin >= end) {
    out += "null";
    return false;
  }
  Renderer r(v, end, out);
  size_t start = out.size();
  size_t i = r.value(begin);
  if (i < end) {
    out.insert(start, 1, '[');
    while (i < end) {
      out += ',';
      i = r.value(i);
    }
    out += ']';
  }
  return r.truncated;
}

}  // namespace cxtrace::output
