#include "decode/special/common.h"

#include <algorithm>
#include <cstring>

#include <fmt/format.h>

#include "decode/basic.h"
#include "decode/signals.h"

namespace cxtrace::decode::special {

void no_exit(CallCtx& /*c*/) {}

const table::XlatEntry* lookup(const table::Xlat& x, uint64_t v) {
  for (const auto& e : x.entries) {
    if (e.value == v) {
      return &e;
    }
  }
  return nullptr;
}

void put_xval(Values& out, const table::Xlat& x, uint64_t v, std::string_view dflt) {
  put_xval_as(out, x, v, dflt, Tok::hex, x.fmt);
}

void put_xval_d(Values& out, const table::Xlat& x, int64_t v, std::string_view dflt) {
  put_xval_as(out, x, static_cast<uint64_t>(v), dflt, Tok::int_, NumFmt::sdec);
}

void put_xval_u(Values& out, const table::Xlat& x, uint64_t v, std::string_view dflt) {
  put_xval_as(out, x, v, dflt, Tok::uint_, NumFmt::dec);
}

void put_xval_as(Values& out, const table::Xlat& x, uint64_t v, std::string_view dflt,
                 Tok unknown, NumFmt fmt) {
  if (const table::XlatEntry* e = lookup(x, v)) {
    out.sym(e->name, v, fmt);
    return;
  }
  switch (unknown) {
    case Tok::int_: out.int_(static_cast<int64_t>(v)); break;
    case Tok::uint_: out.uint_(v); break;
    default: out.hex(v); break;
  }
  if (!dflt.empty()) {
    out.remark(dflt);
  }
}

uint64_t put_flag_names(Values& out, const table::Xlat& x, uint64_t v) {
  uint64_t left = v;
  for (const auto& e : x.entries) {
    if (e.value != 0 && (left & e.value) == e.value) {
      out.sym(e.name, e.value, x.fmt);
      left &= ~e.value;
    }
  }
  return left;
}

void put_flags(Values& out, const table::Xlat& x, uint64_t v, std::string_view dflt,
               uint8_t group_flags) {
  out.flags_begin(v, x.fmt, group_flags);
  if (v == 0) {
    if (const table::XlatEntry* zero = lookup(x, 0)) {
      out.sym(zero->name, 0, x.fmt);
    }
    out.flags_end();  // an empty group renders as 0
    return;
  }
  size_t before = out.size();
  uint64_t left = put_flag_names(out, x, v);
  bool named = out.size() != before;
  if (left != 0) {
    out.hex(left);
    if (!named && !dflt.empty()) {
      out.remark(dflt);
    }
  }
  out.flags_end();
}

void put_signo(Values& out, int64_t sig) {
  std::string_view name = signal_name(static_cast<int>(sig));
  if (!name.empty() && sig == static_cast<int>(sig)) {
    out.sym(name, static_cast<uint64_t>(sig), NumFmt::sdec);
  } else {
    out.int_(sig);
  }
}

void put_sigmask(Values& out, const void* mask, size_t bytes) {
  // strace: with two thirds or more of the bits set, the signals NOT in the mask, after '~'.
  uint32_t words[2] = {0, 0};
  size_t n = std::min<size_t>((bytes + 3) / 4, 2);
  std::memcpy(words, mask, std::min<size_t>(bytes, sizeof words));
  unsigned set = 0;
  for (size_t i = 0; i < n; ++i) {
    set += static_cast<unsigned>(__builtin_popcount(words[i]));
  }
  bool inverted = set >= n * 32 * 2 / 3;
  if (inverted) {
    for (size_t i = 0; i < n; ++i) {
      words[i] = ~words[i];
    }
  }
  // Each signal by its name without SIG (`[INT TERM]`), by number under -X raw.
  out.array_begin(kSignalSet | (inverted ? kInverted : 0));
  for (size_t bit = 0; bit < n * 32; ++bit) {
    if ((words[bit / 32] & (1u << (bit % 32))) == 0) {
      continue;
    }
    int sig = static_cast<int>(bit) + 1;
    std::string_view name = signal_name(sig);
    if (name.size() > 3 && name.substr(0, 3) == "SIG") {
      out.sym(name.substr(3), static_cast<uint64_t>(sig), NumFmt::dec);
    } else {
      out.uint_(static_cast<uint64_t>(sig));
    }
  }
  out.array_end();
}

void put_id(Values& out, uint32_t id) {
  if (id == UINT32_MAX) {
    out.int_(-1);
  } else {
    out.uint_(id);
  }
}

bool fetch_bytes(CallCtx& c, uint64_t addr, void* v, size_t size) {
  if (addr == 0) {
    c.out().ptr(0);
    return false;
  }
  // -e verbose= left this call out: its structures are addresses.
  if (c.failed() || c.terse() || c.mem.read(addr, v, size) != size) {
    c.out().ptr(addr);
    return false;
  }
  return true;
}

void put_strn(CallCtx& c, uint64_t addr, uint64_t len) {
  if (addr == 0) {
    c.out().ptr(0);
    return;
  }
  put_buffer(c.out(), c.mem, addr, len, c.opts.string_limit);
}

void put_str(CallCtx& c, uint64_t addr) { put_str_limited(c.out(), c.mem, addr, c.opts.string_limit); }

void put_str_max(CallCtx& c, uint64_t addr, size_t max) {
  put_cstring(c.out(), c.mem, addr, std::min(max, c.opts.string_limit));
}

void put_sock_fprog(CallCtx& c, uint64_t addr) {
  struct {
    uint16_t len;
    uint16_t pad[3];
    uint64_t filter;
  } prog{};
  if (!fetch(c, addr, prog)) {
    return;
  }
  Values& out = c.out();
  out.struct_begin();
  out.field("len");
  out.uint_(prog.len);
  out.field("filter");
  out.ptr(prog.filter);
  out.struct_end();
}

}  // namespace cxtrace::decode::special
