// An address in the tracee's memory. It is never dereferenced here: it only travels to a
// MemoryReader. The type parameter says what lives there, so a `RemotePtr<struct stat>`
// cannot be read as a string by mistake.
#pragma once

#include <cstdint>

namespace cxtrace::mem {

template <typename T>
class RemotePtr {
 public:
  constexpr RemotePtr() = default;
  constexpr explicit RemotePtr(uint64_t addr) : addr_(addr) {}

  constexpr uint64_t addr() const { return addr_; }
  constexpr bool is_null() const { return addr_ == 0; }
  constexpr RemotePtr operator+(uint64_t n) const { return RemotePtr(addr_ + n * sizeof(T)); }

 private:
  uint64_t addr_ = 0;
};

template <>
class RemotePtr<void> {
 public:
  constexpr RemotePtr() = default;
  constexpr explicit RemotePtr(uint64_t addr) : addr_(addr) {}
  constexpr uint64_t addr() const { return addr_; }
  constexpr bool is_null() const { return addr_ == 0; }

 private:
  uint64_t addr_ = 0;
};

}  // namespace cxtrace::mem
