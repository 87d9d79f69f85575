// strace's layout for the data dumps of -e read=SET and -e write=SET: after the
// call's line, sixteen bytes a line as offset, hex and ASCII, with a header
// line before each buffer of a vectored call and each message of
// sendmmsg/recvmmsg.
#pragma once

#include <string>

#include "decode/record.h"

namespace cxtrace::output {

// Appends the dump lines of `rec` (none when it has no dump), each ending in
// '\n'.
void append_dump(const decode::Record &rec, std::string &out);

} // namespace cxtrace::output
