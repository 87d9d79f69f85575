// A set of syscall numbers: what `-e trace=`, `--filename`, `--socketcall` and the names in
// `--filter` patterns select. A bit per number, so the entry verdict is one lookup.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cxtrace::filter {

class SyscallSet {
 public:
  static SyscallSet all();
  static SyscallSet none();

  bool contains(uint64_t nr) const { return nr < bits_.size() ? bits_[nr] != 0 : unknown_; }
  void add(uint64_t nr) {
    if (nr < bits_.size()) {
      bits_[nr] = 1;
    }
  }
  void add(const SyscallSet& other);
  void intersect(const SyscallSet& other);
  void invert();
  bool empty() const;
  // Numbers the table does not know. strace 6.1 traces them whatever the set says.
  bool unknown() const { return unknown_; }
  std::vector<uint64_t> numbers() const;

 private:
  std::vector<uint8_t> bits_;
  bool unknown_ = true;
};

// Parses strace's syscall list: `open,close`, `!open`, `%file`, `/regex`, `?name`, `all`,
// `none`. Errors name the bad token and suggest the closest syscall name.
std::optional<SyscallSet> parse_syscall_list(std::string_view expr, std::string& error);

// One token of such a list, or of a --filter pattern's NAME: a syscall name (with its
// family when `families` is set), `%class` or `/regex/`.
std::optional<SyscallSet> parse_syscall_token(std::string_view token, bool families,
                                              std::string& error);

// The syscalls that take a path argument (--filename).
SyscallSet syscalls_with_paths();

// The closest known syscall name, for "did you mean".
std::string closest_syscall(std::string_view name);

// The members of a name's family (open → open, openat, openat2), or just the name.
std::vector<std::string_view> family_of(std::string_view name);

}  // namespace cxtrace::filter
