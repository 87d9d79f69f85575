// The JSON syntax for decoded values, the counterpart of text_format for the JSON Lines sink.
// The same tokens become JSON values: numbers as numbers, tracee strings as strings, symbols
// as {"name": …, "value": …}, flag sets as {"value", "flags", "leftover"}, structures as
// objects, arrays as arrays, addresses as "0x…" strings. docs/cxtrace-events.schema.json is
// the reference for every shape written here.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "decode/value.h"

namespace cxtrace::output {

// Appends `bytes` as a JSON string. Valid UTF-8 passes through; control characters, '"' and
// '\' are escaped; a byte that is not part of a valid UTF-8 sequence is written as the lone
// surrogate escape \udcXX (XX its value, 80 to ff), Python's "surrogateescape" convention, so
// the exact bytes can be recovered and no output line is ever invalid UTF-8.
void json_string(std::string_view bytes, std::string& out);

// Appends a symbol: {"name":"O_RDONLY","value":0}. Values with the top bit set are shown as
// negative numbers (AT_FDCWD is -100, not 18446744073709551516).
void json_symbol(std::string_view name, uint64_t value, std::string& out);

// Appends an address as a "0x…" string (NULL is "0x0").
void json_address(uint64_t value, std::string& out);

// Renders the tokens [begin, end) as one JSON value and returns whether any string among them
// was cut short (-s, or no NUL within the limit). An empty range renders as null; a range
// holding several values at the top level (an irregular decoder's output) as an array.
bool render_json(const decode::Values& v, size_t begin, size_t end, std::string& out);

}  // namespace cxtrace::output
