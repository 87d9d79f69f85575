// Irregular syscalls (signatures.tbl `decoder=NAME`): which hand-written decoder, if any,
// replaces the generic argument loop for a call.
#pragma once

#include "decode/context.h"
#include "table/syscall_desc.h"

namespace cxtrace::decode {

// nullptr for Special::none.
const SpecialDecoder* special_decoder(table::Special s);

}  // namespace cxtrace::decode
