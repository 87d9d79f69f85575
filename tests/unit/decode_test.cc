// Decoders on a fake tracee (fake_memory.h): what is printed when memory runs out before a
// structure or a string ends, or a pointer leads nowhere, and that a count taken from the
// tracee never becomes a read of that size.
#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <sys/syscall.h>

#include <cstring>
#include <string>

#include "decode/decoder.h"
#include "fake_memory.h"
#include "output/text_format.h"
#include "table/syscall_table.h"

using namespace cxtrace;

namespace {

constexpr uint64_t kBase = 0x10000;

// The call's arguments as the text sink shows them, decoded at entry and, when `rv` is given,
// at exit.
std::string decoded(testing::FakeMemory& mem, uint64_t nr, std::array<uint64_t, 6> args,
                    int64_t rv, const decode::DecodeOptions& opts = {}) {
  decode::Record rec;
  arch::RawSyscall raw;
  raw.nr = nr;
  raw.args = args;
  rec.reset(raw, table::by_number(nr));
  decode::decode_entry(rec, mem, opts);
  rec.rval = rv;
  rec.is_error = rv < 0 && rv >= -4095;
  rec.has_exit = true;
  decode::decode_exit(rec, mem, opts);
  std::string out;
  for (int i = 0; i < rec.nargs; ++i) {
    if (i > 0) {
      out += ", ";
    }
    output::render_tokens(rec.vals, rec.arg_begin[i], rec.arg_begin[i + 1], {}, out);
  }
  return out;
}

}  // namespace

TEST_CASE("a string that runs into unreadable memory prints as its address") {
  testing::FakeMemory mem(kBase, "/etc/pass");  // no NUL before the memory ends
  CHECK(decoded(mem, SYS_chdir, {kBase}, 0) == "0x10000");
  testing::FakeMemory ok(kBase, std::string("/etc/passwd\0", 12));
  CHECK(decoded(ok, SYS_chdir, {kBase}, 0) == "\"/etc/passwd\"");
}

TEST_CASE("a structure cut short prints as its address") {
  struct stat st {};
  st.st_mode = S_IFREG | 0644;
  st.st_size = 42;
  std::string whole(reinterpret_cast<const char*>(&st), sizeof st);
  testing::FakeMemory full(kBase, whole);
  CHECK(decoded(full, SYS_fstat, {3, kBase}, 0) == "3, {st_mode=S_IFREG|0644, st_size=42, ...}");
  testing::FakeMemory cut(kBase, whole.substr(0, sizeof st - 1));
  CHECK(decoded(cut, SYS_fstat, {3, kBase}, 0) == "3, 0x10000");
  CHECK(decoded(cut, SYS_fstat, {3, 0}, 0) == "3, NULL");
}

TEST_CASE("a huge count is read only as far as -s shows") {
  testing::FakeMemory mem(kBase, "hello, world");
  decode::DecodeOptions opts;
  opts.string_limit = 5;
  CHECK(decoded(mem, SYS_write, {1, kBase, uint64_t{1} << 40}, 12, opts) ==
        "1, \"hello\"..., 1099511627776");
  CHECK(mem.largest_request() == 5);
}

TEST_CASE("-e write= of a huge count reads no more than the tracee has") {
  testing::FakeMemory mem(kBase, "hello, world");
  decode::DecodeOptions opts;
  opts.write_fds.inverted = true;  // every descriptor
  decode::Record rec;
  arch::RawSyscall raw;
  raw.nr = SYS_write;
  raw.args = {1, kBase, uint64_t{1} << 30};
  rec.reset(raw, table::by_number(SYS_write));
  decode::decode_entry(rec, mem, opts);
  rec.rval = 12;
  rec.has_exit = true;
  decode::decode_exit(rec, mem, opts);
  CHECK(rec.dump.empty());  // the buffer is not all readable: nothing to dump
  CHECK(mem.largest_request() <= 64 * 1024);
}
