#include <catch2/catch.hpp>

#include <unistd.h>

#include <fstream>
#include <regex>
#include <sstream>

#include "output/output_file.h"
#include "output/text_format.h"
#include "output/text_sink.h"
#include "table/syscall_table.h"

using namespace cxtrace;

namespace {

// The same events through a plain and a coloured TextSink.
struct Pair {
  struct One {
    std::string path;
    std::unique_ptr<output::OutputFile> file;
    output::Stream stream;
    std::unique_ptr<output::TextSink> sink;
  } plain, colour;

  Pair() {
    for (One* o : {&plain, &colour}) {
      char tmpl[] = "/tmp/cxtrace-color-XXXXXX";
      close(mkstemp(tmpl));
      o->path = tmpl;
      std::string err;
      o->file = output::OutputFile::open(o->path, false, err);
      o->stream.file = o->file.get();
      output::TextOptions opts;
      opts.style.color = o == &colour;
      o->sink = std::make_unique<output::TextSink>(opts);
    }
  }
  ~Pair() {
    unlink(plain.path.c_str());
    unlink(colour.path.c_str());
  }
  template <typename F>
  void both(pid_t pid, size_t nprocs, F f) {
    for (One* o : {&plain, &colour}) {
      f(*o->sink, output::Subject{pid, static_cast<uintptr_t>(pid), &o->stream, nprocs});
    }
  }
  static std::string text(One& o) {
    o.file->flush();
    std::ifstream in(o.path);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }
};

decode::Record openat_call(const char* path, int64_t rv) {
  decode::Record r;
  arch::RawSyscall raw;
  const table::SyscallDesc* d = table::by_name("openat");
  REQUIRE(d != nullptr);
  raw.nr = static_cast<uint64_t>(d->nr);
  r.reset(raw, d);
  r.begin_arg();
  r.vals.sym("AT_FDCWD", static_cast<uint64_t>(-100));
  r.end_arg();
  r.begin_arg();
  r.vals.str(path, 0);
  r.end_arg();
  r.begin_arg();
  r.vals.flags_begin(0);
  r.vals.sym("O_RDONLY", 0);
  r.vals.flags_end();
  r.end_arg();
  r.entry_args = r.total_args = r.nargs;
  r.ret_begin = static_cast<uint32_t>(r.vals.size());
  r.rval = rv;
  r.is_error = rv < 0;
  r.has_exit = true;
  return r;
}

}  // namespace

TEST_CASE("colour wraps names, strings, numbers, symbols, errors and signals") {
  Pair p;
  auto ok = openat_call("/etc/passwd", 3);
  auto bad = openat_call("/nonexistent", -2);
  for (auto* r : {&ok, &bad}) {
    p.both(5, 1, [&](output::TextSink& s, const output::Subject& su) {
      s.syscall_entry(su, *r);
      s.syscall_exit(su, *r);
    });
  }
  decode::Values info;
  info.struct_begin();
  info.field("si_signo");
  info.sym("SIGTERM", 15);
  info.struct_end();
  p.both(5, 1, [&](output::TextSink& s, const output::Subject& su) {
    s.signal(su, 15, info);
    s.killed(su, 15, false);
  });
  std::string c = Pair::text(p.colour);
  CHECK(c.find("\x1b[1mopenat\x1b[0m(") != std::string::npos);
  CHECK(c.find("\x1b[33mAT_FDCWD\x1b[0m") != std::string::npos);
  CHECK(c.find("\x1b[32m\"/etc/passwd\"\x1b[0m") != std::string::npos);
  CHECK(c.find("= \x1b[36m3\x1b[0m\n") != std::string::npos);
  CHECK(c.find("= \x1b[1;31m-1 ENOENT (No such file or directory)\x1b[0m\n") != std::string::npos);
  CHECK(c.find("--- \x1b[1;35mSIGTERM\x1b[0m {") != std::string::npos);
  CHECK(c.find("+++ killed by \x1b[1;35mSIGTERM\x1b[0m +++") != std::string::npos);
  std::string stripped = std::regex_replace(c, std::regex("\x1b\\[[0-9;]*m"), "");
  CHECK(stripped == Pair::text(p.plain));
}

TEST_CASE("stripped of colour, split lines and alignment are the plain ones") {
  Pair p;
  auto a = openat_call("/a/rather/long/path/name/here", 3);
  auto b = openat_call("/b", -13);
  p.both(10, 2, [&](output::TextSink& s, const output::Subject& su) { s.syscall_entry(su, a); });
  p.both(11, 2, [&](output::TextSink& s, const output::Subject& su) {
    s.syscall_entry(su, b);
    s.syscall_exit(su, b);
  });
  p.both(10, 2, [&](output::TextSink& s, const output::Subject& su) { s.syscall_exit(su, a); });
  std::string plain = Pair::text(p.plain);
  std::string c = Pair::text(p.colour);
  CHECK(plain.find("<unfinished ...>") != std::string::npos);
  CHECK(c != plain);
  CHECK(std::regex_replace(c, std::regex("\x1b\\[[0-9;]*m"), "") == plain);
  CHECK(output::visible_size("\x1b[1mab\x1b[0mc") == 3);
}
