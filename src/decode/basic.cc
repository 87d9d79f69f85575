#include "decode/basic.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include <fmt/format.h>

#include "decode/pid_comm.h"
#include "decode/signals.h"

namespace cxtrace::decode {

uint64_t ArgCtx::length() const {
  if (desc.len == table::kLenRet) {
    return call.rec.is_error ? 0 : static_cast<uint64_t>(call.rec.rval);
  }
  if (desc.len >= 0) {
    return call.rec.raw.args[desc.len];
  }
  return 0;
}

void decode_int(ArgCtx& a) { a.out().int_(static_cast<int32_t>(a.value)); }
void decode_uint(ArgCtx& a) { a.out().uint_(static_cast<uint32_t>(a.value)); }
void decode_long(ArgCtx& a) { a.out().int_(static_cast<int64_t>(a.value)); }
void decode_ulong(ArgCtx& a) { a.out().uint_(a.value); }
void decode_hex(ArgCtx& a) { a.out().hex(a.value); }

void decode_fd(ArgCtx& a) {
  auto fd = static_cast<int32_t>(a.value);
  if (fd == AT_FDCWD) {
    a.out().sym_fd("AT_FDCWD", static_cast<uint64_t>(static_cast<int64_t>(fd)));
  } else {
    a.out().fd(fd);
  }
}

void decode_id(ArgCtx& a) {
  auto id = static_cast<uint32_t>(a.value);
  if (id == UINT32_MAX) {
    a.out().int_(-1);
  } else {
    a.out().uint_(id);
  }
}

void put_mode(Values& out, uint32_t mode, bool with_type) {
  uint32_t type = mode & S_IFMT;
  const table::XlatEntry* named = nullptr;
  for (const auto& t : table::xlat::modetypes.entries) {
    if (t.value == type) {
      named = &t;
    }
  }
  // strace: an unknown file type, or a bare mode argument, is only the octal number.
  if (!with_type || (type != 0 && named == nullptr)) {
    out.oct(mode);
    return;
  }
  // S_IFREG|S_ISUID|000, or 0644 without a type: the type, the set-id and sticky bits by
  // name, the permission bits in octal even when zero. In octal under -X raw, with the parts
  // in a comment under -X verbose even when nothing is named (`0644 /* 0644 */`).
  out.flags_begin(mode, NumFmt::oct, kAllInComment);
  if (named != nullptr) {
    out.sym(named->name, named->value, NumFmt::oct);
  }
  static constexpr table::XlatEntry kSpecial[] = {
      {S_ISUID, "S_ISUID"}, {S_ISGID, "S_ISGID"}, {S_ISVTX, "S_ISVTX"}};
  for (const auto& t : kSpecial) {
    if ((mode & t.value) != 0) {
      out.sym(t.name, t.value, NumFmt::oct);
    }
  }
  out.oct(mode & 0777);
  out.flags_end();
}

void decode_mode(ArgCtx& a) { put_mode(a.out(), static_cast<uint32_t>(a.value), false); }
void decode_file_mode(ArgCtx& a) { put_mode(a.out(), static_cast<uint32_t>(a.value), true); }

void put_dev(Values& out, uint64_t dev) {
  // strace's %#x: zero is `0`, not `0x0`. -X raw shows the whole number (`0x103`).
  auto hex = [](unsigned v) { return v == 0 ? std::string("0") : fmt::format("{:#x}", v); };
  out.sym_text(fmt::format("makedev({}, {})", hex(major(dev)), hex(minor(dev))), dev, NumFmt::hex);
}

void decode_pid(ArgCtx& a) {
  put_pid(a.out(), static_cast<int32_t>(a.value), a.opts().pid_comm);
}

void decode_dev(ArgCtx& a) { put_dev(a.out(), a.value); }
void decode_ptr(ArgCtx& a) { a.out().ptr(a.value); }

void put_cstring(Values& out, mem::MemoryReader& mem, uint64_t addr, size_t max) {
  if (addr == 0) {
    out.ptr(0);
    return;
  }
  std::string& pool = out.pool();
  size_t off = pool.size();
  bool terminated = false;
  if (!mem.read_cstring(addr, max, pool, terminated)) {
    pool.resize(off);
    out.ptr(addr);
    return;
  }
  out.str_pooled(off, terminated ? 0 : kUnterminated, addr);
}

void put_str_limited(Values& out, mem::MemoryReader& mem, uint64_t addr, size_t limit) {
  if (addr == 0) {
    out.ptr(0);
    return;
  }
  // One byte more than the limit tells a string of exactly `limit` bytes from a longer one.
  std::string& pool = out.pool();
  size_t off = pool.size();
  bool terminated = false;
  if (!mem.read_cstring(addr, limit + 1, pool, terminated)) {
    pool.resize(off);
    out.ptr(addr);
    return;
  }
  if (pool.size() - off > limit) {
    pool.resize(off + limit);
    terminated = false;
  }
  out.str_pooled(off, terminated ? 0 : kUnterminated, addr);
}

void put_buffer(Values& out, mem::MemoryReader& mem, uint64_t addr, uint64_t len, size_t limit) {
  if (addr == 0) {
    out.ptr(0);
    return;
  }
  size_t want = len < limit ? static_cast<size_t>(len) : limit;
  std::string& pool = out.pool();
  size_t off = pool.size();
  pool.resize(off + want);
  size_t got = want == 0 ? 0 : mem.read(addr, pool.data() + off, want);
  if (got < want) {
    pool.resize(off);
    out.ptr(addr);
    return;
  }
  out.str_pooled(off, len > limit ? kTruncated : 0, addr);
}

void decode_path(ArgCtx& a) { put_cstring(a.out(), a.mem(), a.value, 4096); }

void decode_str(ArgCtx& a) { put_str_limited(a.out(), a.mem(), a.value, a.opts().string_limit); }

void decode_bytes(ArgCtx& a) {
  if (a.call.failed()) {
    a.out().ptr(a.value);
    return;
  }
  put_buffer(a.out(), a.mem(), a.value, a.length(), a.opts().string_limit);
}

namespace {

// strace marks a value its table does not know, after the table's prefix: `0x20 /* SOCK_??? */`.
// The prefix is what the table's names share, up to an underscore (`FALLOC_FL_`).
void put_unknown_remark(Values& out, const table::Xlat& x) {
  if (x.entries.empty()) {
    return;
  }
  std::string_view prefix = x.entries[0].name;
  for (const auto& e : x.entries) {
    size_t n = 0;
    while (n < prefix.size() && n < e.name.size() && prefix[n] == e.name[n]) {
      ++n;
    }
    prefix = prefix.substr(0, n);
  }
  // A table of one name: its own prefix, up to the last underscore.
  size_t us = prefix.rfind('_', x.entries.size() == 1 ? prefix.size() - 1 : prefix.size());
  if (us != std::string_view::npos) {
    out.remark(fmt::format("{}???", prefix.substr(0, us + 1)));
  }
}

}  // namespace

void put_flags(Values& out, const table::Xlat& x, uint64_t v, uint8_t group_flags) {
  out.flags_begin(v, x.fmt, group_flags);
  uint64_t left = v;
  const table::XlatEntry* zero = nullptr;
  for (const auto& e : x.entries) {
    if (e.value == 0) {
      zero = &e;
      continue;
    }
    if ((left & e.value) == e.value) {
      out.sym(e.name, e.value, x.fmt);
      left &= ~e.value;
    }
  }
  if (left != 0) {
    out.hex(left);
    // No bit known at all: strace marks the value as one its table lacks.
    if (left == v) {
      put_unknown_remark(out, x);
    }
  } else if (v == 0 && zero != nullptr) {
    out.sym(zero->name, 0, x.fmt);
  }
  out.flags_end();
}

void put_enum(Values& out, const table::Xlat& x, uint64_t v, bool hex_unknown) {
  put_enum_as(out, x, v, hex_unknown ? Tok::hex : Tok::int_, v, x.fmt);
}

void put_enum_as(Values& out, const table::Xlat& x, uint64_t v, Tok unknown, uint64_t shown,
                 NumFmt fmt) {
  for (const auto& e : x.entries) {
    if (e.value == v) {
      out.sym(e.name, v, fmt);
      return;
    }
  }
  if (unknown == Tok::hex) {
    out.hex(shown);
  } else {
    out.int_(static_cast<int64_t>(shown));
  }
  put_unknown_remark(out, x);
}

void decode_flags(ArgCtx& a) {
  if (a.desc.xlat == nullptr) {
    a.out().hex(a.value);
    return;
  }
  put_flags(a.out(), *a.desc.xlat, a.value);
}

void decode_enum(ArgCtx& a) {
  if (a.desc.xlat == nullptr) {
    a.out().int_(static_cast<int32_t>(a.value));
    return;
  }
  // Tables keep negative values sign-extended (RUSAGE_CHILDREN): compare as an int. An
  // unknown value is shown in hex as the int it is (`0x7 /* SEEK_??? */`), and so is a known
  // one under -X raw (RUSAGE_CHILDREN is 0xffffffff), unless the table says otherwise.
  auto v32 = static_cast<uint32_t>(a.value);
  const table::Xlat& x = *a.desc.xlat;
  put_enum_as(a.out(), x, static_cast<uint64_t>(static_cast<int64_t>(static_cast<int32_t>(v32))),
              Tok::hex, v32, x.fmt == NumFmt::hex ? NumFmt::hex32 : x.fmt);
}

void put_signal(Values& out, int sig) {
  std::string_view name = signal_name(sig);
  if (name.empty()) {
    out.int_(sig);
  } else {
    out.sym(name, static_cast<uint64_t>(static_cast<int64_t>(sig)), NumFmt::sdec);
  }
}

void decode_signo(ArgCtx& a) { put_signal(a.out(), static_cast<int32_t>(a.value)); }

namespace {

// A flag word whose low bits hold an enum: the enum's name first (even when zero), then the
// remaining flags, then any unknown bits in hex; one number under -X raw (open's flags).
void field_then_flags(Values& out, uint64_t v, uint64_t field_mask, const table::Xlat& field,
                      const table::Xlat* flags) {
  out.flags_begin(v);
  uint64_t f = v & field_mask;
  bool named = false;
  for (const auto& e : field.entries) {
    if (e.value == f) {
      out.sym(e.name, e.value);
      named = true;
      break;
    }
  }
  uint64_t left = named ? v & ~field_mask : v;
  if (flags != nullptr) {
    for (const auto& e : flags->entries) {
      if (e.value != 0 && (left & e.value) == e.value) {
        out.sym(e.name, e.value);
        left &= ~e.value;
      }
    }
  }
  if (left != 0) {
    out.hex(left);
  }
  out.flags_end();
}

// Flags above a low field that is printed after them (permission bits).
void flags_above(Values& out, const table::Xlat* x, uint64_t v, uint64_t low_mask) {
  uint64_t left = v & ~low_mask;
  if (x != nullptr) {
    for (const auto& e : x->entries) {
      if (e.value != 0 && (left & e.value) == e.value) {
        out.sym(e.name, e.value);
        left &= ~e.value;
      }
    }
  }
  if (left != 0) {
    out.hex(left);
  }
}

}  // namespace

void decode_open_flags(ArgCtx& a) {
  field_then_flags(a.out(), static_cast<uint32_t>(a.value), O_ACCMODE,
                   table::xlat::open_access_modes, a.desc.xlat);
}

void decode_mmap_flags(ArgCtx& a) {
  field_then_flags(a.out(), static_cast<uint32_t>(a.value), 0xf, table::xlat::mmap_types,
                   a.desc.xlat);
}

void put_sock_type(Values& out, uint32_t type) {
  constexpr uint32_t kKindMask = 0xf;
  const table::XlatEntry* kind = nullptr;
  for (const auto& e : table::xlat::socktypes.entries) {
    if (e.value == (type & kKindMask)) {
      kind = &e;
      break;
    }
  }
  if (kind == nullptr) {
    put_flags(out, table::xlat::sock_type_flags, type);
    return;
  }
  out.flags_begin(type, NumFmt::hex, kParts);
  out.sym(kind->name, kind->value);
  if (uint32_t rest = type & ~kKindMask; rest != 0) {
    put_flags(out, table::xlat::sock_type_flags, rest);
  }
  out.flags_end();
}

void decode_sock_type(ArgCtx& a) { put_sock_type(a.out(), static_cast<uint32_t>(a.value)); }

void decode_statx_flags(ArgCtx& a) {
  // The sync type (always named, AT_STATX_SYNC_AS_STAT for zero), then the other flags: two
  // parts under -X raw, where strace 6.1 prints a zero sync type as nothing at all
  // (`statx(-100, "/", , 0x1, …)`, `|0x900`).
  Values& out = a.out();
  auto v = static_cast<uint32_t>(a.value);
  out.flags_begin(v, NumFmt::hex, kParts);
  put_flags(out, table::xlat::at_statx_sync_types, v & AT_STATX_SYNC_TYPE, kRawZeroEmpty);
  if (uint32_t rest = v & ~AT_STATX_SYNC_TYPE; rest != 0) {
    put_flags(out, *a.desc.xlat, rest);
  }
  out.flags_end();
}

void decode_clone_flags(ArgCtx& a) {
  // The flags, then the signal sent to the parent when the child exits (the low byte): two
  // parts, `0x1200000|17` under -X raw.
  Values& out = a.out();
  uint64_t flags = a.value & ~uint64_t{0xff};
  auto sig = static_cast<int>(a.value & 0xff);
  if (flags == 0) {
    put_signal(out, sig);
    return;
  }
  out.flags_begin(a.value, NumFmt::hex, kParts);
  put_flags(out, *a.desc.xlat, flags);
  if (sig != 0) {
    put_signal(out, sig);
  }
  out.flags_end();
}

void decode_ipc_flags(ArgCtx& a) {
  // IPC_CREAT|IPC_EXCL|0600: flags, then the permission bits in octal.
  Values& out = a.out();
  uint64_t v = static_cast<uint32_t>(a.value);
  out.flags_begin(v);
  flags_above(out, a.desc.xlat, v, 0777);
  if ((v & 0777) != 0 || v == 0) {
    out.oct(v & 0777);
  }
  out.flags_end();
}

void decode_ipc_key(ArgCtx& a) {
  auto key = static_cast<int32_t>(a.value);
  if (key == 0) {
    a.out().sym("IPC_PRIVATE", 0);
  } else {
    a.out().hex(static_cast<uint32_t>(key));
  }
}

}  // namespace cxtrace::decode
