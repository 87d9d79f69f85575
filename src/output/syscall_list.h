// `cxtrace --syscalls`: every syscall cxtrace knows, one per line, by number — number, name,
// classes and a C-like signature, so `cxtrace --syscalls %network` answers "what does
// --socketcall cover".
#pragma once

#include <cstdio>
#include <string>
#include <string_view>

#include "filter/syscall_set.h"

namespace cxtrace::output {

// The line for one syscall: `  0 read  desc  ssize_t read(int fd, void *buf, size_t count)`.
void print_syscall_list(const filter::SyscallSet& selected, std::FILE* out);

// `cxtrace --syscalls --names`: the names of the selected syscalls, one a line, sorted by
// name; what shell completions offer after `-e trace=`.
void print_syscall_names(const filter::SyscallSet& selected, std::FILE* out);

// `cxtrace --syscalls --classes`: every %class `-e trace=` accepts, one a line, with its %.
void print_class_names(std::FILE* out);

// The name of one class bit (`-e trace=%NAME` without the %), or empty for an unused bit.
std::string_view class_name(unsigned bit);

// The class names of a bit set, comma-joined ("desc,file"), or "-".
std::string class_names(uint32_t classes);

}  // namespace cxtrace::output
