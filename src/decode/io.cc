// Decoders of this family not written yet print the address, as strace does for an
// argument it cannot decode.
#include "decode/families.h"

namespace cxtrace::decode {

void decode_iovec(ArgCtx& a) { a.out().ptr(a.value); }
void decode_pollfd(ArgCtx& a) { a.out().ptr(a.value); }
void decode_epoll_event(ArgCtx& a) { a.out().ptr(a.value); }
void decode_epoll_events(ArgCtx& a) { a.out().ptr(a.value); }
void decode_io_events(ArgCtx& a) { a.out().ptr(a.value); }
void decode_iocbs(ArgCtx& a) { a.out().ptr(a.value); }
void decode_sembuf(ArgCtx& a) { a.out().ptr(a.value); }
void decode_msgbuf(ArgCtx& a) { a.out().ptr(a.value); }
void decode_mq_attr(ArgCtx& a) { a.out().ptr(a.value); }

}  // namespace cxtrace::decode
