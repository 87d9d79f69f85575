// The decoded form of syscall arguments and results: a flat list of typed tokens. A decoder
// appends tokens (a number, a symbol, a string, the start of a struct …); each output sink
// renders the same tokens in its own syntax (strace text, JSON). Flat and append-only so one
// buffer per tracee is reused for every syscall without allocating.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "table/num_fmt.h"

namespace cxtrace::decode {

enum class Tok : uint8_t {
  int_,         // value as int64, decimal
  uint_,        // decimal
  hex,          // 0x1f
  oct,          // mode and umask: 0644, 022
  ptr,          // an address: NULL or 0x7ffd…
  sym,          // a named constant: `name`, with its `value` kept (printed as `fmt` by -X)
  flags_begin,  // sym and hex tokens until flags_end, rendered joined with '|'; `value` is
                // the whole set (printed as `fmt` by -X raw and verbose)
  flags_end,
  str,          // tracee bytes in the pool; flags: kTruncated, kQuoted
  struct_begin,
  struct_end,
  field,        // the name of the next value inside a struct
  array_begin,
  array_end,
  ellipsis,     // "..." for an abbreviated structure or array
  text,         // literal text in the pool for irregular forms (`makedev(0x1, 0x3)`)
  comment,      // a `/* N vars */` style remark, in the pool
  arrow,        // ` => ` between an in/out value before and after the call
};

using table::NumFmt;

// Token flags (their meaning depends on the token's kind).
inline constexpr uint8_t kTruncated = 1;    // str: more bytes followed than were kept
inline constexpr uint8_t kPooledName = 1;   // sym: the name is built text in the pool
                                            // (`makedev(0x1, 0x3)`, `8192*1024`)
inline constexpr uint8_t kParts = 1;        // flags_begin: a value made of parts (a socket's
                                            // type and its flags): -X raw/verbose print each
                                            // part's own number, joined by '|': `0x1|0x80800`
inline constexpr uint8_t kAllInComment = 2; // flags_begin: -X verbose shows the parts in the
                                            // comment even when nothing is named (`0644 /* 0644 */`)
inline constexpr uint8_t kRawZeroEmpty = 4; // flags_begin: -X raw prints nothing for a zero set
                                            // (strace's printflags without a default string:
                                            // statx's sync type, `statx(-100, "/", , 0x1, …`)
inline constexpr uint8_t kConcat = 8;       // flags_begin: members joined by nothing, not '|'
                                            // (`FUTEX_OP_ADD<<28`, `B1200<<IBSHIFT`)
inline constexpr uint8_t kStyledComment = 16; // flags_begin: -X verbose's comment shows the
                                            // members as verbose too (`16388 /* IOPRIO_PRIO_VALUE(
                                            // 0x2 /* IOPRIO_CLASS_BE */, 4) */`)
// text, field, comment: the styles that show the token (none of these: every style).
inline constexpr uint8_t kNotRaw = 1;       // not -X raw: strace's `/* SEEK_??? */` remark
inline constexpr uint8_t kNotAbbrev = 2;    // only -X raw and verbose
inline constexpr uint8_t kAbbrevOnly = 4;   // only without -X raw/verbose
inline constexpr uint8_t kRawOnly = 8;      // only -X raw
inline constexpr uint8_t kSignalSet = 1;    // array_begin: a signal mask, `[INT TERM]`: space
                                            // separated, no ", "
inline constexpr uint8_t kInverted = 2;     // array_begin (kSignalSet): the signals not in the
                                            // mask, `~[RTMIN RT_1]`
inline constexpr uint8_t kUnterminated = 2; // str: no NUL within the limit (cstring reads)
// int_ (or the AT_FDCWD sym): a file descriptor. With -y/-yy its description is in the pool
// (none when the pool part is empty): a path, quoted as strace quotes one; a NUL in it starts
// a device's `char 1:3`.
inline constexpr uint8_t kFdPath = 4;
inline constexpr uint8_t kComm = 8;         // int_: a pid with its -Y command name in the pool
inline constexpr uint8_t kAtSign = 8;       // str: an abstract socket name, shown as @"name"
inline constexpr uint8_t kForceHex = 16;    // str: every byte as \xNN, whatever -x says
inline constexpr uint8_t kFdVerbatim = 32;  // kFdPath: shown as is (`TCP:[…]`, `pid:42`), not quoted
inline constexpr uint8_t kFdDeleted = 64;   // kFdPath: the file is deleted, `(deleted)` follows
// str, struct_begin: the raw form of the token after it, which decodes it (`"\x00\x50"` behind
// `htons(80)`, `{tv_sec=1, tv_nsec=1073741823}` behind UTIME_NOW): -X raw shows this instead
// of it, -X verbose this with its name in a comment, the default only the name.
inline constexpr uint8_t kRawForm = 32;

struct Token {
  Tok kind;
  uint8_t flags = 0;
  NumFmt fmt = NumFmt::hex;  // sym, flags_begin: how -X raw/verbose print `value`
  uint32_t off = 0;      // pool offset for str/text/comment
  uint32_t len = 0;      // pool length
  uint64_t value = 0;
  std::string_view name; // sym name (static storage), field name
};

// A growing list of tokens plus the byte pool they point into.
class Values {
 public:
  void clear() {
    toks_.clear();
    pool_.clear();
  }
  size_t size() const { return toks_.size(); }
  const Token& operator[](size_t i) const { return toks_[i]; }
  const std::vector<Token>& tokens() const { return toks_; }
  std::string_view bytes(const Token& t) const { return std::string_view(pool_).substr(t.off, t.len); }
  // A sym's name: static text, or built text in the pool (kPooledName).
  std::string_view sym_name(const Token& t) const {
    return (t.flags & kPooledName) ? bytes(t) : t.name;
  }

