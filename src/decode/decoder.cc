#include "decode/decoder.h"

namespace cxtrace::decode {

namespace {

void raw_arg(Record& rec, uint64_t v) {
  rec.begin_arg();
  rec.vals.hex(v);
  rec.end_arg();
}

int arg_count(const Record& rec) { return rec.desc != nullptr ? rec.desc->nargs : 6; }

}  // namespace

void decode_entry(Record& rec, mem::MemoryReader& /*mem*/, const DecodeOptions& /*opts*/) {
  int n = arg_count(rec);
  for (int i = 0; i < n; ++i) {
    raw_arg(rec, rec.raw.args[i]);
  }
  rec.entry_args = rec.nargs;
}

void decode_exit(Record& rec, mem::MemoryReader& /*mem*/, const DecodeOptions& /*opts*/) {
  rec.ret_begin = static_cast<uint32_t>(rec.vals.size());
}

}  // namespace cxtrace::decode
