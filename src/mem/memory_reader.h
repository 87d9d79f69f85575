// Reading the tracee's memory. Decoders see only this interface, so unit tests hand them a
// fake with whatever bytes a test needs (cut-short structures, strings without a NUL).
// A failed read is an ordinary result: the caller prints the address instead.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "mem/remote_ptr.h"
#include "trace/pid.h"

namespace cxtrace::mem {

class MemoryReader {
 public:
  virtual ~MemoryReader() = default;

  // Copies up to `len` bytes from `addr`; returns how many were readable (a short count
  // means the range ran into an unmapped page).
  virtual size_t read(uint64_t addr, void* out, size_t len) = 0;

  // Appends to `out` the bytes of the NUL-terminated string at `addr`, at most `max`
  // of them. Returns false if memory ends before both the NUL and `max` bytes (a string
  // shown as its address, as strace does; `out` then holds what was read). `terminated` says
  // whether the NUL was found within `max` bytes.
  bool read_cstring(uint64_t addr, size_t max, std::string& out, bool& terminated);

  // Reads exactly sizeof(T) bytes; false if any is missing.
  template <typename T>
  bool read_struct(RemotePtr<T> p, T& out) {
    return read(p.addr(), &out, sizeof(T)) == sizeof(T);
  }
};

// The real tracee: process_vm_readv, falling back to /proc/PID/mem when it is refused
// (some kernels and security modules forbid it for traced processes).
class ProcessMemory final : public MemoryReader {
 public:
  explicit ProcessMemory(trace::Pid pid) : pid_(pid) {}
  ~ProcessMemory() override;
  ProcessMemory(const ProcessMemory&) = delete;
  ProcessMemory& operator=(const ProcessMemory&) = delete;

  size_t read(uint64_t addr, void* out, size_t len) override;

  // The tracee's address space was replaced (execve) or it got a new pid.
  void reset(trace::Pid pid);

 private:
  size_t read_proc_mem(uint64_t addr, void* out, size_t len);

  trace::Pid pid_;
  int mem_fd_ = -1;
  bool vm_readv_works_ = true;
};

}  // namespace cxtrace::mem
