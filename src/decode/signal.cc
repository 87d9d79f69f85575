// Decoders of this family not written yet print the address, as strace does for an
// argument it cannot decode.
#include "decode/families.h"

namespace cxtrace::decode {

void decode_sigset(ArgCtx& a) { a.out().ptr(a.value); }
void decode_sigaction(ArgCtx& a) { a.out().ptr(a.value); }
void decode_siginfo_arg(ArgCtx& a) { a.out().ptr(a.value); }
void decode_stack_t(ArgCtx& a) { a.out().ptr(a.value); }
void decode_sigevent(ArgCtx& a) { a.out().ptr(a.value); }

}  // namespace cxtrace::decode
