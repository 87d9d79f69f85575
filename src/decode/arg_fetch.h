// Reading the structure an argument points to, for the structure decoders. An argument the
// kernel only reads can be shown at exit (it follows an out-argument, as rt_sigtimedwait's
// timeout follows its siginfo): it still holds what the call was given, so a failed call
// prints its value, not its address. Out-arguments of a failed call print their address.
#pragma once

#include <cstddef>

#include "decode/context.h"
#include "decode/special/common.h"

namespace cxtrace::decode {

inline bool fetch_arg_bytes(ArgCtx& a, void* v, size_t size) {
  if (a.call.exiting && a.desc.dir == table::Dir::in) {
    CallCtx as_entry{a.call.rec, a.call.mem, a.call.opts, false};
    return special::fetch_bytes(as_entry, a.value, v, size);
  }
  return special::fetch_bytes(a.call, a.value, v, size);
}

// Reads a T at the argument's address into `v`; otherwise prints NULL or the address.
template <typename T>
bool fetch_arg(ArgCtx& a, T& v) {
  return fetch_arg_bytes(a, &v, sizeof v);
}

}  // namespace cxtrace::decode
