// What -y / -yy show after a descriptor: its path, a socket's endpoints, a
// device's numbers, a pidfd's process. Decoders only mark which values are
// descriptors; once a call's arguments are decoded, the decoder driver asks a
// describer about each of them while the tracee is still stopped, so a
// descriptor is described as it was at that moment (closed and reused numbers
// included). The tracer's describer reads /proc and asks the kernel's
// sock_diag; unit tests hand in a fake.
#pragma once

#include <cstdint>
#include <string>

namespace cxtrace::decode {

// Which details to show: strace's --decode-fds=SET (-y is path, -yy is all of
// them).
inline constexpr uint8_t kDecodeFdPath =
    1; // the file's path, `pipe:[…]`, `socket:[…]`
inline constexpr uint8_t kDecodeFdSocket =
    2; // `TCP:[127.0.0.1:80->…]`, `UNIX-STREAM:[…]`
inline constexpr uint8_t kDecodeFdDev =
    4; // a device's `<char 1:3>` after its path
inline constexpr uint8_t kDecodeFdPidfd = 8; // a pidfd's `pid:42`
inline constexpr uint8_t kDecodeFdAll = 15;

class FdDescriber {
public:
  virtual ~FdDescriber() = default;
  // Describes descriptor `fd` of the stopped tracee (AT_FDCWD: its working
  // directory): `text` receives what goes between `<` and `>`, `flags` the
  // Values flags kFdVerbatim and kFdDeleted. False when there is nothing to
  // show (a closed descriptor, a detail not asked for).
  virtual bool describe(int fd, std::string &text, uint8_t &flags) = 0;
};

} // namespace cxtrace::decode
