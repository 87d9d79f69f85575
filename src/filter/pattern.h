// `--filter` patterns: a syscall selection plus conditions over its arguments and result
// (pinterest/ptracer's idea, in strace's vocabulary):
//
//   PATTERN := NAME [':' COND {',' COND}]      NAME := syscall (with its family) | %class | /re/
//   COND    := REGEX | KEY '~' REGEX | KEY OP VALUE | KEY '&' FLAG
//   KEY     := argN | parameter name | ret | errno          OP := = != < <= > >=
//
// Every pattern is parsed and its regexes compiled once, before the program starts; RE2
// keeps matching linear in the input whatever the user wrote.
#pragma once

#include <re2/re2.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "decode/record.h"
#include "filter/syscall_set.h"
#include "output/text_format.h"

namespace cxtrace::filter {

struct Condition {
  enum class Kind { any_string, text_regex, compare, flag_set } kind = Kind::any_string;
  enum class Key { none, arg_index, param, ret, err } key = Key::none;
  std::string name;  // the parameter name for Key::param
  int index = -1;    // 0-based for Key::arg_index
  enum class Op { eq, ne, lt, le, gt, ge } op = Op::eq;
  int64_t value = 0;
  std::unique_ptr<RE2> re;
};

struct Pattern {
  std::string text;
  SyscallSet names = SyscallSet::none();
  std::vector<Condition> conds;
};

std::optional<Pattern> parse_pattern(std::string_view text, std::string& error);

// Whether the finished call `rec` satisfies every condition of `p` (the name is checked at
// entry, through p.names). `scratch` is reused for rendering argument text.
bool conditions_hold(const Pattern& p, const decode::Record& rec, const output::TextStyle& style,
                     std::string& scratch);

// A symbolic constant as a number: O_CREAT, ENOENT, SIGKILL, AT_FDCWD, or A|B.
std::optional<int64_t> symbol_value(std::string_view name);

}  // namespace cxtrace::filter
