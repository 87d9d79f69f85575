#include "mem/memory_reader.h"

#include <fcntl.h>
#include <sys/uio.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace cxtrace::mem {

namespace {
constexpr uint64_t kPage = 4096;
}

bool MemoryReader::read_cstring(uint64_t addr, size_t max, std::string& out, bool& terminated) {
  terminated = false;
  char chunk[kPage];
  size_t total = 0;
  while (total < max) {
    // Stay within one page per read so an unmapped next page cannot fail the whole read.
    size_t want = kPage - (addr % kPage);
    if (want > max - total) {
      want = max - total;
    }
    size_t got = read(addr, chunk, want);
    const void* nul = std::memchr(chunk, 0, got);
    if (nul != nullptr) {
      size_t n = static_cast<const char*>(nul) - chunk;
      out.append(chunk, n);
      terminated = true;
      return true;
    }
    out.append(chunk, got);
    total += got;
    addr += got;
    if (got < want) {
      return false;  // unreadable before the NUL and before `max` bytes
    }
  }
  return true;
}

ProcessMemory::~ProcessMemory() {
  if (mem_fd_ >= 0) {
    close(mem_fd_);
  }
}

void ProcessMemory::reset(trace::Pid pid) {
  pid_ = pid;
  if (mem_fd_ >= 0) {
    close(mem_fd_);
    mem_fd_ = -1;
  }
}

size_t ProcessMemory::read(uint64_t addr, void* out, size_t len) {
  if (len == 0) {
    return 0;
  }
  if (vm_readv_works_) {
    iovec local{out, len};
    iovec remote{reinterpret_cast<void*>(addr), len};
    ssize_t n = process_vm_readv(pid_.value, &local, 1, &remote, 1, 0);
    if (n >= 0) {
      return static_cast<size_t>(n);
    }
    if (errno != ENOSYS && errno != EPERM) {
      return 0;  // EFAULT and friends: the memory is not there.
    }
    vm_readv_works_ = false;
  }
  return read_proc_mem(addr, out, len);
}

size_t ProcessMemory::read_proc_mem(uint64_t addr, void* out, size_t len) {
  if (mem_fd_ < 0) {
    std::string path = "/proc/" + std::to_string(pid_.value) + "/mem";
    mem_fd_ = open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (mem_fd_ < 0) {
      return 0;
    }
  }
  ssize_t n = pread(mem_fd_, out, len, static_cast<off_t>(addr));
  return n > 0 ? static_cast<size_t>(n) : 0;
}

}  // namespace cxtrace::mem
