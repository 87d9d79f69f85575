// execve: the path, the argument vector and the environment (counted, `0x7ffd… /* 41 vars */`,
// or in full with -v), all read at entry: after a successful exec the old memory is gone, so
// nothing is read at exit and the line ends `= 0`.
#include "decode/special.h"
#include "decode/special/common.h"

namespace cxtrace::decode {

namespace {

void entry(CallCtx& c) {
  generic_arg(c, 0);  // pathname
  generic_arg(c, 1);  // argv
  generic_arg(c, 2);  // envp
  special::entry_all(c);
}

}  // namespace

extern const SpecialDecoder special_execve = {entry, special::no_exit};

}  // namespace cxtrace::decode
