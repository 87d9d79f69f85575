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
  bool color = false;   // --color: ANSI SGR codes around the parts of a line (see Color)
};

// The colours of --color, as SGR sequences. Only these escapes ever reach a coloured line
// (a tracee's own ESC bytes are printed escaped, `\33`), so removing every `ESC [ … m`
// gives back the uncoloured line byte for byte.
namespace color {
inline constexpr std::string_view kName = "\x1b[1m";       // syscall names: bold
inline constexpr std::string_view kNumber = "\x1b[36m";    // numbers and addresses: cyan
inline constexpr std::string_view kString = "\x1b[32m";    // strings: green
inline constexpr std::string_view kSymbol = "\x1b[33m";    // named constants: yellow
inline constexpr std::string_view kError = "\x1b[1;31m";   // `-1 ENOENT (…)`: bold red
inline constexpr std::string_view kSignal = "\x1b[1;35m";  // signal names in ---/+++ lines
inline constexpr std::string_view kReset = "\x1b[0m";
}  // namespace color

// Appends `code` when colour is on; `paint_end` closes it.
inline void paint(const TextStyle& style, std::string_view code, std::string& out) {
  if (style.color) {
    out += code;
  }
}
inline void paint_end(const TextStyle& style, std::string& out) {
  if (style.color) {
    out += color::kReset;
  }
}

// The width of `s` on a terminal: its length without the SGR sequences colour added.
size_t visible_size(std::string_view s);

// Renders tokens [begin, end) of `v`, appending to `out`.
void render_tokens(const decode::Values& v, size_t begin, size_t end, const TextStyle& style,
                   std::string& out);

// Appends `bytes` quoted and escaped the way strace prints strings.
void quote_string(std::string_view bytes, const TextStyle& style, std::string& out);

}  // namespace cxtrace::output
