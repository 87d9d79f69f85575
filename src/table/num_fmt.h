// How -X raw and -X verbose print the number behind a named constant or a flag set. strace
// prints each table's values its own way (printxval in hex, printxval_d and signal numbers in
// signed decimal, modes in octal), so the format belongs to the table or to the decoder that
// named the value, never to the printer: a table says it with `#format` (syscalls/README.md).
#pragma once

#include <cstdint>

namespace cxtrace::table {

enum class NumFmt : uint8_t {
  hex,    // 0x1f, zero as 0
  hex32,  // the low 32 bits in hex: an int's -1 as 0xffffffff
  dec,    // unsigned decimal: 18446744073709551615
  sdec,   // signed decimal: -100
  oct,    // 0644, at least three digits: 000
};

}  // namespace cxtrace::table
