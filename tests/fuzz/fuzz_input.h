// Taking typed values off the front of a fuzzer's input. Each fuzz target reads its input as
// a small header followed by free-form bytes; a value that runs past the end reads as zeros,
// so every input, however short, is a valid one. (clang's FuzzedDataProvider does the same,
// but the replay build is compiled by gcc, which does not ship it.)
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace cxtrace::fuzz {

class Input {
 public:
  Input(const uint8_t* data, size_t size) : data_(data), size_(size) {}

  template <typename T>
  T take() {
    T v{};
    size_t n = sizeof(T) < left() ? sizeof(T) : left();
    std::memcpy(&v, data_ + pos_, n);
    pos_ += n;
    return v;
  }
  // Up to `n` bytes (fewer at the end of the input).
  std::string_view bytes(size_t n) {
    n = n < left() ? n : left();
    std::string_view s(reinterpret_cast<const char*>(data_ + pos_), n);
    pos_ += n;
    return s;
  }
  // The bytes up to the next `sep` (not included), or to the end.
  std::string_view until(char sep) {
    std::string_view rest = peek_rest();
    size_t i = rest.find(sep);
    std::string_view s = rest.substr(0, i);
    pos_ += i == std::string_view::npos ? s.size() : i + 1;
    return s;
  }
  std::string_view rest() {
    std::string_view s = peek_rest();
    pos_ = size_;
    return s;
  }
  size_t left() const { return size_ - pos_; }

 private:
  std::string_view peek_rest() const {
    return std::string_view(reinterpret_cast<const char*>(data_ + pos_), size_ - pos_);
  }

  const uint8_t* data_;
  size_t size_;
  size_t pos_ = 0;
};

// Text longer than this finds nothing new in a parser, only runs slower.
inline constexpr size_t kMaxText = 2048;

// The shape of most parser targets: a first byte that picks what to parse, then the text.
struct Choice {
  uint8_t which;
  std::string text;
};

inline Choice choice(const uint8_t* data, size_t size) {
  Input in(data, size);
  auto which = in.take<uint8_t>();
  return Choice{which, std::string(in.rest())};
}

// The input split at `sep` into parts: a command line's words, a list of expressions.
inline std::vector<std::string> split(std::string_view s, char sep) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i <= s.size()) {
    size_t j = s.find(sep, i);
    if (j == std::string_view::npos) {
      j = s.size();
    }
    out.emplace_back(s.substr(i, j - i));
    i = j + 1;
  }
  return out;
}

}  // namespace cxtrace::fuzz
