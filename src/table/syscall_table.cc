// Lookups over the tables that syscalls/gen_tables.py generates. The generator also emits the
// name-sorted indexes, so nothing here is built at run time: by_number is an array index,
// by_name and xlat_by_name are binary searches over constant arrays.
#include "table/syscall_table.h"

#include <algorithm>
#include <array>

namespace cxtrace::table {

namespace {

struct ClassName {
  std::string_view name;
  uint32_t bit;
};

// `-e trace=%NAME` spellings (%net is strace's short form of %network). strace writes the
// "like" sets with a doubled percent sign (%%stat, %%statfs), which reaches us as "%stat" once
// the first one is stripped.
constexpr std::array<ClassName, 20> kClassNames = {{
    {"file", kFile},
    {"desc", kDesc},
    {"network", kNetwork},
    {"net", kNetwork},
    {"process", kProcess},
    {"signal", kSignal},
    {"ipc", kIpc},
    {"memory", kMemory},
    {"creds", kCreds},
    {"clock", kClock},
    {"stat", kStat},
    {"lstat", kLstat},
    {"fstat", kFstat},
    {"%stat", kStatLike},
    {"stat_like", kStatLike},
    {"statfs", kStatfs},
    {"fstatfs", kFstatfs},
    {"%statfs", kStatfsLike},
    {"statfs_like", kStatfsLike},
    {"pure", kPure},
}};

}  // namespace

std::span<const SyscallDesc> all_syscalls() { return kSyscallTable; }

const SyscallDesc* by_number(uint64_t nr) {
  if (nr > static_cast<uint64_t>(kMaxSyscallNr)) {
    return nullptr;
  }
  const SyscallDesc& desc = kSyscallTable[nr];
  return desc.name.empty() ? nullptr : &desc;
}

const SyscallDesc* by_name(std::string_view name) {
  auto it = std::lower_bound(
      kSyscallsByName.begin(), kSyscallsByName.end(), name,
      [](uint16_t nr, std::string_view key) { return kSyscallTable[nr].name < key; });
  if (it == kSyscallsByName.end() || kSyscallTable[*it].name != name) {
    return nullptr;
  }
  return &kSyscallTable[*it];
}

const Xlat* xlat_by_name(std::string_view name) {
  auto it = std::lower_bound(kXlatsByName.begin(), kXlatsByName.end(), name,
                             [](const Xlat* x, std::string_view key) { return x->name < key; });
  if (it == kXlatsByName.end() || (*it)->name != name) {
    return nullptr;
  }
  return *it;
}

std::optional<uint32_t> class_by_name(std::string_view name) {
  for (const ClassName& c : kClassNames) {
    if (c.name == name) {
      return c.bit;
    }
  }
  return std::nullopt;
}

std::vector<std::string_view> class_spellings() {
  std::vector<std::string_view> out;
  for (const ClassName& c : kClassNames) {
    // stat_like and statfs_like are the inner names of %%stat and %%statfs.
    if (!c.name.ends_with("_like")) {
      out.push_back(c.name);
    }
  }
  return out;
}

}  // namespace cxtrace::table