  void int_(int64_t v) { push(Tok::int_, static_cast<uint64_t>(v)); }
  void uint_(uint64_t v) { push(Tok::uint_, v); }
  void hex(uint64_t v) { push(Tok::hex, v); }
  void oct(uint64_t v) { push(Tok::oct, v); }
  void ptr(uint64_t v) { push(Tok::ptr, v); }
  // A named constant; `fmt` is how -X raw/verbose print its number.
  void sym(std::string_view name, uint64_t v, NumFmt fmt = NumFmt::hex) {
    push(Tok::sym, v, name, 0, fmt);
  }
  // A value shown as built text (`makedev(0x1, 0x3)`, `8192*1024`) where strace prints
  // text, and as its number under -X raw (`0x103`) or both under -X verbose.
  void sym_text(std::string_view text, uint64_t v, NumFmt fmt) {
    push_pooled(Tok::sym, text, kPooledName, v);
    toks_.back().fmt = fmt;
  }
  // The same for text appended to the pool from `off`.
  void sym_pooled(size_t off, uint64_t v, NumFmt fmt) {
    push(Tok::sym, v, {}, kPooledName, fmt);
    toks_.back().off = static_cast<uint32_t>(off);
    toks_.back().len = static_cast<uint32_t>(pool_.size() - off);
  }
  void flags_begin(uint64_t v, NumFmt fmt = NumFmt::hex, uint8_t flags = 0) {
    push(Tok::flags_begin, v, {}, flags, fmt);
  }
  void flags_end() { push(Tok::flags_end); }
  void struct_begin(uint8_t flags = 0) { push(Tok::struct_begin, 0, {}, flags); }
  void struct_end() { push(Tok::struct_end); }
  void field(std::string_view name, uint8_t flags = 0) { push(Tok::field, 0, name, flags); }
  void array_begin(uint8_t flags = 0) { push(Tok::array_begin, 0, {}, flags); }
  void array_end() { push(Tok::array_end); }
  void arrow() { push(Tok::arrow); }
  void ellipsis() { push(Tok::ellipsis); }
  // A string of tracee bytes; `addr` is kept for --arg-addresses and JSON.
  void str(std::string_view bytes, uint8_t flags, uint64_t addr = 0) { push_pooled(Tok::str, bytes, flags, addr); }
  void text(std::string_view s, uint8_t flags = 0) { push_pooled(Tok::text, s, flags, 0); }
  // The bytes a decoded field was made from, shown by -X raw in place of the token that
  // follows (which decodes them) and by -X verbose before it (kRawForm).
  void raw_form(std::string_view bytes) { push_pooled(Tok::str, bytes, kRawForm | kForceHex, 0); }
  void comment(std::string_view s) { push_pooled(Tok::comment, s, 0, 0); }
  void comment(std::string_view s, uint8_t flags) { push_pooled(Tok::comment, s, flags, 0); }
  // strace's `/* SEEK_??? */` after a value its table does not name (not shown by -X raw).
  void remark(std::string_view s) { push_pooled(Tok::comment, s, kNotRaw, 0); }
  // An fd with its path for -y (`3</etc/passwd>`).
  void fd_path(int64_t fd, std::string_view path) {
    push_pooled(Tok::int_, path, kFdPath, static_cast<uint64_t>(fd));
  }

