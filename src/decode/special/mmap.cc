// mmap: not specialised yet; decoded argument by argument from the table.
#include "decode/special.h"

namespace cxtrace::decode {

extern const SpecialDecoder special_mmap = {generic_entry, generic_exit};

}  // namespace cxtrace::decode
