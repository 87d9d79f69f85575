// arch_prctl: the second argument is a value for the setters (`arch_prctl(ARCH_SET_FS,
// 0x7f…)`) and a pointer the kernel fills for the getters, shown at exit
// (`arch_prctl(ARCH_GET_FS, [0x7f…])`). XSAVE features print as strace's verbose form,
// the number with its names in a comment: `[0xe7 /* XFEATURE_MASK_FPSSE|… */]`.
#include <asm/prctl.h>

#include <fmt/format.h>

#include "decode/special.h"
#include "decode/special/common.h"

namespace cxtrace::decode {

namespace {

using special::arg;

// `0xe7 /* XFEATURE_MASK_FPSSE|XFEATURE_MASK_YMM|XFEATURE_MASK_AVX512 */`.
void put_xfeatures(Values& out, uint64_t v) {
  out.hex(v);
  if (v == 0) {
    return;
  }
  char buf[512];
  char* end = buf;
  uint64_t left = v;
  for (const auto& e : table::xlat::x86_xfeatures.entries) {
    if ((left & e.value) == e.value && end + e.name.size() + 1 < buf + sizeof buf) {
      if (end != buf) {
        *end++ = '|';
      }
      end = std::copy(e.name.begin(), e.name.end(), end);
      left &= ~e.value;
    }
  }
  if (end == buf) {
    end = fmt::format_to_n(end, sizeof buf, "XFEATURE_MASK_???").out;
  } else if (left != 0) {
    end = fmt::format_to_n(end, buf + sizeof buf - end, "|{:#x}", left).out;
  }
  out.remark(std::string_view(buf, static_cast<size_t>(end - buf)));
}

// `0x12 /* XFEATURE_XTILE_DATA */`.
void put_xfeature(Values& out, uint64_t v) {
  out.hex(v);
  const table::XlatEntry* e = special::lookup(table::xlat::x86_xfeature_bits, v);
  out.remark(e != nullptr ? e->name : std::string_view("XFEATURE_???"));
}

void entry(CallCtx& c) {
  auto code = static_cast<uint32_t>(c.arg(0));
  arg(c, [&](Values& out) { special::put_xval(out, table::xlat::arch_prctl_codes, code, "ARCH_???"); });
  switch (code) {
    case ARCH_GET_FS:
    case ARCH_GET_GS:
    case ARCH_GET_XCOMP_SUPP:
    case ARCH_GET_XCOMP_PERM:
    case ARCH_GET_XCOMP_GUEST_PERM:
      special::entry_done(c, 2);
      return;
    case ARCH_GET_CPUID:
      break;
    case ARCH_REQ_XCOMP_PERM:
    case ARCH_REQ_XCOMP_GUEST_PERM:
      arg(c, [&](Values& out) { put_xfeature(out, c.arg(1)); });
      break;
    default:
      arg(c, [&](Values& out) { out.hex(c.arg(1)); });
      break;
  }
  special::entry_all(c);
}

void exit(CallCtx& c) {
  switch (static_cast<uint32_t>(c.arg(0))) {
    case ARCH_GET_FS:
    case ARCH_GET_GS:
      special::arg(c, [&](Values&) {
        special::put_num<uint64_t>(c, c.arg(1), [](Values& o, uint64_t v) { o.ptr(v); });
      });
      break;
    case ARCH_GET_XCOMP_SUPP:
    case ARCH_GET_XCOMP_PERM:
    case ARCH_GET_XCOMP_GUEST_PERM:
      special::arg(c, [&](Values&) {
        special::put_num<uint64_t>(c, c.arg(1), [](Values& o, uint64_t v) { put_xfeatures(o, v); });
      });
      break;
    case ARCH_REQ_XCOMP_PERM:
    case ARCH_REQ_XCOMP_GUEST_PERM:
      if (!c.rec.is_error && c.rec.rval > 0) {
        c.rec.ret_hex = true;
        special::begin_ret(c);
        special::put_flags(c.out(), table::xlat::x86_xfeatures, static_cast<uint64_t>(c.rec.rval), "");
      }
      break;
    default:
      break;
  }
}

}  // namespace

extern const SpecialDecoder special_arch_prctl = {entry, exit};

}  // namespace cxtrace::decode
