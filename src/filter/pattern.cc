#include "filter/pattern.h"

#include <charconv>
#include <cstdlib>

#include <fmt/core.h>

#include "decode/errnos.h"
#include "decode/signals.h"
#include "table/syscall_table.h"

namespace cxtrace::filter {

namespace {

bool is_word(std::string_view s) {
  if (s.empty()) {
    return false;
  }
  for (char c : s) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_')) {
      return false;
    }
  }
  return true;
}

// Splits at unescaped commas; `\,` becomes a plain comma.
std::vector<std::pair<std::string, size_t>> split_conditions(std::string_view s, size_t base) {
  std::vector<std::pair<std::string, size_t>> out;
  std::string cur;
  size_t start = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 1 < s.size() && s[i + 1] == ',') {
      cur += ',';
      ++i;
    } else if (s[i] == ',') {
      out.emplace_back(cur, base + start);
      cur.clear();
      start = i + 1;
    } else {
      cur += s[i];
    }
  }
  out.emplace_back(cur, base + start);
  return out;
}

std::optional<int64_t> parse_number(std::string_view s) {
  std::string str(s);
  char* end = nullptr;
  errno = 0;
  long long v = std::strtoll(str.c_str(), &end, 0);
  if (str.empty() || *end != '\0' || errno != 0) {
    unsigned long long u = std::strtoull(str.c_str(), &end, 0);
    if (str.empty() || *end != '\0' || errno != 0) {
      return std::nullopt;
    }
    return static_cast<int64_t>(u);
  }
  return v;
}

bool known_param(const SyscallSet& names, std::string_view key, std::vector<std::string>& seen) {
  for (uint64_t nr : names.numbers()) {
    const table::SyscallDesc* d = table::by_number(nr);
    for (int i = 0; d != nullptr && i < d->nargs; ++i) {
      if (d->args[i].name == key) {
        return true;
      }
      if (seen.size() < 64 &&
          std::find(seen.begin(), seen.end(), d->args[i].name) == seen.end()) {
        seen.emplace_back(d->args[i].name);
      }
    }
  }
  return false;
}

int arg_of(const Condition& c, const decode::Record& rec) {
  if (c.key == Condition::Key::arg_index) {
    return c.index < rec.nargs ? c.index : -1;
  }
  if (c.key == Condition::Key::param && rec.desc != nullptr) {
    for (int i = 0; i < rec.desc->nargs; ++i) {
      if (rec.desc->args[i].name == c.name) {
        return i;
      }
    }
  }
  return -1;
}

int64_t arg_number(const decode::Record& rec, int i) {
  uint64_t v = rec.raw.args[i];
  // 32-bit C types compare as the signed ints the program passed (AT_FDCWD, -1).
  if (rec.desc != nullptr && rec.desc->args[i].ctype == "int") {
    return static_cast<int32_t>(v);
  }
  return static_cast<int64_t>(v);
}

bool compare(int64_t a, Condition::Op op, int64_t b) {
  switch (op) {
    case Condition::Op::eq: return a == b;
    case Condition::Op::ne: return a != b;
    case Condition::Op::lt: return a < b;
    case Condition::Op::le: return a <= b;
    case Condition::Op::gt: return a > b;
    case Condition::Op::ge: return a >= b;
  }
  return false;
}

std::optional<Condition> parse_condition(const std::string& text, size_t pos,
                                         const SyscallSet& names, std::string& error) {
  Condition c;
  size_t k = 0;
  while (k < text.size() && (std::isalnum(static_cast<unsigned char>(text[k])) || text[k] == '_')) {
    ++k;
  }
  std::string_view key(text.data(), k);
  std::string_view rest = std::string_view(text).substr(k);
  std::string_view op_text;
  for (std::string_view op : {"<=", ">=", "!=", "=", "<", ">", "~", "&"}) {
    if (rest.substr(0, op.size()) == op) {
      op_text = op;
      break;
    }
  }
  if (!is_word(key) || op_text.empty()) {
    // A bare regex over every path and string argument.
    c.kind = Condition::Kind::any_string;
    c.re = std::make_unique<RE2>(text, RE2::Quiet);
    if (!c.re->ok()) {
      error = fmt::format("invalid regular expression '{}' at position {}: {}", text, pos + 1,
                          c.re->error());
      return std::nullopt;
    }
    return c;
  }
  // The key.
  if (key == "ret") {
    c.key = Condition::Key::ret;
  } else if (key == "errno") {
    c.key = Condition::Key::err;
  } else if (key.size() == 4 && key.substr(0, 3) == "arg" && key[3] >= '1' && key[3] <= '6') {
    c.key = Condition::Key::arg_index;
    c.index = key[3] - '1';
  } else {
    std::vector<std::string> seen;
    if (!known_param(names, key, seen)) {
      std::string hint;
      if (!seen.empty()) {
        hint = " (keys here: argN, ret, errno";
        for (const auto& s : seen) {
          hint += ", " + s;
        }
        hint += ")";
      }
      error = fmt::format("unknown key '{}' at position {}{}", key, pos + 1, hint);
      return std::nullopt;
    }
    c.key = Condition::Key::param;
    c.name = std::string(key);
  }
  std::string_view value = rest.substr(op_text.size());
  size_t value_pos = pos + k + op_text.size() + 1;
  if (op_text == "~") {
    c.kind = Condition::Kind::text_regex;
    c.re = std::make_unique<RE2>(std::string(value), RE2::Quiet);
    if (!c.re->ok()) {
      error = fmt::format("invalid regular expression '{}' at position {}: {}", value, value_pos,
                          c.re->error());
      return std::nullopt;
    }
    return c;
  }
  std::optional<int64_t> v = parse_number(value);
  if (!v) {
    v = symbol_value(value);
  }
  if (!v) {
    error = value.empty() ? fmt::format("missing value at position {}", value_pos)
                          : fmt::format("'{}' at position {} is neither a number nor a known symbol",
                                        value, value_pos);
    return std::nullopt;
  }
  c.value = *v;
  if (op_text == "&") {
    c.kind = Condition::Kind::flag_set;
    return c;
  }
  c.kind = Condition::Kind::compare;
  c.op = op_text == "=" ? Condition::Op::eq
       : op_text == "!=" ? Condition::Op::ne
       : op_text == "<" ? Condition::Op::lt
       : op_text == "<=" ? Condition::Op::le
       : op_text == ">" ? Condition::Op::gt
                        : Condition::Op::ge;
  return c;
}

}  // namespace

