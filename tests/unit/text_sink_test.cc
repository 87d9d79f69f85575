#include <catch2/catch.hpp>

#include <unistd.h>

#include <fstream>
#include <sstream>

#include "output/output_file.h"
#include "output/text_sink.h"
#include "table/syscall_table.h"

using namespace cxtrace;

namespace {

// A TextSink writing into a temporary file, and a way to read back what it wrote.
struct Harness {
  std::string path;
  std::unique_ptr<output::OutputFile> file;
  output::Stream stream;
  output::TextSink sink;

  explicit Harness(output::TextOptions opts) : sink(opts) {
    char tmpl[] = "/tmp/cxtrace-sink-XXXXXX";
    int fd = mkstemp(tmpl);
    close(fd);
    path = tmpl;
    std::string err;
    file = output::OutputFile::open(path, false, err);
    stream.file = file.get();
  }
  ~Harness() { unlink(path.c_str()); }

  output::Subject subject(pid_t pid, size_t nprocs = 1) {
    return output::Subject{pid, static_cast<uintptr_t>(pid), &stream, nprocs};
  }
  std::string text() {
    file->flush();
    std::ifstream in(path);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }
};

// A raw `close(3)` style record: every argument in hex, all shown at entry.
decode::Record record(const char* name, std::initializer_list<uint64_t> args, int64_t rv) {
  decode::Record r;
  arch::RawSyscall raw;
  const table::SyscallDesc* d = table::by_name(name);
  REQUIRE(d != nullptr);
  raw.nr = static_cast<uint64_t>(d->nr);
  r.reset(raw, d);
  for (uint64_t a : args) {
    r.begin_arg();
    r.vals.hex(a);
    r.end_arg();
  }
  r.entry_args = r.nargs;
  r.total_args = r.nargs;
  r.ret_begin = static_cast<uint32_t>(r.vals.size());
  r.rval = rv;
  r.is_error = rv < 0 && rv > -4096;
  r.has_exit = true;
  return r;
}

}  // namespace

TEST_CASE("a call prints in one line with the result at column 40") {
  Harness h({});
  auto r = record("close", {3}, 0);
  h.sink.syscall_entry(h.subject(10), r);
  h.sink.syscall_exit(h.subject(10), r);
  CHECK(h.text() == "close(0x3)                              = 0\n");
}

TEST_CASE("errors print name and message; long calls get a single space") {
  output::TextOptions opts;
  opts.columns = 5;
  Harness h(opts);
  auto r = record("close", {99}, -9);
  h.sink.syscall_entry(h.subject(10), r);
  h.sink.syscall_exit(h.subject(10), r);
  CHECK(h.text() == "close(0x63) = -1 EBADF (Bad file descriptor)\n");
}

TEST_CASE("restart codes print with a question mark") {
  Harness h({});
  auto r = record("close", {3}, -512);
  h.sink.syscall_entry(h.subject(10), r);
  h.sink.syscall_exit(h.subject(10), r);
  CHECK(h.text() == "close(0x3)                              = ? ERESTARTSYS (To be restarted if SA_RESTART is set)\n");
}

TEST_CASE("another process's line splits a call into unfinished and resumed halves") {
  Harness h({});
  auto a = record("close", {3}, 0);
  auto b = record("close", {4}, 0);
  h.sink.syscall_entry(h.subject(10, 2), a);
  h.sink.syscall_entry(h.subject(11, 2), b);
  h.sink.syscall_exit(h.subject(11, 2), b);
  h.sink.syscall_exit(h.subject(10, 2), a);
  CHECK(h.text() ==
        "[pid    10] close(0x3 <unfinished ...>\n"
        "[pid    11] close(0x4)                  = 0\n"
        "[pid    10] <... close resumed>)        = 0\n");
}

TEST_CASE("with a shared trace file every line starts with the pid column") {
  output::TextOptions opts;
  opts.prefix = output::TextOptions::Prefix::pid_column;
  Harness h(opts);
  auto r = record("exit_group", {0}, 0);
  h.sink.syscall_entry(h.subject(4242), r);
  h.sink.syscall_vanished(h.subject(4242), r);
  h.sink.exited(h.subject(4242), 0);
  CHECK(h.text() ==
        "4242  exit_group(0)                     = ?\n"
        "4242  +++ exited with 0 +++\n");
}

TEST_CASE("signal, stop and death lines") {
  Harness h({});
  decode::Values info;
  info.struct_begin();
  info.field("si_signo");
  info.sym("SIGUSR1", 10);
  info.struct_end();
  h.sink.signal(h.subject(7), 10, info);
  h.sink.group_stop(h.subject(7), 19);
  h.sink.killed(h.subject(7), 9, false);
  h.sink.killed(h.subject(7), 11, true);
  CHECK(h.text() ==
        "--- SIGUSR1 {si_signo=SIGUSR1} ---\n"
        "--- stopped by SIGSTOP ---\n"
        "+++ killed by SIGKILL +++\n"
        "+++ killed by SIGSEGV (core dumped) +++\n");
}
