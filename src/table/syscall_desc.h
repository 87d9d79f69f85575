// What cxtrace knows about one system call: its name, number, classes (the %sets of
// `-e trace=`), return type and typed argument list. The rows are generated at build time
// from syscalls/*.tbl (see syscalls/README.md); this header holds only their shape.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string_view>

#include "syscalls_gen.h"  // generated: enum ArgType, enum RetType, enum Special, kMaxSyscallNr
#include "table/num_fmt.h"

namespace cxtrace::table {

// Bit set of the classes strace's `-e trace=%name` accepts.
enum Class : uint32_t {
  kFile = 1u << 0,
  kDesc = 1u << 1,
  kNetwork = 1u << 2,
  kProcess = 1u << 3,
  kSignal = 1u << 4,
  kIpc = 1u << 5,
  kMemory = 1u << 6,
  kCreds = 1u << 7,
  kClock = 1u << 8,
  kStat = 1u << 9,       // %stat: stat-family calls on a path
  kLstat = 1u << 10,     // %lstat
  kFstat = 1u << 11,     // %fstat
  kStatLike = 1u << 12,  // %%stat: every call of the stat family (stat, fstat, statx …)
  kStatfs = 1u << 13,    // %statfs
  kFstatfs = 1u << 14,   // %fstatfs
  kStatfsLike = 1u << 15,  // %%statfs: every call of the statfs family
  kPure = 1u << 16,      // %pure: no arguments, always succeed (getpid, …)
};

// When an argument is decoded: at syscall entry (in), at exit (out), or both (inout: the
// value the kernel reads, then what it wrote back).
enum class Dir : uint8_t { in, out, inout };

// A symbolic value: one row of a flag or enum table (syscalls/xlat/*.tbl).
struct XlatEntry {
  uint64_t value;
  std::string_view name;
};

// A flag or enum table. `entries` keep the row order of the .tbl file, which is the order
// strace prints flags in. For flag sets, a zero-valued row names the value printed when no
// bit is set (O_RDONLY). `fmt` is how -X raw/verbose print its values (`#format`).
struct Xlat {
  std::string_view name;
  bool is_flags;
  std::span<const XlatEntry> entries;
  NumFmt fmt = NumFmt::hex;
};

// Where an argument's length comes from: another argument (0-based index), the return
// value, or nowhere.
inline constexpr int8_t kLenNone = -1;
inline constexpr int8_t kLenRet = -2;

struct ArgDesc {
  std::string_view name;   // parameter name from the man page: "pathname"
  std::string_view ctype;  // C type for --syscalls and --arg-types: "const char *"
  ArgType type;            // which decoder renders it
  Dir dir;
  int8_t len;              // kLenNone, kLenRet, or index of the argument holding the length
  const Xlat* xlat;        // flag/enum table for flags(...) and enum(...) types, else nullptr
};

struct SyscallDesc {
  std::string_view name;   // empty for holes in the number space
  int nr;
  std::string_view ret_ctype;
  RetType ret;
  uint32_t classes;        // bit set of Class
  uint8_t nargs;
  Special special;         // Special::none, or the hand-written decoder for irregular calls
  std::array<ArgDesc, 6> args;
};

}  // namespace cxtrace::table
