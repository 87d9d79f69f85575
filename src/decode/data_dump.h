// -e read=SET / -e write=SET: the bytes a call read from or wrote to a
// descriptor in the set, kept whole (no -s limit) for the output to show in hex
// and ASCII after the call's line. The calls and the amounts are strace's: what
// was asked to be written (even when the write failed), what was read (only
// when the read succeeded), buffer by buffer for vectored calls.
#pragma once

#include "decode/decoder.h"
#include "decode/record.h"
#include "mem/memory_reader.h"

namespace cxtrace::decode {

// Fills rec.dump and rec.dump_bytes at the call's exit.
void collect_dump(Record &rec, mem::MemoryReader &mem,
                  const DecodeOptions &opts);

} // namespace cxtrace::decode
