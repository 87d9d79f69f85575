// Decoders of this family not written yet print the address, as strace does for an
// argument it cannot decode.
#include "decode/families.h"

namespace cxtrace::decode {

void decode_timespec(ArgCtx& a) { a.out().ptr(a.value); }
void decode_timespec_pair(ArgCtx& a) { a.out().ptr(a.value); }
void decode_timeval(ArgCtx& a) { a.out().ptr(a.value); }
void decode_timeval_pair(ArgCtx& a) { a.out().ptr(a.value); }
void decode_timezone(ArgCtx& a) { a.out().ptr(a.value); }
void decode_itimerval(ArgCtx& a) { a.out().ptr(a.value); }
void decode_itimerspec(ArgCtx& a) { a.out().ptr(a.value); }
void decode_timex(ArgCtx& a) { a.out().ptr(a.value); }
void decode_utimbuf(ArgCtx& a) { a.out().ptr(a.value); }
void decode_tms(ArgCtx& a) { a.out().ptr(a.value); }

}  // namespace cxtrace::decode
