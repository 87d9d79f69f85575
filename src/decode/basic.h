// Decoders for the everyday argument types: numbers, descriptors, ids, modes, addresses,
// strings and buffers, and values named by flag and enum tables. The structure decoders
// build on these for their fields.
#pragma once

#include <cstdint>
#include <string_view>

#include "decode/context.h"

namespace cxtrace::decode {

void decode_int(ArgCtx& a);      // int: decimal, sign-extended from 32 bits
void decode_uint(ArgCtx& a);     // unsigned int
void decode_long(ArgCtx& a);
void decode_ulong(ArgCtx& a);
void decode_hex(ArgCtx& a);
void decode_fd(ArgCtx& a);       // with AT_FDCWD for dirfd
void decode_id(ArgCtx& a);       // uid_t/gid_t: -1 stays -1
void decode_pid(ArgCtx& a);      // pid_t: with -Y, `1234<sh>`
void decode_mode(ArgCtx& a);     // 0644
void decode_file_mode(ArgCtx& a);// S_IFREG|0644 (mknod)
void decode_dev(ArgCtx& a);      // makedev(0x1, 0x3)
void decode_ptr(ArgCtx& a);      // NULL or 0x…
void decode_path(ArgCtx& a);     // "…", never cut at -s
void decode_str(ArgCtx& a);      // NUL-terminated, cut at -s
void decode_bytes(ArgCtx& a);    // length from another argument or the result
void decode_flags(ArgCtx& a);
void decode_enum(ArgCtx& a);
void decode_signo(ArgCtx& a);

// Building blocks for structure decoders.
// `group_flags`: the group token's flags (kRawZeroEmpty).
void put_flags(Values& out, const table::Xlat& x, uint64_t v, uint8_t group_flags = 0);
void put_enum(Values& out, const table::Xlat& x, uint64_t v, bool hex_unknown = false);
// put_enum with the unknown value shown as `shown`, in hex (Tok::hex) or signed decimal, and
// a known one's number printed as `fmt` by -X raw/verbose.
void put_enum_as(Values& out, const table::Xlat& x, uint64_t v, Tok unknown, uint64_t shown,
                 NumFmt fmt);
void put_signal(Values& out, int sig);
void put_mode(Values& out, uint32_t mode, bool with_type);
void put_dev(Values& out, uint64_t dev);
// Reads `len` bytes at addr and appends them as a string token, cut at the -s limit. An
// unreadable buffer is printed as its address.
void put_buffer(Values& out, mem::MemoryReader& mem, uint64_t addr, uint64_t len, size_t limit);
// Reads a NUL-terminated string of at most `max` bytes; an unreadable one is an address.
void put_cstring(Values& out, mem::MemoryReader& mem, uint64_t addr, size_t max);
// strace's printstr: a NUL-terminated string cut at `limit` (-s) bytes, with `...` only when
// it goes on beyond them: a string of exactly `limit` bytes is shown whole.
void put_str_limited(Values& out, mem::MemoryReader& mem, uint64_t addr, size_t limit);

}  // namespace cxtrace::decode

namespace cxtrace::decode {
// Flag words with an enum field in their low bits (access mode, mapping type, socket type,
// exit signal) and other irregular scalars.
void decode_open_flags(ArgCtx& a);
void decode_mmap_flags(ArgCtx& a);
void decode_sock_type(ArgCtx& a);
void decode_clone_flags(ArgCtx& a);
void decode_ipc_flags(ArgCtx& a);
void decode_statx_flags(ArgCtx& a);
void decode_ipc_key(ArgCtx& a);
// The socket type: its kind (socktypes) then sock_type_flags, two parts with their own
// numbers under -X raw (`0x1|0x80000`); an unknown kind leaves the whole value to the flags.
void put_sock_type(Values& out, uint32_t type);
}  // namespace cxtrace::decode
