// Fuzz target: strace's syscall lists, as -e trace=, -e raw=, -e verbose=, --syscalls and the
// NAME of a --filter pattern take them: names, !negation, %class, /regex, ?name, all, none.
// The first byte picks the parser; the rest is the expression. A set must hold only numbers
// the table knows.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "filter/syscall_set.h"
#include "fuzz_input.h"
#include "table/syscall_table.h"

using namespace cxtrace;

namespace {

void check(const filter::SyscallSet& s) {
  for (uint64_t nr : s.numbers()) {
    if (table::by_number(nr) == nullptr) {
      std::abort();  // a number the table does not know
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > fuzz::kMaxText) {
    return 0;
  }
  auto [which, expr] = fuzz::choice(data, size);
  std::string error;
  switch (which % 4) {
    case 0:
      if (auto s = filter::parse_syscall_list(expr, error)) {
        check(*s);
      }
      break;
    case 1:
      if (auto s = filter::parse_syscall_token(expr, which & 4, error)) {
        check(*s);
      }
      break;
    case 2:
      for (std::string_view m : filter::family_of(expr)) {
        if (table::by_name(m) == nullptr && m != expr) {
          std::abort();  // a family member that is no syscall
        }
      }
      break;
    case 3:
      if (expr.size() <= 64) {
        (void)filter::closest_syscall(expr);
      }
      break;
  }
  return 0;
}
