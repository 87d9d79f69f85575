// Turning a stopped syscall into tokens: the arguments the kernel reads, at entry; what it
// wrote back, at exit. Decoders read tracee memory only through MemoryReader and never print.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "decode/record.h"
#include "mem/memory_reader.h"

namespace cxtrace::decode {

struct DecodeOptions {
  size_t string_limit = 32;  // -s
  bool raw_all = false;      // -X raw: every argument of every call in hex
  std::vector<uint8_t> raw;  // -e raw=SET: by syscall number, these calls in hex

  bool is_raw(uint64_t nr) const { return raw_all || (nr < raw.size() && raw[nr] != 0); }
  bool verbose = false;      // -v: structures and environments in full
  bool pid_comm = false;     // -Y: pids with their command names
  // -e verbose=SET: by syscall number, the calls not in SET, whose arguments that point to
  // anything but a string or buffer print as addresses.
  std::vector<uint8_t> terse;
  bool is_terse(uint64_t nr) const { return nr < terse.size() && terse[nr] != 0; }
};

// Decodes the arguments shown at entry (up to the first one the kernel writes).
void decode_entry(Record& rec, mem::MemoryReader& mem, const DecodeOptions& opts);

// Decodes the remaining arguments and the return value's decoration, at exit.
void decode_exit(Record& rec, mem::MemoryReader& mem, const DecodeOptions& opts);

}  // namespace cxtrace::decode
