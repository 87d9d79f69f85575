// Turning a stopped syscall into tokens: the arguments the kernel reads, at entry; what it
// wrote back, at exit. Decoders read tracee memory only through MemoryReader and never print.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "decode/fd_describer.h"
#include "decode/record.h"
#include "mem/memory_reader.h"

namespace cxtrace::decode {

// A set of descriptor numbers (-e read=SET, -e write=SET): the numbers listed, or all but them.
struct FdSet {
  std::vector<int32_t> listed;  // sorted
  bool inverted = false;        // `!3`, `all`: every descriptor not listed

  bool contains(int64_t fd) const {
    return fd >= 0 && std::binary_search(listed.begin(), listed.end(), fd) != inverted;
  }
  bool empty() const { return !inverted && listed.empty(); }
};

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
  uint8_t decode_fds = 0;    // -y, -yy, --decode-fds: kDecodeFd* bits
  FdSet read_fds;            // -e read=SET: dump what calls read from these
  FdSet write_fds;           // -e write=SET: dump what calls write to these
};

// Decodes the arguments shown at entry (up to the first one the kernel writes). With `fds`
// (-y, -yy), the descriptors among them are described.
void decode_entry(Record& rec, mem::MemoryReader& mem, const DecodeOptions& opts,
                  FdDescriber* fds = nullptr);

// Decodes the remaining arguments and the return value's decoration, at exit; with `fds`, a
// descriptor result and descriptor arguments are described; with -e read=/write=, the data
// the call moved is kept in rec.dump.
void decode_exit(Record& rec, mem::MemoryReader& mem, const DecodeOptions& opts,
                 FdDescriber* fds = nullptr);

// The two halves without describing descriptors or collecting dumps.
void decode_entry_args(Record& rec, mem::MemoryReader& mem, const DecodeOptions& opts);
void decode_exit_args(Record& rec, mem::MemoryReader& mem, const DecodeOptions& opts);

}  // namespace cxtrace::decode
