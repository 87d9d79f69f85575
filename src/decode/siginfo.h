// siginfo_t as strace prints it in signal lines and in rt_sigtimedwait/waitid results:
// `{si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=42, si_uid=0, si_status=0, …}`. Which
// fields appear depends on the signal and on si_code, as the kernel fills them.
#pragma once

#include <signal.h>

#include "decode/value.h"

namespace cxtrace::decode {

// With `pid_comm` (-Y), si_pid shows the sender's command name.
void decode_siginfo(const siginfo_t& si, Values& out, bool pid_comm = false);

// The symbolic si_code for `signo` ("SI_USER", "CLD_EXITED"), or empty.
std::string_view si_code_name(int signo, int code);

}  // namespace cxtrace::decode
