// Decoders of this family not written yet print the address, as strace does for an
// argument it cannot decode.
#include "decode/families.h"

namespace cxtrace::decode {

void decode_sockaddr(ArgCtx& a) { a.out().ptr(a.value); }
void decode_sockaddr_len(ArgCtx& a) { a.out().ptr(a.value); }
void decode_msghdr(ArgCtx& a) { a.out().ptr(a.value); }
void decode_mmsghdr(ArgCtx& a) { a.out().ptr(a.value); }

}  // namespace cxtrace::decode
