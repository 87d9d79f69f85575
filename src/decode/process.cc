// Decoders of this family not written yet print the address, as strace does for an
// argument it cannot decode.
#include "decode/families.h"

namespace cxtrace::decode {

void decode_rusage(ArgCtx& a) { a.out().ptr(a.value); }
void decode_rlimit(ArgCtx& a) { a.out().ptr(a.value); }
void decode_utsname(ArgCtx& a) { a.out().ptr(a.value); }
void decode_sysinfo(ArgCtx& a) { a.out().ptr(a.value); }
void decode_clone_args(ArgCtx& a) { a.out().ptr(a.value); }
void decode_sched_param(ArgCtx& a) { a.out().ptr(a.value); }
void decode_sched_attr(ArgCtx& a) { a.out().ptr(a.value); }
void decode_cap_header(ArgCtx& a) { a.out().ptr(a.value); }
void decode_cap_data(ArgCtx& a) { a.out().ptr(a.value); }
void decode_wait_status(ArgCtx& a) { a.out().ptr(a.value); }

}  // namespace cxtrace::decode
