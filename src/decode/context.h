// What a decoder works with: the syscall record it appends to, the tracee's memory, the
// user's options, and (for one argument) its table row and raw value. Decoders of one type
// family live in one file and share this context, so adding a family never touches another.
#pragma once

#include <cstdint>

#include "decode/decoder.h"
#include "decode/record.h"
#include "mem/memory_reader.h"
#include "table/syscall_desc.h"

namespace cxtrace::decode {

struct CallCtx {
  Record& rec;
  mem::MemoryReader& mem;
  const DecodeOptions& opts;
  bool exiting;  // at syscall exit: rec.rval and rec.is_error are valid

  Values& out() { return rec.vals; }
  uint64_t arg(int i) const { return rec.raw.args[i]; }
  // The call failed: out-arguments hold nothing worth reading, print their addresses.
  bool failed() const { return exiting && rec.is_error; }
  // -e verbose= left this call out: what its arguments point to (other than strings and
  // buffers) prints as addresses.
  bool terse() const { return opts.is_terse(rec.raw.nr); }
};

struct ArgCtx {
  CallCtx& call;
  const table::ArgDesc& desc;
  int index;
  uint64_t value;

  Values& out() { return call.rec.vals; }
  mem::MemoryReader& mem() { return call.mem; }
  const DecodeOptions& opts() const { return call.opts; }
  // The length this argument names: another argument's value or the return value.
  uint64_t length() const;
};

using ArgDecoder = void (*)(ArgCtx&);

// Decodes argument `i` of the call the generic way (by its table type), as one argument.
void generic_arg(CallCtx& c, int i);

// Irregular syscalls: their decoder replaces the generic argument loop. `entry` shows the
// arguments known at entry, sets rec.entry_args, and sets rec.total_args when the line shows
// a different number of arguments than the table has; `exit` shows the rest and may add a
// return decoration (` (flags O_RDWR)`) after setting rec.ret_begin.
struct SpecialDecoder {
  void (*entry)(CallCtx&);
  void (*exit)(CallCtx&);
};

// The generic argument loop, for special decoders that differ only in part.
void generic_entry(CallCtx& c);
void generic_exit(CallCtx& c);

}  // namespace cxtrace::decode
