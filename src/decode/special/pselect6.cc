// pselect6: select with a timespec and a sixth argument that points at a {sigset, size}
// pair: `pselect6(7, [3], NULL, NULL, {tv_sec=1, tv_nsec=0}, {sigmask=[USR1],
// sigsetsize=8}) = 1 (in [3], left {tv_sec=0, tv_nsec=999999039})`.
#include "decode/special.h"
#include "decode/special/common.h"
#include "decode/special/select.h"

namespace cxtrace::decode {

namespace {

constexpr int kNfds = 0, kTimeout = 4, kSigmask = 5;
// The kernel's sigset is 8 bytes on x86_64; any other size is refused and shown as an address.
constexpr uint64_t kSigsetBytes = 8;

struct SigmaskArg {
  uint64_t ss;
  uint64_t ss_len;
};

void put_sigmask_arg(CallCtx& c) {
  SigmaskArg arg{};
  if (!special::fetch(c, c.arg(kSigmask), arg)) {
    return;
  }
  Values& out = c.out();
  out.struct_begin();
  out.field("sigmask");
  uint64_t mask = 0;
  if (arg.ss != 0 && arg.ss_len != kSigsetBytes) {
    out.ptr(arg.ss);
  } else if (special::fetch(c, arg.ss, mask)) {
    special::put_sigmask(out, &mask, sizeof mask);
  }
  out.field("sigsetsize");
  out.uint_(arg.ss_len);
  out.struct_end();
}

void entry(CallCtx& c) {
  auto nfds = static_cast<int32_t>(c.arg(kNfds));
  special::arg(c, [&](Values& out) { out.int_(nfds); });
  for (int i = 1; i <= 3; ++i) {
    special::arg(c, [&](Values&) { special::put_fdset(c, c.arg(i), nfds); });
  }
  generic_arg(c, kTimeout);
  special::arg(c, [&](Values&) { put_sigmask_arg(c); });
  special::entry_all(c);
}

void exit(CallCtx& c) {
  special::put_select_result(c, static_cast<int32_t>(c.arg(kNfds)), c.arg(kTimeout), true);
}

}  // namespace

extern const SpecialDecoder special_pselect6 = {entry, exit};

}  // namespace cxtrace::decode
