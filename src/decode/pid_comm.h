// -Y: process ids shown with the command name of the process they name, `1234<sh>`. The name
// is read from /proc when the value is decoded, so it is the name at that moment (a child
// just forked still has its parent's).
#pragma once

#include <cstdint>
#include <string>

#include "decode/value.h"

namespace cxtrace::decode {

// Appends /proc/PID/comm (without its newline) to `out`; false if there is none to read.
bool read_comm(int64_t pid, std::string& out);

// A pid argument: the number, and with `with_comm` its command name when it names a process.
void put_pid(Values& out, int64_t pid, bool with_comm);

}  // namespace cxtrace::decode
