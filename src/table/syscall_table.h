// Lookups over the generated syscall table: by number (the hot path, an array index), by
// name, by class. Numbers the table does not know still get a descriptor-less path: callers
// print them as syscall_0x1c1(...).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "table/syscall_desc.h"

namespace cxtrace::table {

// Every slot from 0 to kMaxSyscallNr; holes have an empty name.
std::span<const SyscallDesc> all_syscalls();

// nullptr for numbers outside the table or holes in it.
const SyscallDesc* by_number(uint64_t nr);

// nullptr when no syscall has that name.
const SyscallDesc* by_name(std::string_view name);

// The flag or enum table called `name` (the file name under syscalls/xlat/), or nullptr.
const Xlat* xlat_by_name(std::string_view name);

// The Class bit for a class name as `-e trace=%NAME` spells it (without the %), if any.
std::optional<uint32_t> class_by_name(std::string_view name);

// Every class name `-e trace=%NAME` accepts, as a user spells it (without the first %), in
// the table's order: file, desc, network, net, ..., %stat, ..., pure.
std::vector<std::string_view> class_spellings();

}  // namespace cxtrace::table
