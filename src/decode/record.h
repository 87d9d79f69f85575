// One syscall as the tracer sees it from entry to exit: the raw registers, the table row,
// and the decoded argument and result tokens. Each tracee owns one Record and reuses it for
// every syscall, so decoding allocates nothing once the buffers have grown.
#pragma once

#include <array>
#include <cstdint>
#include <ctime>
#include <string>
#include <vector>

#include "arch/x86_64.h"
#include "decode/value.h"
#include "stack/stack_trace.h"
#include "table/syscall_desc.h"

namespace cxtrace::decode {

// One part of a -e read=/-e write= dump: bytes to show in hex and ASCII, or a header naming the
// buffer (readv's `* 3 bytes in buffer 0`) or the message (recvmmsg's `= 2 buffers in vector 0`)
// the bytes after it came from.
struct DumpPiece {
  enum class Kind : uint8_t { data, buffer, vector } kind;
  uint64_t count;   // buffer: its byte count; vector: its buffer count
  uint64_t index;   // buffer, vector: its number
  uint32_t off;     // data: where its bytes start in Record::dump_bytes
  uint32_t len;     // data: how many
};

struct Record {
  arch::RawSyscall raw;
  const table::SyscallDesc* desc = nullptr;  // nullptr: unknown number, printed syscall_0x…

  int64_t rval = 0;
  bool has_exit = false;  // false while in the syscall, and when the tracee died inside it
  bool is_error = false;  // rval is -errno
  bool raw_result = false; // -e raw: the result in hex too
  bool ret_hex = false;    // this call's result prints in hex (fcntl F_GETFL: `= 0x8002`)
  std::string ret_comm;    // -Y: the command name of the process a pid result names
  bool ret_is_fd = false;  // the result is a descriptor though the table says int (F_DUPFD)
  // With -y/-yy, the token showing the result as a descriptor (`= 3</etc/passwd>`); the
  // decoration tokens end before it. UINT32_MAX: the result is shown as a number.
  uint32_t ret_fd = UINT32_MAX;
  bool injected = false;   // the result is cxtrace's, not the kernel's: ` (INJECTED)`
  bool delayed = false;    // delay_enter= or delay_exit= held the thread: ` (DELAYED)`

  Values vals;
  // Arguments shown: argument i is tokens [arg_begin[i], arg_begin[i + 1]).
  std::array<uint32_t, 7> arg_begin{};
  uint8_t nargs = 0;
  uint8_t entry_args = 0;   // how many were decoded at entry (the rest at exit)
  uint8_t total_args = 0;   // how many the line shows in all (decides the ", " after entry)
  uint32_t ret_begin = 0;   // tokens after the return value (` (flags O_RDWR)`), at exit
  // The decoration follows -X like the arguments (`(flags 0x1)` under -X raw), as strace's
  // decorations built with its flag printers do; the others stay named in every style.
  bool ret_styled = false;
  // ... and -X raw shows no decoration at all (strace's ioprio_get).
  bool ret_raw_hidden = false;
  // An argument that continues the one before it with what the kernel wrote back
  // (clone3's `{...} => {parent_tid=[42]}`): no ", " between the two. 0: none.
  uint8_t joined_arg = 0;
  // The ", " before the first argument shown at exit is printed at exit, as strace's clone and
  // ioctl TCGETS do: `clone(child_stack=NULL, flags=… <unfinished ...>`, then
  // `<... clone resumed>, child_tidptr=0x7f…) = 42`.
  bool exit_sep = false;
  // For in/out pointer arguments: the first 8 bytes they pointed to at entry (`[16 => 110]`).
  std::array<uint64_t, 6> saved{};
  std::array<bool, 6> saved_ok{};

  // The syscall that last ended with ERESTART_RESTARTBLOCK: what restart_syscall resumes.
  // Kept across reset(), it belongs to the thread rather than to one call.
  uint64_t restart_nr = UINT64_MAX;

  // -e read=/-e write=: what the call moved, shown after its line.
  std::vector<DumpPiece> dump;
  std::string dump_bytes;

  timespec entry_time{};
  timespec exit_time{};

  // -k: the thread's user-space stack at this call, taken at entry or exit (see
  // stack/stack_trace.h); empty and not `taken` without -k. Sinks show it with the call.
  stack::StackTrace stack;

  void reset(const arch::RawSyscall& r, const table::SyscallDesc* d) {
    raw = r;
    desc = d;
    rval = 0;
    has_exit = false;
    is_error = false;
    ret_hex = false;
    ret_comm.clear();
    ret_is_fd = false;
    ret_fd = UINT32_MAX;
    injected = false;
    delayed = false;
    vals.clear();
    dump.clear();
    dump_bytes.clear();
    nargs = 0;
    entry_args = 0;
    total_args = 0;
    ret_begin = 0;
    ret_styled = false;
    ret_raw_hidden = false;
    joined_arg = 0;
    exit_sep = false;
    saved_ok = {};
    stack.clear();
  }
  // Marks the start of the next argument's tokens.
  void begin_arg() { arg_begin[nargs] = static_cast<uint32_t>(vals.size()); }
  // Marks the end of the argument begun last.
  void end_arg() {
    ++nargs;
    arg_begin[nargs] = static_cast<uint32_t>(vals.size());
  }
  int err() const { return is_error ? static_cast<int>(-rval) : 0; }
};

}  // namespace cxtrace::decode
