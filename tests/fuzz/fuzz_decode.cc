// Fuzz target: every syscall decoder and both output syntaxes, on arbitrary registers and
// arbitrary tracee memory. The input picks the syscall number, its six arguments, the result,
// the decoding options (-v, -x, -xx, -X, -s, -e raw=, -e verbose=, -y/-yy with a descriptor
// describer, -e read=/write= dumps) and the line options, and its tail is the tracee's memory,
// readable at kBase and nowhere else (tests/unit/fake_memory.h): structures cut short, strings
// without a NUL, pointers into nowhere and huge counts all come from there. Or the input is a
// signal with the siginfo the kernel would hand over.
//
// Beyond "no crash, no sanitizer report", it checks what must hold for any input:
//   - no single read of tracee memory asks for more than kMaxRequest bytes (a count taken from
//     the tracee must never size a buffer);
//   - every JSON Lines line is one valid JSON object in valid UTF-8;
//   - a text line holds no raw control character but the newline that ends it (and, with
//     --color, the escape that starts an SGR sequence).
//
// Input layout (little-endian), then memory:
//   u8 mode     bit0: a signal event (the memory starts with its siginfo_t) instead of a call
//   u8 opts     bit0 -v, bit1 -x, bit2 -xx, bit3 -e raw=<this call>, bit4 -e verbose=!<this
//               call>, bit5 -X raw, bit6 -X verbose, bit7 --color
//   u8 fds      bits0-3 --decode-fds set, bit4 -e read=all, bit5 -e write=all, bit6 -e raw=all,
//               bit7 -Y style pid prefix
//   u8 line     bit0 the call returns (else the thread dies in it), bit1 another thread's line
//               comes between entry and exit, bit2 -N, bit3 --arg-types, bit4 --arg-addresses,
//               bit5 -n, bit6 -i, bit7 -T
//   u8 strsize  -s
//   u8 extra    bit0 (INJECTED), bit1 (DELAYED), bit2 -a 0 (no alignment)
//   u16 nr      below 0x8000: the syscall number modulo 512; above: an unknown number
//   u64 args[6]
//   i64 rval    the result (an error when in -4095..-1, as the kernel reports it)
//   u16 restart what restart_syscall resumes
#include <signal.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>

#include "../unit/fake_memory.h"
#include "decode/decoder.h"
#include "decode/siginfo.h"
#include "fuzz_input.h"
#include "json_check.h"
#include "output/json_sink.h"
#include "output/output_file.h"
#include "output/text_format.h"
#include "output/text_sink.h"
#include "table/syscall_table.h"

using namespace cxtrace;

namespace {

constexpr uint64_t kBase = 0x10000;
// Decoders read structures, pages of strings and bounded arrays; nothing near a megabyte.
constexpr size_t kMaxRequest = 1 << 20;

// Descriptors 0-15 are described with bytes from the tracee's memory: descriptor N with the
// (memory[32N] % 32) bytes after that one, its kind from memory[32N] / 32. A path is the
// tracee's to choose, every byte of it; text the describer builds itself (a socket's
// endpoints) is shown verbatim, so it quotes the names in it.
class FakeDescriber final : public decode::FdDescriber {
 public:
  explicit FakeDescriber(std::string_view mem) : mem_(mem) {}
  bool describe(int fd, std::string& text, uint8_t& flags) override {
    size_t at = static_cast<size_t>(fd) * 32;
    if (fd < 0 || fd > 15 || at >= mem_.size()) {
      return false;
    }
    auto head = static_cast<uint8_t>(mem_[at]);
    std::string_view bytes = mem_.substr(at + 1, head % 32);
    flags = head & 64 ? decode::kFdDeleted : 0;
    if (head & 32) {
      // Verbatim text is the describer's own, with any name in it quoted, as sock_diag
      // quotes a UNIX socket's path: `UNIX-STREAM:["/tmp/s"]`.
      flags |= decode::kFdVerbatim;
      text = "UNIX-STREAM:[";
      output::quote_string(bytes, output::TextStyle{}, text);
      text += ']';
    } else {
      // A path holds no NUL; after one the describer adds a device's numbers (-yy).
      text.assign(bytes.substr(0, bytes.find('\0')));
      if (head & 128) {
        text += std::string_view("\0char 1:3", 9);
      }
    }
    return true;
  }

