// strace's syntax for decoded values: how numbers, symbols, flag sets, strings, structures
// and arrays look in a trace line. Both the text sink and the filters (`KEY~REGEX` matches
// the text of an argument) render through here, so there is one definition of the syntax.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "decode/value.h"

namespace cxtrace::output {

struct TextStyle {
  int hex_strings = 0;  // 0: octal escapes for non-printables, 1 (-x): \x for them, 2 (-xx): all \x
  // -X: named constants as names (abbrev), as numbers (raw), or numbers with the names in a
  // comment (verbose: `0x80000 /* O_CLOEXEC */`).
  enum class Consts { abbrev, raw, verbose } consts = Consts::abbrev;
};

// Renders tokens [begin, end) of `v`, appending to `out`.
void render_tokens(const decode::Values& v, size_t begin, size_t end, const TextStyle& style,
                   std::string& out);

// Appends `bytes` quoted and escaped the way strace prints strings.
void quote_string(std::string_view bytes, const TextStyle& style, std::string& out);

}  // namespace cxtrace::output
