// ioprio: not specialised yet; decoded argument by argument from the table.
#include "decode/special.h"

namespace cxtrace::decode {

extern const SpecialDecoder special_ioprio = {generic_entry, generic_exit};

}  // namespace cxtrace::decode
