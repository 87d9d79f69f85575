#include "output/syscall_list.h"

#include <algorithm>
#include <vector>

#include <fmt/core.h>

#include "table/syscall_table.h"

namespace cxtrace::output {

namespace {

constexpr std::string_view kClassNames[] = {
    "file",      "desc",  "network", "process", "signal", "ipc",   "memory",  "creds", "clock",
    "stat",      "lstat", "fstat",   "%stat",   "statfs", "fstatfs", "%statfs", "pure",
};

void append_decl(std::string& out, std::string_view ctype, std::string_view name) {
  out += ctype;
  if (!ctype.empty() && ctype.back() != '*') {
    out += ' ';
  }
  out += name;
}

}  // namespace

std::string_view class_name(unsigned bit) {
  return bit < std::size(kClassNames) ? kClassNames[bit] : std::string_view();
}

std::string class_names(uint32_t classes) {
  std::string out;
  for (size_t bit = 0; bit < std::size(kClassNames); ++bit) {
    if (classes & (1u << bit)) {
      if (!out.empty()) {
        out += ',';
      }
      out += kClassNames[bit];
    }
  }
  return out.empty() ? "-" : out;
}

void print_syscall_list(const filter::SyscallSet& selected, std::FILE* out) {
  for (const table::SyscallDesc& d : table::all_syscalls()) {
    if (d.name.empty() || !selected.contains(static_cast<uint64_t>(d.nr))) {
      continue;
    }
    std::string sig;
    append_decl(sig, d.ret_ctype, d.name);
    sig += '(';
    for (int i = 0; i < d.nargs; ++i) {
      if (i > 0) {
        sig += ", ";
      }
      append_decl(sig, d.args[i].ctype, d.args[i].name);
    }
    if (d.nargs == 0) {
      sig += "void";
    }
    sig += ')';
    fmt::print(out, "{:>3} {:<24} {:<28} {}\n", d.nr, d.name, class_names(d.classes), sig);
  }
}

void print_syscall_names(const filter::SyscallSet& selected, std::FILE* out) {
  std::vector<std::string_view> names;
  for (uint64_t nr : selected.numbers()) {
    names.push_back(table::all_syscalls()[nr].name);
  }
  std::sort(names.begin(), names.end());
  for (std::string_view n : names) {
    fmt::print(out, "{}\n", n);
  }
}

void print_class_names(std::FILE* out) {
  for (std::string_view c : table::class_spellings()) {
    fmt::print(out, "%{}\n", c);
  }
}

}  // namespace cxtrace::output