std::optional<int64_t> symbol_value(std::string_view name) {
  if (name.find('|') != std::string_view::npos) {
    int64_t v = 0;
    size_t i = 0;
    while (i <= name.size()) {
      size_t j = name.find('|', i);
      if (j == std::string_view::npos) {
        j = name.size();
      }
      std::optional<int64_t> part = symbol_value(name.substr(i, j - i));
      if (!part) {
        return std::nullopt;
      }
      v |= *part;
      i = j + 1;
    }
    return v;
  }
  if (name == "AT_FDCWD") {
    return -100;
  }
  if (name == "NULL") {
    return 0;
  }
  for (const table::Xlat* x : table::kXlatsByName) {
    for (const auto& e : x->entries) {
      if (e.name == name) {
        return static_cast<int64_t>(e.value);
      }
    }
  }
  if (auto e = decode::errno_by_name(name)) {
    return *e;
  }
  if (name.substr(0, 3) == "SIG") {
    if (auto s = decode::signal_by_name(name)) {
      return *s;
    }
  }
  return std::nullopt;
}

std::optional<Pattern> parse_pattern(std::string_view text, std::string& error) {
  Pattern p;
  p.text = std::string(text);
  size_t colon;
  if (!text.empty() && text[0] == '/') {
    size_t close = text.find('/', 1);
    while (close != std::string_view::npos && text[close - 1] == '\\') {
      close = text.find('/', close + 1);
    }
    if (close == std::string_view::npos) {
      error = "unterminated /regex/ in the syscall name";
      return std::nullopt;
    }
    colon = text.find(':', close);
  } else {
    colon = text.find(':');
  }
  std::string_view name = text.substr(0, colon);
  std::optional<SyscallSet> names = parse_syscall_token(name, true, error);
  if (!names) {
    return std::nullopt;
  }
  p.names = std::move(*names);
  if (colon == std::string_view::npos) {
    return p;
  }
  for (auto& [cond, pos] : split_conditions(text.substr(colon + 1), colon + 1)) {
    if (cond.empty()) {
      error = fmt::format("empty condition at position {}", pos + 1);
      return std::nullopt;
    }
    std::optional<Condition> c = parse_condition(cond, pos, p.names, error);
    if (!c) {
      return std::nullopt;
    }
    p.conds.push_back(std::move(*c));
  }
  return p;
}

bool conditions_hold(const Pattern& p, const decode::Record& rec, const output::TextStyle& style,
                     std::string& scratch) {
  for (const Condition& c : p.conds) {
    switch (c.kind) {
      case Condition::Kind::any_string: {
        bool hit = false;
        for (int i = 0; i < rec.nargs && !hit; ++i) {
          for (uint32_t t = rec.arg_begin[i]; t < rec.arg_begin[i + 1] && !hit; ++t) {
            const decode::Token& tok = rec.vals[t];
            if (tok.kind == decode::Tok::str) {
              std::string_view b = rec.vals.bytes(tok);
              hit = RE2::FullMatch(re2::StringPiece(b.data(), b.size()), *c.re);
            }
          }
        }
        if (!hit) {
          return false;
        }
        break;
      }
      case Condition::Kind::text_regex: {
        int i = arg_of(c, rec);
        if (i < 0) {
          return false;
        }
        scratch.clear();
        output::render_tokens(rec.vals, rec.arg_begin[i], rec.arg_begin[i + 1], style, scratch);
        if (!RE2::PartialMatch(scratch, *c.re)) {
          return false;
        }
        break;
      }
      case Condition::Kind::compare:
      case Condition::Kind::flag_set: {
        int64_t v;
        if (c.key == Condition::Key::ret) {
          v = rec.is_error ? -1 : rec.rval;
        } else if (c.key == Condition::Key::err) {
          v = rec.err();
        } else {
          int i = arg_of(c, rec);
          if (i < 0 || rec.desc == nullptr || i >= rec.desc->nargs) {
            return false;
          }
          v = arg_number(rec, i);
        }
        bool ok = c.kind == Condition::Kind::compare ? compare(v, c.op, c.value)
                                                     : (v & c.value) == c.value;
        if (!ok) {
          return false;
        }
        break;
      }
    }
  }
  return true;
}

}  // namespace cxtrace::filter
