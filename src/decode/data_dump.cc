#include "decode/data_dump.h"

#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/uio.h>

#include <algorithm>
#include <vector>

namespace cxtrace::decode {

namespace {

// The kernel takes at most UIO_MAXIOV buffers; more than that is a failed
// call's garbage.
constexpr uint64_t kMaxIov = 1024;
// A dump holds at most this much (the pool offsets are 32-bit).
constexpr uint64_t kMaxDump = uint64_t{1} << 31;

class Collector {
public:
  Collector(Record &rec, mem::MemoryReader &mem) : rec_(rec), mem_(mem) {}

  // `len` bytes at `addr`; nothing when any of them is unreadable.
  void bytes(uint64_t addr, uint64_t len) {
    if (len == 0 || addr == 0 || rec_.dump_bytes.size() + len > kMaxDump) {
      return;
    }
    // In chunks: the count is the tracee's, so the buffer grows only as far as
    // its memory is readable.
    constexpr uint64_t kChunk = 64 * 1024;
    std::string &b = rec_.dump_bytes;
    size_t off = b.size();
    for (uint64_t done = 0; done < len;) {
      uint64_t want = std::min(kChunk, len - done);
      b.resize(off + done + want);
      if (mem_.read(addr + done, b.data() + off + done, want) != want) {
        b.resize(off);
        return;
      }
      done += want;
    }
    rec_.dump.push_back({DumpPiece::Kind::data, 0, 0,
                         static_cast<uint32_t>(off),
                         static_cast<uint32_t>(len)});
  }

  // The buffers of an iovec array, `limit` bytes in all; an empty buffer ends
  // the dump.
  void iov(uint64_t addr, uint64_t count, uint64_t limit) {
    if (addr == 0 || count == 0) {
      return;
    }
    count = std::min(count, kMaxIov);
    std::vector<iovec> v(count);
    if (mem_.read(addr, v.data(), count * sizeof(iovec)) !=
        count * sizeof(iovec)) {
      return;
    }
    for (uint64_t i = 0; i < count; ++i) {
      uint64_t len = std::min<uint64_t>(v[i].iov_len, limit);
      if (len == 0) {
        break;
      }
      limit -= len;
      rec_.dump.push_back({DumpPiece::Kind::buffer, len, i, 0, 0});
      bytes(reinterpret_cast<uint64_t>(v[i].iov_base), len);
    }
  }

  void msghdr_iov(uint64_t addr, uint64_t limit) {
    struct msghdr m {};
    if (addr != 0 && mem_.read(addr, &m, sizeof m) == sizeof m) {
      iov(reinterpret_cast<uint64_t>(m.msg_iov), m.msg_iovlen, limit);
    }
  }

  // sendmmsg/recvmmsg: each message the call handled, its buffers up to its
  // msg_len.
  void mmsghdr_iov(uint64_t addr, uint64_t count) {
    for (uint64_t i = 0; i < count; ++i, addr += sizeof(mmsghdr)) {
      mmsghdr m{};
      if (mem_.read(addr, &m, sizeof m) != sizeof m) {
        break;
      }
      rec_.dump.push_back(
          {DumpPiece::Kind::vector, m.msg_hdr.msg_iovlen, i, 0, 0});
      iov(reinterpret_cast<uint64_t>(m.msg_hdr.msg_iov), m.msg_hdr.msg_iovlen,
          m.msg_len);
    }
  }

private:
  Record &rec_;
  mem::MemoryReader &mem_;
};

} // namespace

void collect_dump(Record &rec, mem::MemoryReader &mem,
                  const DecodeOptions &opts) {
  if (rec.desc == nullptr) {
    return;
  }
  auto fd = static_cast<int32_t>(rec.raw.args[0]);
  const auto &a = rec.raw.args;
  Collector c(rec, mem);
  constexpr uint64_t kAll = UINT64_MAX;
  if (opts.write_fds.contains(fd)) {
    switch (rec.raw.nr) {
    case SYS_write:
    case SYS_pwrite64:
    case SYS_sendto:
    case SYS_mq_timedsend:
      c.bytes(a[1], a[2]);
      return;
    case SYS_writev:
    case SYS_pwritev:
    case SYS_pwritev2:
    case SYS_vmsplice:
      c.iov(a[1], a[2], kAll);
      return;
    case SYS_sendmsg:
      c.msghdr_iov(a[1], kAll);
      return;
    case SYS_sendmmsg:
      if (!rec.is_error) {
        c.mmsghdr_iov(a[1], static_cast<uint64_t>(rec.rval));
      }
      return;
    default:
      break;
    }
  }
  if (rec.is_error || !opts.read_fds.contains(fd)) {
    return;
  }
  auto n = static_cast<uint64_t>(rec.rval);
  switch (rec.raw.nr) {
  case SYS_read:
  case SYS_pread64:
  case SYS_recvfrom:
  case SYS_mq_timedreceive:
    c.bytes(a[1], n);
    return;
  case SYS_readv:
  case SYS_preadv:
  case SYS_preadv2:
    c.iov(a[1], a[2], n);
    return;
  case SYS_recvmsg:
    c.msghdr_iov(a[1], n);
    return;
  case SYS_recvmmsg:
    c.mmsghdr_iov(a[1], n);
    return;
  default:
    return;
  }
}

} // namespace cxtrace::decode
