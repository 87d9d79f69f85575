// Decoders of this family not written yet print the address, as strace does for an
// argument it cannot decode.
#include "decode/families.h"

namespace cxtrace::decode {

void decode_stat(ArgCtx& a) { a.out().ptr(a.value); }
void decode_statx(ArgCtx& a) { a.out().ptr(a.value); }
void decode_statfs(ArgCtx& a) { a.out().ptr(a.value); }
void decode_ustat(ArgCtx& a) { a.out().ptr(a.value); }
void decode_open_how(ArgCtx& a) { a.out().ptr(a.value); }
void decode_dirents(ArgCtx& a) { a.out().ptr(a.value); }
void decode_dirents64(ArgCtx& a) { a.out().ptr(a.value); }
void decode_cpuset(ArgCtx& a) { a.out().ptr(a.value); }
void decode_fdset(ArgCtx& a) { a.out().ptr(a.value); }

}  // namespace cxtrace::decode
