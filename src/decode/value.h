// The decoded form of syscall arguments and results: a flat list of typed tokens. A decoder
// appends tokens (a number, a symbol, a string, the start of a struct …); each output sink
// renders the same tokens in its own syntax (strace text, JSON). Flat and append-only so one
// buffer per tracee is reused for every syscall without allocating.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace cxtrace::decode {

enum class Tok : uint8_t {
  int_,         // value as int64, decimal
  uint_,        // decimal
  hex,          // 0x1f
  oct,          // mode and umask: 0644, 022
  ptr,          // an address: NULL or 0x7ffd…
  sym,          // a named constant: `name`, with its `value` kept
  flags_begin,  // sym and hex tokens until flags_end, rendered joined with '|'
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

// Token flags.
inline constexpr uint8_t kTruncated = 1;    // str: more bytes followed than were kept
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

struct Token {
  Tok kind;
  uint8_t flags = 0;
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

  void int_(int64_t v) { toks_.push_back({Tok::int_, 0, 0, 0, static_cast<uint64_t>(v), {}}); }
  void uint_(uint64_t v) { toks_.push_back({Tok::uint_, 0, 0, 0, v, {}}); }
  void hex(uint64_t v) { toks_.push_back({Tok::hex, 0, 0, 0, v, {}}); }
  void oct(uint64_t v) { toks_.push_back({Tok::oct, 0, 0, 0, v, {}}); }
  void ptr(uint64_t v) { toks_.push_back({Tok::ptr, 0, 0, 0, v, {}}); }
  void sym(std::string_view name, uint64_t v) { toks_.push_back({Tok::sym, 0, 0, 0, v, name}); }
  void flags_begin(uint64_t v) { toks_.push_back({Tok::flags_begin, 0, 0, 0, v, {}}); }
  void flags_end() { toks_.push_back({Tok::flags_end, 0, 0, 0, 0, {}}); }
  void struct_begin() { toks_.push_back({Tok::struct_begin, 0, 0, 0, 0, {}}); }
  void struct_end() { toks_.push_back({Tok::struct_end, 0, 0, 0, 0, {}}); }
  void field(std::string_view name) { toks_.push_back({Tok::field, 0, 0, 0, 0, name}); }
  void array_begin() { toks_.push_back({Tok::array_begin, 0, 0, 0, 0, {}}); }
  void array_end() { toks_.push_back({Tok::array_end, 0, 0, 0, 0, {}}); }
  void arrow() { toks_.push_back({Tok::arrow, 0, 0, 0, 0, {}}); }
  void ellipsis() { toks_.push_back({Tok::ellipsis, 0, 0, 0, 0, {}}); }
  // A string of tracee bytes; `addr` is kept for --arg-addresses and JSON.
  void str(std::string_view bytes, uint8_t flags, uint64_t addr = 0) { push_pooled(Tok::str, bytes, flags, addr); }
  void text(std::string_view s) { push_pooled(Tok::text, s, 0, 0); }
  void comment(std::string_view s) { push_pooled(Tok::comment, s, 0, 0); }
  // An fd with its path for -y (`3</etc/passwd>`).
  void fd_path(int64_t fd, std::string_view path) {
    push_pooled(Tok::int_, path, kFdPath, static_cast<uint64_t>(fd));
  }

  // An int_ whose annotation (kComm: a command name) was appended to the pool from `off`.
  void int_pooled(int64_t v, size_t off, uint8_t flags) {
    toks_.push_back({Tok::int_, flags, static_cast<uint32_t>(off),
                     static_cast<uint32_t>(pool_.size() - off), static_cast<uint64_t>(v), {}});
  }
  // A file descriptor; -y/-yy describe it after decoding (describe_fd). AT_FDCWD is a
  // descriptor too: `sym_fd("AT_FDCWD", -100)`.
  void fd(int64_t fd) { toks_.push_back({Tok::int_, kFdPath, 0, 0, static_cast<uint64_t>(fd), {}}); }
  void sym_fd(std::string_view name, uint64_t v) { toks_.push_back({Tok::sym, kFdPath, 0, 0, v, name}); }
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
    toks_.push_back({Tok::str, flags, static_cast<uint32_t>(off),
                     static_cast<uint32_t>(pool_.size() - off), addr, {}});
  }
  // The same for literal text built in place (a signal mask, an irregular form).
  void text_pooled(size_t off) {
    toks_.push_back({Tok::text, 0, static_cast<uint32_t>(off),
                     static_cast<uint32_t>(pool_.size() - off), 0, {}});
  }

 private:
  void push_pooled(Tok k, std::string_view s, uint8_t flags, uint64_t v) {
    uint32_t off = static_cast<uint32_t>(pool_.size());
    pool_.append(s);
    toks_.push_back({k, flags, off, static_cast<uint32_t>(s.size()), v, {}});
  }

  std::vector<Token> toks_;
  std::string pool_;
};

}  // namespace cxtrace::decode
