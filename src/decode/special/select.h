// What select, pselect6 and ppoll share: fd_set arrays shown as `[3 4]` at entry, the sets
// the kernel left ready shown after the result (`(in [3], out [4], left {…})`), and the time
// left in a timeout the kernel rewrote.
#pragma once

#include <cstdint>
#include <string>

#include "decode/context.h"

namespace cxtrace::decode::special {

// One fd_set argument of a call with `nfds` descriptors: `[3 4]`, NULL, or its address.
void put_fdset(CallCtx& c, uint64_t addr, int64_t nfds);

// The decoration after a select-family result: `Timeout`, or the ready sets and, when
// `timeout` is not NULL, the time left (`nanos`: a timespec, else a timeval).
void put_select_result(CallCtx& c, int64_t nfds, uint64_t timeout, bool nanos);

// Appends `left {tv_sec=0, tv_nsec=999}` (or tv_usec) to `text`, the timeout read at `addr`.
void append_time_left(CallCtx& c, uint64_t addr, bool nanos, std::string& text);

}  // namespace cxtrace::decode::special