 private:
  std::string_view mem_;
};

// The trace is written to a memory file and read back for the checks.
int g_memfd = -1;
std::string g_path;
// CXTRACE_FUZZ_SHOW=1: print each trace on stderr (to see what a corpus input decodes to).
bool g_show = false;

std::string take_output() {
  off_t size = lseek(g_memfd, 0, SEEK_END);
  std::string out(static_cast<size_t>(size), '\0');
  if (size > 0 && pread(g_memfd, out.data(), out.size(), 0) != size) {
    std::abort();
  }
  return out;
}

void check_text(std::string_view out, bool color) {
  for (size_t i = 0; i < out.size(); ++i) {
    auto c = static_cast<unsigned char>(out[i]);
    bool sgr = color && c == 0x1b && i + 1 < out.size() && out[i + 1] == '[';
    if ((c < 0x20 && c != '\n' && !sgr) || c == 0x7f) {
      std::fprintf(stderr, "text line with a raw control byte 0x%02x at %zu: %.*s\n", c, i,
                   static_cast<int>(out.size()), out.data());
      std::abort();
    }
  }
  if (!out.empty() && out.back() != '\n') {
    std::fprintf(stderr, "text output does not end its line: %.*s\n",
                 static_cast<int>(out.size()), out.data());
    std::abort();
  }
}

void check_json(std::string_view out) {
  size_t i = 0;
  while (i < out.size()) {
    size_t j = out.find('\n', i);
    if (j == std::string_view::npos) {
      std::fprintf(stderr, "JSON output does not end its line\n");
      std::abort();
    }
    std::string_view line = out.substr(i, j - i);
    if (!fuzz::JsonCheck::valid(line, true)) {
      std::fprintf(stderr, "invalid JSON line: %.*s\n", static_cast<int>(line.size()), line.data());
      std::abort();
    }
    i = j + 1;
  }
}

struct Header {
  uint8_t mode, opts, fds, line, strsize, extra;
  uint16_t nr;
  uint64_t args[6];
  int64_t rval;
  uint16_t restart;
};

Header take_header(fuzz::Input& in) {
  Header h{};
  h.mode = in.take<uint8_t>();
  h.opts = in.take<uint8_t>();
  h.fds = in.take<uint8_t>();
  h.line = in.take<uint8_t>();
  h.strsize = in.take<uint8_t>();
  h.extra = in.take<uint8_t>();
  h.nr = in.take<uint16_t>();
  for (uint64_t& a : h.args) {
    a = in.take<uint64_t>();
  }
  h.rval = in.take<int64_t>();
  h.restart = in.take<uint16_t>();
  return h;
}

// Runs one event through a sink; `json` picks which.
void run(const Header& h, std::string_view memory, bool json) {
  testing::FakeMemory mem(kBase, memory);
  FakeDescriber describer(memory);

  decode::DecodeOptions dopts;
  dopts.verbose = h.opts & 1;
  dopts.string_limit = h.strsize;
  dopts.raw_all = h.fds & 64;
  dopts.decode_fds = h.fds & 15;
  if (h.fds & 16) {
    dopts.read_fds.inverted = true;  // -e read=all
  }
  if (h.fds & 32) {
    dopts.write_fds.inverted = true;
  }

  output::TextOptions topts;
  topts.style.hex_strings = (h.opts & 4) ? 2 : (h.opts & 2) ? 1 : 0;
  topts.style.consts = (h.opts & 32)   ? output::TextStyle::Consts::raw
                       : (h.opts & 64) ? output::TextStyle::Consts::verbose
                                       : output::TextStyle::Consts::abbrev;
  topts.style.color = h.opts & 128;
  topts.arg_names = h.line & 4;
  topts.arg_types = h.line & 8;
  topts.arg_addresses = h.line & 16;
  topts.syscall_number = h.line & 32;
  topts.instruction_pointer = h.line & 64;
  topts.duration_digits = (h.line & 128) ? 6 : -1;
  topts.pid_comm = h.fds & 128;
  topts.columns = (h.extra & 4) ? 0 : 40;

  std::string error;
  std::unique_ptr<output::OutputFile> file = output::OutputFile::open(g_path, false, error);
  if (!file) {
    std::fprintf(stderr, "%s\n", error.c_str());
    std::abort();
  }
  std::unique_ptr<output::Sink> sink;
  if (json) {
    sink = std::make_unique<output::JsonSink>();
  } else {
    sink = std::make_unique<output::TextSink>(topts);
  }
  output::Stream stream{file.get()};
  output::Subject me{42, 1, &stream, 2, h.nr, true, 0x401000, "prog"};
  output::Subject other{43, 2, &stream, 2, 0, false, 0, {}};

  if (h.mode & 1) {
    siginfo_t si{};
    std::memcpy(&si, memory.data(), std::min(memory.size(), sizeof si));
    decode::Values info;
    decode::decode_siginfo(si, info, false);
    sink->signal(me, si.si_signo, info);
  } else {
    uint64_t nr = h.nr < 0x8000 ? h.nr % 512 : 0x40000000u | h.nr;
    arch::RawSyscall raw;
    raw.nr = nr;
    for (int i = 0; i < 6; ++i) {
      raw.args[i] = h.args[i];
    }
    raw.ip = 0x401000;
    decode::Record rec;
    dopts.raw.assign(512, 0);
    dopts.terse.assign(512, 0);
    if ((h.opts & 8) && nr < 512) {
      dopts.raw[nr] = 1;
    }
    if ((h.opts & 16) && nr < 512) {
      dopts.terse[nr] = 1;
    }
    rec.restart_nr = h.restart;
    rec.reset(raw, table::by_number(nr));
    rec.entry_time = {100, 5000};
    rec.injected = h.extra & 1;
    rec.delayed = h.extra & 2;
    decode::FdDescriber* fds = dopts.decode_fds != 0 ? &describer : nullptr;
    decode::decode_entry(rec, mem, dopts, fds);
    sink->syscall_entry(me, rec);
    if (h.line & 2) {
      // Another thread's line in between: the first is closed `<unfinished ...>` and resumed.
      decode::Record r2;
      arch::RawSyscall raw2;
      raw2.nr = 39;  // getpid
      r2.reset(raw2, table::by_number(39));
      decode::decode_entry(r2, mem, dopts, nullptr);
      sink->syscall_entry(other, r2);
      r2.rval = 43;
      r2.has_exit = true;
      decode::decode_exit(r2, mem, dopts, nullptr);
      sink->syscall_exit(other, r2);
    }
    if (h.line & 1) {
      rec.rval = h.rval;
      rec.is_error = h.rval < 0 && h.rval >= -4095;
      rec.has_exit = true;
      rec.exit_time = {100, 9000};
      decode::decode_exit(rec, mem, dopts, fds);
      sink->syscall_exit(me, rec);
    } else {
      sink->syscall_vanished(me, rec);
    }
    sink->forget(me);
  }
  file->close();
  if (mem.largest_request() > kMaxRequest) {
    std::fprintf(stderr, "a decoder asked for %zu bytes of tracee memory in one read\n",
                 mem.largest_request());
    std::abort();
  }
  std::string out = take_output();
  if (g_show) {
    std::fwrite(out.data(), 1, out.size(), stderr);
  }
  if (json) {
    check_json(out);
  } else {
    check_text(out, topts.style.color);
  }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  g_memfd = memfd_create("cxtrace-fuzz-decode", 0);
  if (g_memfd < 0) {
    std::perror("memfd_create");
    std::abort();
  }
  g_path = "/proc/self/fd/" + std::to_string(g_memfd);
  g_show = std::getenv("CXTRACE_FUZZ_SHOW") != nullptr;
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  fuzz::Input in(data, size);
  Header h = take_header(in);
  std::string_view memory = in.rest();
  run(h, memory, false);
  run(h, memory, true);
  return 0;
}
