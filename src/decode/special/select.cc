// select: the descriptor sets are shown at entry as `[3 4]`; at exit the result says which
// were ready and how much of the timeout is left: `= 1 (in [3], left {tv_sec=0,
// tv_usec=999})`, or `= 0 (Timeout)`. pselect6 and ppoll use the helpers too (select.h).
#include "decode/special/select.h"

#include <sys/time.h>

#include <algorithm>
#include <vector>

#include <fmt/format.h>

#include "decode/special.h"
#include "decode/special/common.h"

namespace cxtrace::decode {

namespace special {

namespace {

// The kernel takes nfds as an int and refuses a negative one; a huge one is capped so that a
// bogus call does not make us read megabytes.
constexpr int64_t kMaxFds = 1024 * 1024;

size_t fdset_bytes(int64_t nfds) {
  int64_t n = std::clamp<int64_t>(nfds, 0, kMaxFds);
  return static_cast<size_t>(((n + 7) / 8 + 7) & ~int64_t{7});
}

bool is_set(const std::vector<uint8_t>& bits, int64_t fd) {
  return (bits[static_cast<size_t>(fd / 8)] >> (fd % 8) & 1) != 0;
}

}  // namespace

void put_fdset(CallCtx& c, uint64_t addr, int64_t nfds) {
  size_t size = fdset_bytes(nfds);
  if (size == 0) {
    c.out().ptr(addr);
    return;
  }
  std::vector<uint8_t> bits(size);
  if (!fetch_bytes(c, addr, bits.data(), size)) {
    return;
  }
  std::string& pool = c.out().pool();
  size_t off = pool.size();
  pool += '[';
  for (int64_t fd = 0; fd < std::min(nfds, kMaxFds); ++fd) {
    if (is_set(bits, fd)) {
      fmt::format_to(std::back_inserter(pool), "{}{}", pool.size() == off + 1 ? "" : " ", fd);
    }
  }
  pool += ']';
  c.out().text_pooled(off);
}

void append_time_left(CallCtx& c, uint64_t addr, bool nanos, std::string& text) {
  timespec ts{};
  if (c.terse() || c.mem.read(addr, &ts, sizeof ts) != sizeof ts) {
    fmt::format_to(std::back_inserter(text), "left {:#x}", addr);
    return;
  }
  fmt::format_to(std::back_inserter(text), "left {{tv_sec={}, {}={}}}", ts.tv_sec,
                 nanos ? "tv_nsec" : "tv_usec", ts.tv_nsec);
}

void put_select_result(CallCtx& c, int64_t nfds, uint64_t timeout, bool nanos) {
  if (c.rec.is_error) {
    return;
  }
  begin_ret(c);
  if (c.rec.rval == 0) {
    c.out().text("Timeout");
    return;
  }
  static constexpr const char* kNames[] = {"in", "out", "except"};
  std::string& pool = c.out().pool();
  size_t off = pool.size();
  int64_t ready = c.rec.rval;
  size_t size = fdset_bytes(nfds);
  std::vector<uint8_t> bits(size);
  for (int i = 0; i < 3 && ready > 0 && size > 0; ++i) {
    uint64_t addr = c.arg(i + 1);
    if (addr == 0 || c.mem.read(addr, bits.data(), size) != size) {
      continue;
    }
    bool first = true;
    for (int64_t fd = 0; fd < std::min(nfds, kMaxFds) && ready > 0; ++fd) {
      if (!is_set(bits, fd)) {
        continue;
      }
      if (first) {
        fmt::format_to(std::back_inserter(pool), "{}{} [{}", pool.size() == off ? "" : ", ",
                       kNames[i], fd);
        first = false;
      } else {
        fmt::format_to(std::back_inserter(pool), " {}", fd);
      }
      --ready;
    }
    if (!first) {
      pool += ']';
    }
  }
  if (timeout != 0) {
    if (pool.size() != off) {
      pool += ", ";
    }
    append_time_left(c, timeout, nanos, pool);
  }
  c.out().text_pooled(off);
}

}  // namespace special

namespace {

constexpr int kNfds = 0, kTimeout = 4;

void entry(CallCtx& c) {
  auto nfds = static_cast<int32_t>(c.arg(kNfds));
  special::arg(c, [&](Values& out) { out.int_(nfds); });
  for (int i = 1; i <= 3; ++i) {
    special::arg(c, [&](Values&) { special::put_fdset(c, c.arg(i), nfds); });
  }
  generic_arg(c, kTimeout);
  special::entry_all(c);
}

void exit(CallCtx& c) {
  special::put_select_result(c, static_cast<int32_t>(c.arg(kNfds)), c.arg(kTimeout), false);
}

}  // namespace

extern const SpecialDecoder special_select = {entry, exit};

}  // namespace cxtrace::decode
