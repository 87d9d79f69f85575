// futex: not specialised yet; decoded argument by argument from the table.
#include "decode/special.h"

namespace cxtrace::decode {

extern const SpecialDecoder special_futex = {generic_entry, generic_exit};

}  // namespace cxtrace::decode