  // An int_ whose annotation (kComm: a command name) was appended to the pool from `off`.
  void int_pooled(int64_t v, size_t off, uint8_t flags) {
    push(Tok::int_, static_cast<uint64_t>(v), {}, flags);
    toks_.back().off = static_cast<uint32_t>(off);
    toks_.back().len = static_cast<uint32_t>(pool_.size() - off);
  }
  // A file descriptor; -y/-yy describe it after decoding (describe_fd). AT_FDCWD is a
  // descriptor too: `sym_fd("AT_FDCWD", -100)`, -100 under -X raw.
  void fd(int64_t fd) { push(Tok::int_, static_cast<uint64_t>(fd), {}, kFdPath); }
  void sym_fd(std::string_view name, uint64_t v) { push(Tok::sym, v, name, kFdPath, NumFmt::sdec); }
  // Gives descriptor token `i` its description, with kFdVerbatim / kFdDeleted in `flags`.
  void describe_fd(size_t i, std::string_view text, uint8_t flags) {
    Token& t = toks_[i];
    t.off = static_cast<uint32_t>(pool_.size());
    t.len = static_cast<uint32_t>(text.size());
    t.flags |= flags;
    pool_.append(text);
  }

  // For decoders that build a string in place: append to the pool, then call str_pooled.
  std::string& pool() { return pool_; }
  void str_pooled(size_t off, uint8_t flags, uint64_t addr = 0) {
    push(Tok::str, addr, {}, flags);
    toks_.back().off = static_cast<uint32_t>(off);
    toks_.back().len = static_cast<uint32_t>(pool_.size() - off);
  }
  // The same for literal text built in place (an irregular form).
  void text_pooled(size_t off, uint8_t flags = 0) {
    push(Tok::text, 0, {}, flags);
    toks_.back().off = static_cast<uint32_t>(off);
    toks_.back().len = static_cast<uint32_t>(pool_.size() - off);
  }

 private:
  void push(Tok k, uint64_t v = 0, std::string_view name = {}, uint8_t flags = 0,
            NumFmt fmt = NumFmt::hex) {
    toks_.push_back({k, flags, fmt, 0, 0, v, name});
  }
  void push_pooled(Tok k, std::string_view s, uint8_t flags, uint64_t v) {
    uint32_t off = static_cast<uint32_t>(pool_.size());
    pool_.append(s);
    toks_.push_back({k, flags, NumFmt::hex, off, static_cast<uint32_t>(s.size()), v, {}});
  }

  std::vector<Token> toks_;
  std::string pool_;
};

}  // namespace cxtrace::decode
