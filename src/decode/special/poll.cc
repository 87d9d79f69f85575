// poll, ppoll: every argument is shown at entry; after the result come the entries the kernel
// marked (`= 1 ([{fd=3, revents=POLLIN}])`), for ppoll the time left of its timeout
// (`, left {tv_sec=0, tv_nsec=999}`), or `(Timeout)` when nothing was ready.
#include <poll.h>

#include "decode/io.h"
#include "decode/special.h"
#include "decode/special/common.h"
#include "decode/special/select.h"

namespace cxtrace::decode {

namespace {

constexpr int kFds = 0, kNfds = 1, kTimeout = 2;

bool is_ppoll(const CallCtx& c) { return c.rec.desc->nargs == 5; }

void entry(CallCtx& c) {
  for (int i = 0; i < c.rec.desc->nargs; ++i) {
    generic_arg(c, i);
  }
  special::entry_all(c);
}

// `[{fd=3, revents=POLLIN}, …]`: the entries with revents set.
void put_revents(CallCtx& c) {
  if (c.terse()) {
    return;
  }
  Values& out = c.out();
  bool any = false;
  uint64_t addr = c.arg(kFds);
  uint64_t nfds = c.arg(kNfds);
  for (uint64_t i = 0; i < nfds; ++i, addr += sizeof(pollfd)) {
    pollfd p{};
    if (c.mem.read(addr, &p, sizeof p) != sizeof p) {
      break;
    }
    if (p.revents == 0) {
      continue;
    }
    if (!any) {
      out.array_begin();
      any = true;
    }
    out.struct_begin();
    out.field("fd");
    special::put_fd(out, p.fd);
    out.field("revents");
    special::put_flags(out, table::xlat::poll_events, static_cast<uint16_t>(p.revents), "POLL???");
    out.struct_end();
  }
  if (any) {
    out.array_end();
  }
}

void exit(CallCtx& c) {
  if (c.rec.is_error) {
    return;
  }
  special::begin_styled_ret(c);
  if (c.rec.rval == 0) {
    c.out().text("Timeout");
    return;
  }
  put_revents(c);
  if (is_ppoll(c) && c.arg(kTimeout) != 0) {
    std::string& pool = c.out().pool();
    size_t off = pool.size();
    pool += ", ";
    special::append_time_left(c, c.arg(kTimeout), true, pool);
    c.out().text_pooled(off);
  }
}

}  // namespace

extern const SpecialDecoder special_poll = {entry, exit};

}  // namespace cxtrace::decode
