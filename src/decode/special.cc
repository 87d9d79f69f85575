#include "decode/special.h"

namespace cxtrace::decode {

const SpecialDecoder* special_decoder(table::Special s) {
  (void)s;
  return nullptr;
}

}  // namespace cxtrace::decode
