// bpf: the command by name, then its union bpf_attr member as strace 6.1 prints it, field by
// field up to the size the caller passed (older kernels' structures are shorter): map
// creation, program loading, element operations, pinning, ids. Other commands show the
// attribute's address.
// `bpf(BPF_MAP_CREATE, {map_type=BPF_MAP_TYPE_ARRAY, key_size=4, value_size=8, …}, 144) = 3`.
#include <linux/bpf.h>

#include <algorithm>
#include <cstring>

#include <fmt/format.h>

#include "decode/basic.h"
#include "decode/special.h"
#include "decode/special/common.h"

namespace cxtrace::decode {

namespace {

using special::arg;

constexpr size_t kPageSize = 4096;

// The attribute bytes, as much as the caller's size covers (the rest reads as zero).
struct Attr {
  uint8_t bytes[kPageSize];
  size_t size;  // what the caller passed
  uint32_t u32(size_t off) const {
    uint32_t v = 0;
    std::memcpy(&v, bytes + off, sizeof v);
    return v;
  }
  uint64_t u64(size_t off) const {
    uint64_t v = 0;
    std::memcpy(&v, bytes + off, sizeof v);
    return v;
  }
  // The field at `off` was part of what the caller passed (strace's `len <= offsetof` test).
  bool has(size_t off) const { return size > off; }
};

// The caller passed nonzero bytes beyond the command's own structure.
bool has_extra(const Attr& a, size_t struct_size) {
  for (size_t i = struct_size; i < a.size; ++i) {
    if (a.bytes[i] != 0) {
      return true;
    }
  }
  return false;
}

// After the command's own structure: `...` when the caller passed nonzero bytes beyond it.
void extra_data(Values& out, const Attr& a, size_t struct_size) {
  if (has_extra(a, struct_size)) {
    out.ellipsis();
  }
}

void field_u(Values& out, std::string_view name, uint64_t v) {
  out.field(name);
  out.uint_(v);
}
void field_fd(Values& out, std::string_view name, uint32_t v) {
  out.field(name);
  out.int_(static_cast<int32_t>(v));
}
void field_addr(Values& out, std::string_view name, uint64_t v) {
  out.field(name);
  out.ptr(v);
}

// strace's PRINT_FIELD_CSTRING_SZ for a name at `off`: at most size-1 characters, `...` when
// no NUL ends it there.
void name_field(Values& out, std::string_view field, const Attr& a, size_t off) {
  out.field(field);
  size_t n = std::min<size_t>(BPF_OBJ_NAME_LEN, a.size - off);
  const char* name = reinterpret_cast<const char*>(a.bytes + off);
  size_t len = strnlen(name, n);
  if (len == n) {
    out.str(std::string_view(name, n - 1), kTruncated);
  } else {
    out.str(std::string_view(name, len), 0);
  }
}

void map_create(Values& out, const Attr& a) {
  out.field("map_type");
  special::put_xval(out, table::xlat::bpf_map_types, a.u32(0), "BPF_MAP_TYPE_???");
  field_u(out, "key_size", a.u32(4));
  field_u(out, "value_size", a.u32(8));
  field_u(out, "max_entries", a.u32(12));
  if (!a.has(16)) return;
  out.field("map_flags");
  special::put_flags(out, table::xlat::bpf_map_flags, a.u32(16), "BPF_F_???");
  if (!a.has(20)) return;
  field_fd(out, "inner_map_fd", a.u32(20));
  if (!a.has(24)) return;
  if ((a.u32(16) & BPF_F_NUMA_NODE) != 0) {
    field_u(out, "numa_node", a.u32(24));
  }
  if (!a.has(28)) return;
  name_field(out, "map_name", a, 28);
  if (!a.has(44)) return;
  field_u(out, "map_ifindex", a.u32(44));
  if (!a.has(48)) return;
  field_fd(out, "btf_fd", a.u32(48));
  field_u(out, "btf_key_type_id", a.u32(52));
  field_u(out, "btf_value_type_id", a.u32(56));
  if (!a.has(60)) return;
  field_u(out, "btf_vmlinux_value_type_id", a.u32(60));
  if (!a.has(64)) return;
  field_u(out, "map_extra", a.u64(64));
}

void prog_load(CallCtx& c, Values& out, const Attr& a) {
  out.field("prog_type");
  special::put_xval(out, table::xlat::bpf_prog_types, a.u32(0), "BPF_PROG_TYPE_???");
  field_u(out, "insn_cnt", a.u32(4));
  field_addr(out, "insns", a.u64(8));
  out.field("license");
  special::put_str(c, a.u64(16));
  if (!a.has(24)) return;
  field_u(out, "log_level", a.u32(24));
  field_u(out, "log_size", a.u32(28));
  out.field("log_buf");
  special::put_str_max(c, a.u64(32), a.u32(28));
  if (!a.has(40)) return;
  out.field("kern_version");
  {
    uint32_t v = a.u32(40);
    std::string& pool = out.pool();
    size_t off = pool.size();
    fmt::format_to(std::back_inserter(pool), "KERNEL_VERSION({}, {}, {})", v >> 16, (v >> 8) & 0xff,
                   v & 0xff);
    out.sym_pooled(off, v, NumFmt::hex);
  }
  if (!a.has(44)) return;
  out.field("prog_flags");
  special::put_flags(out, table::xlat::bpf_prog_flags, a.u32(44), "BPF_F_???");
  if (!a.has(48)) return;
  name_field(out, "prog_name", a, 48);
  if (!a.has(64)) return;
  field_u(out, "prog_ifindex", a.u32(64));
  if (!a.has(68)) return;
  out.field("expected_attach_type");
  special::put_xval(out, table::xlat::bpf_attach_type, a.u32(68), "BPF_???");
  if (!a.has(72)) return;
  field_fd(out, "prog_btf_fd", a.u32(72));
  field_u(out, "func_info_rec_size", a.u32(76));
  field_addr(out, "func_info", a.u64(80));
  field_u(out, "func_info_cnt", a.u32(88));
  field_u(out, "line_info_rec_size", a.u32(92));
  field_addr(out, "line_info", a.u64(96));
  field_u(out, "line_info_cnt", a.u32(104));
  if (!a.has(108)) return;
  field_u(out, "attach_btf_id", a.u32(108));
  if (!a.has(112)) return;
  field_fd(out, "attach_prog_fd", a.u32(112));
  if (!a.has(120)) return;
  field_addr(out, "fd_array", a.u64(120));
}

void map_elem(Values& out, const Attr& a, uint32_t cmd) {
  field_fd(out, "map_fd", a.u32(0));
  field_addr(out, "key", a.u64(8));
  switch (cmd) {
    case BPF_MAP_LOOKUP_ELEM:
    case BPF_MAP_LOOKUP_AND_DELETE_ELEM:
      field_addr(out, "value", a.u64(16));
      if (!a.has(24)) return;
      out.field("flags");
      special::put_flags(out, table::xlat::bpf_map_lookup_elem_flags, a.u64(24), "BPF_???");
      break;
    case BPF_MAP_UPDATE_ELEM:
      field_addr(out, "value", a.u64(16));
      out.field("flags");
      special::put_xval(out, table::xlat::bpf_map_update_elem_flags, a.u64(24), "BPF_???");
      break;
    case BPF_MAP_GET_NEXT_KEY:
      field_addr(out, "next_key", a.u64(16));
      break;
    default:  // BPF_MAP_DELETE_ELEM
      break;
  }
}

void obj_pin(CallCtx& c, Values& out, const Attr& a) {
  out.field("pathname");
  put_cstring(out, c.mem, a.u64(0), 4096);
  field_fd(out, "bpf_fd", a.u32(8));
  if (!a.has(12)) return;
  out.field("file_flags");
  special::put_flags(out, table::xlat::bpf_file_flags, a.u32(12), "BPF_F_???");
}

// The size of each decoded command's structure in strace 6.1 (bytes beyond it are "extra").
size_t struct_size(uint32_t cmd) {
  switch (cmd) {
    case BPF_MAP_CREATE: return 72;
    case BPF_PROG_LOAD: return 128;
    case BPF_MAP_LOOKUP_ELEM: case BPF_MAP_LOOKUP_AND_DELETE_ELEM: case BPF_MAP_UPDATE_ELEM:
      return 32;
    case BPF_MAP_DELETE_ELEM: return 16;
    case BPF_MAP_GET_NEXT_KEY: return 24;
    case BPF_MAP_FREEZE: return 4;
    case BPF_OBJ_PIN: case BPF_OBJ_GET: return 16;
    case BPF_PROG_GET_NEXT_ID: case BPF_MAP_GET_NEXT_ID: case BPF_BTF_GET_NEXT_ID:
    case BPF_LINK_GET_NEXT_ID: case BPF_PROG_GET_FD_BY_ID: case BPF_MAP_GET_FD_BY_ID:
      return 12;
    case BPF_BTF_GET_FD_BY_ID: case BPF_LINK_GET_FD_BY_ID: return 4;
    default: return 0;  // not decoded here
  }
}

// The open_flags of the id commands, when the caller's size covers them.
void put_open_flags(Values& out, const Attr& a) {
  if (a.has(8)) {
    out.field("open_flags");
    special::put_flags(out, table::xlat::bpf_file_mode_flags, a.u32(8), "BPF_F_???");
  }
}

bool next_id_cmd(uint32_t cmd) {
  return cmd == BPF_PROG_GET_NEXT_ID || cmd == BPF_MAP_GET_NEXT_ID ||
         cmd == BPF_BTF_GET_NEXT_ID || cmd == BPF_LINK_GET_NEXT_ID;
}

// Reads the attribute, or prints its address (NULL, unreadable) and returns false.
bool read_attr(CallCtx& c, Attr& a) {
  a.size = static_cast<uint32_t>(c.arg(2));
  std::memset(a.bytes, 0, sizeof a.bytes);
  uint64_t addr = c.arg(1);
  if (addr == 0 || c.mem.read(addr, a.bytes, a.size) != a.size) {
    c.out().ptr(addr);
    return false;
  }
  return true;
}

thread_local Attr attr;  // one page, reused: no allocation per call

bool decoded_here(const CallCtx& c) {
  auto cmd = static_cast<uint32_t>(c.arg(0));
  auto size = static_cast<uint32_t>(c.arg(2));
  return struct_size(cmd) != 0 && size > 0 && size <= kPageSize;
}

void entry(CallCtx& c) {
  auto cmd = static_cast<uint32_t>(c.arg(0));
  arg(c, [&](Values& out) { special::put_xval(out, table::xlat::bpf_commands, cmd, "BPF_???"); });
  bool pending = false;
  arg(c, [&](Values& out) {
    if (!decoded_here(c)) {
      out.ptr(c.arg(1));
      return;
    }
    if (!read_attr(c, attr)) {
      return;
    }
    out.struct_begin();
    switch (cmd) {
      case BPF_MAP_CREATE:
        map_create(out, attr);
        break;
      case BPF_PROG_LOAD:
        prog_load(c, out, attr);
        break;
      case BPF_MAP_LOOKUP_ELEM:
      case BPF_MAP_LOOKUP_AND_DELETE_ELEM:
      case BPF_MAP_UPDATE_ELEM:
      case BPF_MAP_DELETE_ELEM:
      case BPF_MAP_GET_NEXT_KEY:
        map_elem(out, attr, cmd);
        break;
      case BPF_MAP_FREEZE:
        field_fd(out, "map_fd", attr.u32(0));
        break;
      case BPF_OBJ_PIN:
      case BPF_OBJ_GET:
        obj_pin(c, out, attr);
        break;
      case BPF_BTF_GET_FD_BY_ID:
        field_u(out, "btf_id", attr.u32(0));
        break;
      case BPF_LINK_GET_FD_BY_ID:
        field_u(out, "link_id", attr.u32(0));
        break;
      default:
        // The id commands share one structure: {start_id or prog_id or map_id, next_id,
        // open_flags}. next_id is what GET_NEXT_ID returns: the structure stays open and
        // goes on at exit.
        field_u(out, cmd == BPF_PROG_GET_FD_BY_ID  ? "prog_id"
                     : cmd == BPF_MAP_GET_FD_BY_ID ? "map_id"
                                                   : "start_id",
                attr.u32(0));
        field_u(out, "next_id", attr.u32(4));
        if (next_id_cmd(cmd)) {
          c.rec.saved[1] = attr.u32(4);  // to tell at exit whether the kernel changed it
          pending = true;
          return;
        }
        put_open_flags(out, attr);
        break;
    }
    extra_data(out, attr, struct_size(cmd));
    out.struct_end();
  });
  if (pending) {
    c.rec.joined_arg = 2;  // `, next_id=…}` continues the structure at exit
    special::entry_done(c, 4);
    return;
  }
  arg(c, [&](Values& out) { out.uint_(static_cast<uint32_t>(c.arg(2))); });
  special::entry_all(c);
}

void exit(CallCtx& c) {
  if (c.rec.joined_arg == 0) {
    return;
  }
  arg(c, [&](Values& out) {
    // The structure left open at entry goes on: strace reads the attribute again, failed
    // call or not, and shows next_id again if the kernel changed it.
    uint64_t before = c.rec.saved[1];
    attr.size = static_cast<uint32_t>(c.arg(2));
    std::memset(attr.bytes, 0, sizeof attr.bytes);
    if (c.mem.read(c.arg(1), attr.bytes, attr.size) == attr.size) {
      if (attr.u32(4) != before) {
        out.arrow();
        out.uint_(attr.u32(4));
      }
      if (attr.has(8)) {
        out.text(", open_flags=");
        special::put_flags(out, table::xlat::bpf_file_mode_flags, attr.u32(8), "BPF_F_???");
      }
      if (has_extra(attr, struct_size(static_cast<uint32_t>(c.arg(0))))) {
        out.text(", ...");
      }
    }
    out.text("}");
  });
  arg(c, [&](Values& out) { out.uint_(static_cast<uint32_t>(c.arg(2))); });
}

}  // namespace

extern const SpecialDecoder special_bpf = {entry, exit};

}  // namespace cxtrace::decode
