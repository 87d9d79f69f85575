// A tracee's memory made of bytes a test chooses: one readable range at `base`, nothing
// anywhere else. Reads behave as process_vm_readv does on a real tracee: a range that runs off
// the end is read up to the end (a short count), a range that starts outside is not read at
// all. Tests and fuzzers hand this to decoders to show structures cut short, strings without
// a NUL and pointers into nowhere. It also keeps the largest single request it was asked for,
// so a test can check that a huge count never became a huge buffer.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "mem/memory_reader.h"

namespace cxtrace::testing {

class FakeMemory final : public mem::MemoryReader {
 public:
  FakeMemory(uint64_t base, std::string_view bytes) : base_(base), bytes_(bytes) {}

  size_t read(uint64_t addr, void* out, size_t len) override {
    largest_request_ = len > largest_request_ ? len : largest_request_;
    ++reads_;
    if (addr < base_ || addr - base_ >= bytes_.size()) {
      return 0;
    }
    size_t off = static_cast<size_t>(addr - base_);
    size_t n = len < bytes_.size() - off ? len : bytes_.size() - off;
    std::memcpy(out, bytes_.data() + off, n);
    return n;
  }

  uint64_t base() const { return base_; }
  // The address of byte `off` of the readable range.
  uint64_t at(size_t off) const { return base_ + off; }
  size_t largest_request() const { return largest_request_; }
  size_t reads() const { return reads_; }

 private:
  uint64_t base_;
  std::string bytes_;
  size_t largest_request_ = 0;
  size_t reads_ = 0;
};

}  // namespace cxtrace::testing
