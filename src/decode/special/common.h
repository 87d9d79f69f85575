// What the hand-written decoders share: appending one argument at a time, strace's two ways
// of naming a value (printxval: one name or a number with a `/* F_??? */` remark; printflags:
// names joined by '|'), and reading a structure the way strace's umove_or_printaddr does
// (NULL for a null pointer, the bare address when it is unreadable or the call failed).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "decode/context.h"

namespace cxtrace::decode::special {

// Appends one argument: whatever `put` appends to the tokens.
template <typename F>
void arg(CallCtx& c, F&& put) {
  c.rec.begin_arg();
  put(c.out());
  c.rec.end_arg();
}

// Appends one argument shown as `name=value` (clone's named arguments).
template <typename F>
void named_arg(CallCtx& c, std::string_view name, F&& put) {
  c.rec.begin_arg();
  c.out().field(name);
  put(c.out());
  c.rec.end_arg();
}

// Ends the entry half: what is decoded so far is shown at entry, and the line will show
// `total` arguments once the call is over (the rest are appended at exit).
inline void entry_done(CallCtx& c, int total) {
  c.rec.entry_args = c.rec.nargs;
  c.rec.total_args = static_cast<uint8_t>(total);
}

// Entry decoding showed everything: the line has exactly the arguments decoded so far.
inline void entry_all(CallCtx& c) { entry_done(c, c.rec.nargs); }

// For decoders with nothing left to show at exit.
void no_exit(CallCtx& c);

// Starts the decoration printed after the result (` = 0x1 (flags FD_CLOEXEC)`).
inline void begin_ret(CallCtx& c) { c.rec.ret_begin = static_cast<uint32_t>(c.out().size()); }
// The same for a decoration that -X raw/verbose print as they print arguments:
// ` = 0x1 (flags 0x1)` (strace's decorations made by its flag printers).
inline void begin_styled_ret(CallCtx& c) {
  begin_ret(c);
  c.rec.ret_styled = true;
}

// The row of `x` with value `v`, or nullptr.
const table::XlatEntry* lookup(const table::Xlat& x, uint64_t v);

// printxval: the name, else the value in hex with `/* dflt */` (no remark if dflt is empty).
void put_xval(Values& out, const table::Xlat& x, uint64_t v, std::string_view dflt);
// printxval_d: as put_xval, an unknown value in signed decimal.
void put_xval_d(Values& out, const table::Xlat& x, int64_t v, std::string_view dflt);
// printxval_u: as put_xval, an unknown value in unsigned decimal.
void put_xval_u(Values& out, const table::Xlat& x, uint64_t v, std::string_view dflt);
// The three above: a known value as its name (its number printed as `fmt` by -X raw/verbose),
// an unknown one as the `unknown` token with the remark `/* dflt */`.
void put_xval_as(Values& out, const table::Xlat& x, uint64_t v, std::string_view dflt,
                 Tok unknown, NumFmt fmt);
// printflags: known names joined by '|', unknown bits in hex after them; when no bit is known,
// the hex value with `/* dflt */`; zero is the table's zero row, else `0`. `group_flags` are
// the group token's flags (kRawZeroEmpty).
void put_flags(Values& out, const table::Xlat& x, uint64_t v, std::string_view dflt,
               uint8_t group_flags = 0);
// The flag names without the group: for building `A|B|C` inside a larger flags group
// (strace's printflags_in). Returns the bits no row named.
uint64_t put_flag_names(Values& out, const table::Xlat& x, uint64_t v);

// A signal number: its name, else the number (strace's printsignal).
void put_signo(Values& out, int64_t sig);
// A signal mask of `bytes` bytes as strace prints one: `[INT TERM]`, `~[RTMIN RT_1]`, `[]`.
void put_sigmask(Values& out, const void* mask, size_t bytes);
// A uid or gid: -1 stays -1.
void put_id(Values& out, uint32_t id);

// The fd-like values strace prints with printfd (-1, or a descriptor).
inline void put_fd(Values& out, int64_t fd) { out.fd(static_cast<int32_t>(fd)); }

// strace's umove_or_printaddr: reads a T at `addr` into `v` and returns true; otherwise
// prints NULL (null pointer) or the address (unreadable, or the call failed and this is its
// exit) and returns false.
bool fetch_bytes(CallCtx& c, uint64_t addr, void* v, size_t size);
template <typename T>
bool fetch(CallCtx& c, uint64_t addr, T& v) {
  return fetch_bytes(c, addr, &v, sizeof v);
}

// Reads a T at `addr` and prints it as `[value]` (strace's printnum_*); NULL, an unreadable
// address or a failed call print as with fetch.
template <typename T, typename Put>
void put_num(CallCtx& c, uint64_t addr, Put put) {
  T v{};
  if (!fetch(c, addr, v)) {
    return;
  }
  c.out().array_begin();
  put(c.out(), v);
  c.out().array_end();
}

// A string of exactly `len` bytes at `addr`, cut at -s (strace's printstrn); NULL as NULL.
void put_strn(CallCtx& c, uint64_t addr, uint64_t len);
// A NUL-terminated string cut at -s (strace's printstr): `...` only when it goes on beyond.
void put_str(CallCtx& c, uint64_t addr);
// A NUL-terminated string in a buffer of `max` bytes (strace's printstr_ex with
// QUOTE_0_TERMINATED): `...` when no NUL ends it within them; also cut at -s.
void put_str_max(CallCtx& c, uint64_t addr, size_t max);

// struct sock_fprog as strace prints it without -v: `{len=2, filter=0x55d0…}`.
void put_sock_fprog(CallCtx& c, uint64_t addr);

}  // namespace cxtrace::decode::special
