// Fuzz target: --filter patterns (src/filter/pattern.h), NAME[:COND,...] with regexes, KEY~RE,
// KEY OP VALUE and KEY&FLAG conditions, and the symbolic constants they name (O_CREAT|O_EXCL,
// ENOENT, SIGKILL). The first byte picks what to parse; a pattern that parses is then
// evaluated against a few decoded calls, as the filter chain does at each syscall exit.
#include <fcntl.h>
#include <sys/syscall.h>

#include <cerrno>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "../unit/fake_memory.h"
#include "decode/decoder.h"
#include "filter/pattern.h"
#include "fuzz_input.h"
#include "table/syscall_table.h"

using namespace cxtrace;

namespace {

constexpr uint64_t kBase = 0x10000;

// Finished calls to match patterns against: openat of a path, a failed read, a write of a
// buffer, an execve with its argv.
std::vector<decode::Record>& records() {
  static std::vector<decode::Record> recs = [] {
    // 0: "/etc/passwd", 12: "hello, world\n", 26: "sh", 29: "-c", 32: argv.
    using namespace std::string_view_literals;
    std::string m("/etc/passwd\0hello, world\n\0sh\0-c\0"sv);
    uint64_t argv[] = {kBase + 26, kBase + 29, 0};
    m.append(reinterpret_cast<const char*>(argv), sizeof argv);
    testing::FakeMemory mem(kBase, m);
    decode::DecodeOptions opts;
    struct Call {
      uint64_t nr;
      std::array<uint64_t, 6> args;
      int64_t rval;
    };
    const Call calls[] = {
        {SYS_openat, {static_cast<uint64_t>(AT_FDCWD), kBase, O_RDONLY | O_CLOEXEC, 0}, 3},
        {SYS_read, {3, kBase + 12, 100}, -ENOENT},
        {SYS_write, {1, kBase + 12, 13}, 13},
        {SYS_execve, {kBase + 26, kBase + 32, 0}, 0},
    };
    std::vector<decode::Record> out;
    for (const Call& c : calls) {
      decode::Record r;
      arch::RawSyscall raw;
      raw.nr = c.nr;
      raw.args = c.args;
      r.reset(raw, table::by_number(c.nr));
      decode::decode_entry(r, mem, opts);
      r.rval = c.rval;
      r.is_error = c.rval < 0;
      r.has_exit = true;
      decode::decode_exit(r, mem, opts);
      out.push_back(std::move(r));
    }
    return out;
  }();
  return recs;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > fuzz::kMaxText) {
    return 0;
  }
  auto [which, text] = fuzz::choice(data, size);
  std::string error;
  if (which & 1) {
    (void)filter::symbol_value(text);
    return 0;
  }
  std::optional<filter::Pattern> p = filter::parse_pattern(text, error);
  if (!p) {
    return 0;
  }
  output::TextStyle style;
  style.hex_strings = (which >> 1) % 3;
  std::string scratch;
  for (const decode::Record& r : records()) {
    if (p->names.contains(r.raw.nr)) {
      (void)filter::conditions_hold(*p, r, style, scratch);
    }
  }
  return 0;
}
