// mmap: strace's order and forms. The offset is in hex, the fd is shown even for anonymous
// maps (-1), and the flags are the mapping type (MAP_FILE when zero), the other flags, and a
// huge page size as `21<<MAP_HUGE_SHIFT`: `mmap(NULL, 8192, PROT_READ|PROT_WRITE,
// MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7f…`.
#include <sys/mman.h>

#include <fmt/format.h>

#include "decode/special.h"
#include "decode/special/common.h"

namespace cxtrace::decode {

namespace {

constexpr uint64_t kMapType = 0xf;
constexpr unsigned kHugeShift = 26;
constexpr uint64_t kHugeMask = 0x3fULL << kHugeShift;

void put_mmap_flags(Values& out, uint64_t v) {
  out.flags_begin(v);
  uint64_t type = v & kMapType;
  if (type == 0) {
    out.sym("MAP_FILE", 0);
  } else {
    special::put_xval(out, table::xlat::mmap_types, type, "MAP_???");
  }
  uint64_t rest = v & ~kMapType & ~kHugeMask;
  if (rest != 0) {
    uint64_t left = special::put_flag_names(out, table::xlat::mmap_flags, rest);
    if (left != 0) {
      out.hex(left);
    }
  }
  if (uint64_t huge = v & kHugeMask; huge != 0) {
    std::string& pool = out.pool();
    size_t off = pool.size();
    fmt::format_to(std::back_inserter(pool), "{}<<MAP_HUGE_SHIFT", huge >> kHugeShift);
    out.text_pooled(off);
  }
  out.flags_end();
}

void entry(CallCtx& c) {
  using special::arg;
  arg(c, [&](Values& out) { out.ptr(c.arg(0)); });
  arg(c, [&](Values& out) { out.uint_(c.arg(1)); });
  arg(c, [&](Values& out) { special::put_flags(out, table::xlat::mmap_prot, c.arg(2), "PROT_???"); });
  arg(c, [&](Values& out) { put_mmap_flags(out, c.arg(3)); });
  generic_arg(c, 4);  // the fd, with its path under -y
  arg(c, [&](Values& out) { out.hex(c.arg(5)); });
  special::entry_all(c);
}

}  // namespace

extern const SpecialDecoder special_mmap = {entry, special::no_exit};

}  // namespace cxtrace::decode
