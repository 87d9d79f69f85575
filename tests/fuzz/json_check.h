// A strict JSON checker for the fuzzers' oracle: every line the JSON Lines sink writes must be
// one valid JSON object in valid UTF-8, whatever bytes the tracee held. This only validates
// (RFC 8259 grammar, UTF-8 well-formedness); it builds nothing.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace cxtrace::fuzz {

class JsonCheck {
 public:
  // Whether `s` is exactly one JSON value (an object when `object` is set), with optional
  // whitespace around it.
  static bool valid(std::string_view s, bool object) {
    JsonCheck c(s);
    c.ws();
    if (object && c.peek() != '{') {
      return false;
    }
    if (!c.value(0)) {
      return false;
    }
    c.ws();
    return c.i_ == s.size();
  }

 private:
  explicit JsonCheck(std::string_view s) : s_(s) {}

  char peek() const { return i_ < s_.size() ? s_[i_] : '\0'; }
  void ws() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\n' || s_[i_] == '\r')) {
      ++i_;
    }
  }
  bool lit(std::string_view w) {
    if (s_.substr(i_, w.size()) != w) {
      return false;
    }
    i_ += w.size();
    return true;
  }

  bool value(int depth) {
    if (depth > 200) {
      return false;
    }
    switch (peek()) {
      case '{': return object(depth);
      case '[': return array(depth);
      case '"': return string();
      case 't': return lit("true");
      case 'f': return lit("false");
      case 'n': return lit("null");
      default: return number();
    }
  }

  bool object(int depth) { return members('}', true, depth); }
  bool array(int depth) { return members(']', false, depth); }

  // The members of an object (`"key": value`, `keyed`) or an array, up to `close`.
  bool members(char close, bool keyed, int depth) {
    ++i_;
    ws();
    if (peek() == close) {
      ++i_;
      return true;
    }
    while (true) {
      ws();
      if (keyed) {
        if (peek() != '"' || !string()) {
          return false;
        }
        ws();
        if (peek() != ':') {
          return false;
        }
        ++i_;
        ws();
      }
      if (!value(depth + 1)) {
        return false;
      }
      ws();
      if (peek() == ',') {
        ++i_;
        continue;
      }
      if (peek() == close) {
        ++i_;
        return true;
      }
      return false;
    }
  }

  static bool hex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  bool string() {
    ++i_;
    while (i_ < s_.size()) {
      auto c = static_cast<uint8_t>(s_[i_]);
      if (c == '"') {
        ++i_;
        return true;
      }
      if (c < 0x20) {
        return false;
      }
      if (c == '\\') {
        ++i_;
        char e = peek();
        if (e == 'u') {
          for (int k = 1; k <= 4; ++k) {
            if (i_ + k >= s_.size() || !hex(s_[i_ + k])) {
              return false;
            }
          }
          i_ += 5;
          continue;
        }
        if (std::string_view("\"\\/bfnrt").find(e) == std::string_view::npos || e == '\0') {
          return false;
        }
        ++i_;
        continue;
      }
      if (c < 0x80) {
        ++i_;
        continue;
      }
      if (!utf8()) {
        return false;
      }
    }
    return false;
  }

  // One multi-byte UTF-8 sequence at i_: shortest form, no surrogates, at most U+10FFFF.
  bool utf8() {
    auto b = [&](size_t k) { return i_ + k < s_.size() ? static_cast<uint8_t>(s_[i_ + k]) : 0; };
    uint8_t c = b(0);
    auto cont = [&](size_t k) { return (b(k) & 0xC0) == 0x80; };
    size_t n = 0;
    if (c >= 0xC2 && c <= 0xDF) {
      n = 2;
    } else if (c == 0xE0) {
      n = b(1) >= 0xA0 && b(1) <= 0xBF ? 3 : 0;
    } else if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) {
      n = 3;
    } else if (c == 0xED) {
      n = b(1) >= 0x80 && b(1) <= 0x9F ? 3 : 0;
    } else if (c == 0xF0) {
      n = b(1) >= 0x90 && b(1) <= 0xBF ? 4 : 0;
    } else if (c >= 0xF1 && c <= 0xF3) {
      n = 4;
    } else if (c == 0xF4) {
      n = b(1) >= 0x80 && b(1) <= 0x8F ? 4 : 0;
    }
    if (n == 0) {
      return false;
    }
    for (size_t k = 1; k < n; ++k) {
      if (!cont(k)) {
        return false;
      }
    }
    i_ += n;
    return true;
  }

  bool number() {
    size_t start = i_;
    if (peek() == '-') {
      ++i_;
    }
    if (peek() == '0') {
      ++i_;
    } else if (peek() >= '1' && peek() <= '9') {
      while (peek() >= '0' && peek() <= '9') {
        ++i_;
      }
    } else {
      return false;
    }
    if (peek() == '.') {
      ++i_;
      if (!(peek() >= '0' && peek() <= '9')) {
        return false;
      }
      while (peek() >= '0' && peek() <= '9') {
        ++i_;
      }
    }
    if (peek() == 'e' || peek() == 'E') {
      ++i_;
      if (peek() == '+' || peek() == '-') {
        ++i_;
      }
      if (!(peek() >= '0' && peek() <= '9')) {
        return false;
      }
      while (peek() >= '0' && peek() <= '9') {
        ++i_;
      }
    }
    return i_ > start;
  }

  std::string_view s_;
  size_t i_ = 0;
};

}  // namespace cxtrace::fuzz
