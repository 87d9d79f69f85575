// Error names and messages as strace prints a failed call: `-1 ENOENT (No such file or
// directory)`. Kernel-internal restart codes (512 and up) never reach the program; strace
// shows them with `?` and messages of its own, and so does cxtrace.
#pragma once

#include <optional>
#include <string_view>

namespace cxtrace::decode {

// "ENOENT"; empty when the number has no name.
std::string_view errno_name(int err);
// "No such file or directory".
std::string_view errno_message(int err);
// True for ERESTARTSYS and the other codes the kernel turns into a restart.
bool is_restart_errno(int err);
std::optional<int> errno_by_name(std::string_view name);

}  // namespace cxtrace::decode
