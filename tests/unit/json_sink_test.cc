#include <catch2/catch.hpp>

#include <unistd.h>

#include <atomic>
#include <cmath>
#include <ctime>
#include <cstdlib>
#include <fstream>
#include <new>
#include <sstream>

#include "output/json_format.h"
#include "output/json_sink.h"
#include "output/output_file.h"
#include "table/syscall_table.h"

using namespace cxtrace;
using decode::Values;

// Every allocation of this test program is counted, so a test can check that the JSON sink
// allocates nothing per syscall once its buffers have grown.
namespace {
std::atomic<long> g_allocations{0};
}  // namespace

void* operator new(std::size_t n) {
  ++g_allocations;
  if (void* p = std::malloc(n == 0 ? 1 : n)) {
    return p;
  }
  throw std::bad_alloc();
}
// The nothrow form too (std::stable_sort's buffer): left to the runtime, its memory would come
// back through the free() above, which AddressSanitizer reports as a mismatch.
void* operator new(std::size_t n, const std::nothrow_t&) noexcept {
  ++g_allocations;
  return std::malloc(n == 0 ? 1 : n);
}
// GCC pairs the free() below with the library's operator new it inlined from the allocator and
// warns of a mismatch; both halves are the replacements above, so the pairing is right.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }

namespace {

std::string json_of(const Values& v) {
  std::string out;
  output::render_json(v, 0, v.size(), out);
  return out;
}

std::string json_str(std::string_view s) {
  std::string out;
  output::json_string(s, out);
  return out;
}

// A JsonSink writing into a temporary file.
struct Harness {
  std::string path;
  std::unique_ptr<output::OutputFile> file;
  output::Stream stream;
  output::JsonSink sink;

  Harness() {
    char tmpl[] = "/tmp/cxtrace-json-XXXXXX";
    int fd = mkstemp(tmpl);
    close(fd);
    path = tmpl;
    std::string err;
    file = output::OutputFile::open(path, false, err);
    stream.file = file.get();
  }
  ~Harness() { unlink(path.c_str()); }

  output::Subject subject(pid_t pid) {
    return output::Subject{pid, static_cast<uintptr_t>(pid), &stream, 1};
  }
  std::vector<std::string> lines() {
    file->flush();
    std::ifstream in(path);
    std::vector<std::string> out;
    for (std::string l; std::getline(in, l);) {
      out.push_back(l);
    }
    return out;
  }
};

// close(fd) with a decoded fd and a fixed time, returning rv.
decode::Record close_call(int fd, int64_t rv) {
  decode::Record r;
  arch::RawSyscall raw;
  const table::SyscallDesc* d = table::by_name("close");
  REQUIRE(d != nullptr);
  raw.nr = static_cast<uint64_t>(d->nr);
  raw.args[0] = static_cast<uint64_t>(fd);
  r.reset(raw, d);
  r.begin_arg();
  r.vals.int_(fd);
  r.end_arg();
  r.entry_args = r.total_args = r.nargs;
  r.ret_begin = static_cast<uint32_t>(r.vals.size());
  r.rval = rv;
  r.is_error = rv < 0 && rv > -4096;
  r.has_exit = true;
  // The tracer stamps calls with CLOCK_MONOTONIC; the sink shows them as wall-clock time.
  clock_gettime(CLOCK_MONOTONIC, &r.entry_time);
  r.exit_time = r.entry_time;
  r.exit_time.tv_nsec += 13211;
  if (r.exit_time.tv_nsec >= 1'000'000'000) {
    r.exit_time.tv_sec += 1;
    r.exit_time.tv_nsec -= 1'000'000'000;
  }
  return r;
}

// The member "key":… of a line, up to the next comma (enough for scalars).
std::string member(const std::string& line, const std::string& key) {
  size_t at = line.find("\"" + key + "\":");
  if (at == std::string::npos) {
    return "<absent>";
  }
  at += key.size() + 3;
  return line.substr(at, line.find_first_of(",}", at) - at);
}

}  // namespace

TEST_CASE("JSON strings: UTF-8 passes, controls are escaped, other bytes become \\udcXX") {
  CHECK(json_str("caf\xc3\xa9") == "\"caf\xc3\xa9\"");
  CHECK(json_str("a\"b\\c\n\t\x01\x7f") == R"("a\"b\\c\n\t\u0001\u007f")");
  CHECK(json_str("\xff\xfe") == R"("\udcff\udcfe")");
  // Overlong forms, surrogates and truncated sequences are not UTF-8.
  CHECK(json_str("\xc0\xaf") == R"("\udcc0\udcaf")");
  CHECK(json_str("\xed\xa0\x80") == R"("\udced\udca0\udc80")");
  CHECK(json_str("\xe2\x82") == R"("\udce2\udc82")");
  CHECK(json_str("\xf0\x9f\x98\x80") == "\"\xf0\x9f\x98\x80\"");
  CHECK(json_str(std::string_view("\0", 1)) == R"("\u0000")");
}

TEST_CASE("JSON values: numbers, symbols, flags, addresses") {
  Values v;
  v.array_begin();
  v.int_(-5);
  v.uint_(7);
  v.hex(0x1f);
  v.oct(0644);
  v.ptr(0);
  v.ptr(0x7ffd1234);
  v.sym("AT_FDCWD", static_cast<uint64_t>(-100));
  v.flags_begin(0100644);
  v.sym("S_IFREG", 0100000);
  v.oct(0644);
  v.flags_end();
  v.flags_begin(0);
  v.flags_end();
  v.array_end();
  CHECK(json_of(v) ==
        R"([-5,7,31,420,"0x0","0x7ffd1234",{"name":"AT_FDCWD","value":-100},)"
        R"({"value":33188,"flags":[{"name":"S_IFREG","value":32768}],"leftover":420},)"
        R"({"value":0,"flags":[],"leftover":0}])");
}

TEST_CASE("JSON values: structures, abbreviations, remarks, in/out pairs, fd paths") {
  Values v;
  v.struct_begin();
  v.field("st_mode");
  v.uint_(1);
  v.field("name");
  v.str("x", decode::kTruncated);
  v.field("len");
  v.array_begin();
  v.uint_(16);
  v.arrow();
  v.uint_(110);
  v.array_end();
  v.field("env");
  v.ptr(0x7ffd0000);
  v.comment("24 vars");
  v.field("fd");
  v.fd_path(3, "/etc/passwd");
  v.ellipsis();
  v.struct_end();
  std::string out;
  CHECK(output::render_json(v, 0, v.size(), out));  // a string was cut short
  CHECK(out ==
        R"({"st_mode":1,"name":"x","len":[{"in":16,"out":110}],)"
        R"("env":{"value":"0x7ffd0000","comment":"24 vars"},)"
        R"("fd":{"fd":3,"path":"/etc/passwd"},"...":true})");
}

TEST_CASE("JSON values: an empty range is null, several values an array") {
  Values v;
  CHECK(json_of(v) == "null");
  v.text("makedev(0x1, 0x3)");
  v.uint_(2);
  CHECK(json_of(v) == R"j(["makedev(0x1, 0x3)",2])j");
  Values bad;
  bad.struct_end();  // malformed input still gives JSON
  CHECK(json_of(bad) == "null");
}

TEST_CASE("a syscall is one object when it completes, whatever came in between") {
  Harness h;
  auto a = close_call(3, 0);
  auto b = close_call(99, -9);
  h.sink.syscall_entry(h.subject(10), a);
  h.sink.syscall_entry(h.subject(11), b);
  h.sink.syscall_exit(h.subject(11), b);
  h.sink.syscall_exit(h.subject(10), a);
  auto lines = h.lines();
  REQUIRE(lines.size() == 2);
  // "time": the wall clock when the call began, within a few seconds of now.
  double when = std::stod(member(lines[0], "time"));
  timespec wall{};
  clock_gettime(CLOCK_REALTIME, &wall);
  CHECK(std::abs(when - static_cast<double>(wall.tv_sec)) < 5);
  std::string time_field = "\"time\":" + member(lines[0], "time");
  lines[0].replace(lines[0].find(time_field), time_field.size(), "\"time\":T");
  CHECK(lines[0] ==
        R"({"event":"syscall","pid":11,"time":T,"syscall":"close","nr":3,)"
        R"("classes":["desc"],"args":[{"name":"fd","type":"int","value":99,"raw":"0x63"}],)"
        R"("returned":true,"ret":-1,"errno":{"name":"EBADF","value":9,)"
        R"("message":"Bad file descriptor"},"duration":0.000013})");
  CHECK(member(lines[1], "pid") == "10");
  CHECK(member(lines[1], "ret") == "0");
  CHECK(member(lines[1], "returned") == "true");
  CHECK(member(lines[1], "errno") == "<absent>");
}

TEST_CASE("calls that never return, restarts, detach and forget") {
  Harness h;
  auto a = close_call(3, 0);
  h.sink.syscall_entry(h.subject(10), a);
  h.sink.syscall_vanished(h.subject(10), a);
  auto r = close_call(4, -512);
  h.sink.syscall_entry(h.subject(10), r);
  h.sink.syscall_exit(h.subject(10), r);
  auto d = close_call(5, 0);
  h.sink.syscall_entry(h.subject(12), d);
  h.sink.detached(h.subject(12));
  h.sink.forget(h.subject(12));
  auto f = close_call(6, 0);
  h.sink.syscall_entry(h.subject(13), f);
  h.sink.forget(h.subject(13));
  h.sink.forget(h.subject(13));  // nothing open any more: writes nothing
  auto lines = h.lines();
  REQUIRE(lines.size() == 5);
  CHECK(member(lines[0], "returned") == "false");
  CHECK(member(lines[0], "ret") == "null");
  CHECK(member(lines[0], "duration") == "<absent>");
  CHECK(member(lines[1], "ret") == "null");  // ERESTARTSYS: no result, the call runs again
  CHECK(lines[1].find(R"("errno":{"name":"ERESTARTSYS","value":512)") != std::string::npos);
  CHECK(member(lines[2], "detached") == "true");
  CHECK(member(lines[2], "returned") == "false");
  CHECK(member(lines[3], "event") == "\"detach\"");
  CHECK(member(lines[4], "pid") == "13");
  CHECK(member(lines[4], "returned") == "false");
}

TEST_CASE("signal, stop, exit, killed, superseded and attach events") {
  Harness h;
  Values info;
  info.struct_begin();
  info.field("si_signo");
  info.sym("SIGUSR1", 10);
  info.struct_end();
  h.sink.signal(h.subject(7), 10, info);
  h.sink.group_stop(h.subject(7), 19);
  h.sink.exited(h.subject(7), 3);
  h.sink.killed(h.subject(8), 11, true);
  h.sink.superseded(h.subject(9), 10);
  h.sink.attached(h.subject(9), 7);
  h.sink.attached(h.subject(9), 0);
  auto lines = h.lines();
  REQUIRE(lines.size() == 7);
  auto tail = [](const std::string& l) { return l.substr(l.find(',', l.find("\"time\"")) + 1); };
  CHECK(tail(lines[0]) ==
        R"("signal":{"name":"SIGUSR1","value":10},)"
        R"("siginfo":{"si_signo":{"name":"SIGUSR1","value":10}}})");
  CHECK(tail(lines[1]) == R"("signal":{"name":"SIGSTOP","value":19}})");
  CHECK(tail(lines[2]) == R"("status":3})");
  CHECK(tail(lines[3]) == R"("signal":{"name":"SIGSEGV","value":11},"core_dumped":true})");
  CHECK(tail(lines[4]) == R"("old_pid":10})");
  CHECK(tail(lines[5]) == R"("parent":7})");
  CHECK(lines[6].find("parent") == std::string::npos);
  CHECK(lines[0].rfind(R"({"event":"signal","pid":7,"time":)", 0) == 0);
}

TEST_CASE("the JSON sink allocates nothing per syscall once its buffers have grown") {
  Harness h;
  decode::Record r = close_call(3, -2);
  r.vals.clear();
  r.nargs = 0;
  r.begin_arg();
  r.vals.struct_begin();
  r.vals.field("name");
  r.vals.str("caf\xc3\xa9\xff", decode::kTruncated);
  r.vals.field("mode");
  r.vals.flags_begin(0100644);
  r.vals.sym("S_IFREG", 0100000);
  r.vals.oct(0644);
  r.vals.flags_end();
  r.vals.field("len");
  r.vals.array_begin();
  r.vals.uint_(16);
  r.vals.arrow();
  r.vals.uint_(110);
  r.vals.array_end();
  r.vals.struct_end();
  r.end_arg();
  r.entry_args = r.total_args = r.nargs;
  r.ret_begin = static_cast<uint32_t>(r.vals.size());
  auto one_call = [&] {
    h.sink.syscall_entry(h.subject(10), r);
    h.sink.syscall_exit(h.subject(10), r);
  };
  for (int i = 0; i < 3; ++i) {
    one_call();
  }
  long before = g_allocations.load();
  for (int i = 0; i < 2000; ++i) {  // beyond one 64 KiB output block: flushes too
    one_call();
  }
  CHECK(g_allocations.load() - before == 0);
  CHECK(h.lines().size() == 2003);
}

TEST_CASE("a flag set inside a flag set joins its list (clone's flags and exit signal)") {
  Values v;
  v.flags_begin(0x1200011);
  v.flags_begin(0x1200000);
  v.sym("CLONE_CHILD_CLEARTID", 0x200000);
  v.sym("CLONE_CHILD_SETTID", 0x1000000);
  v.flags_end();
  v.sym("SIGCHLD", 17);
  v.hex(0x40000000);
  v.flags_end();
  CHECK(json_of(v) ==
        R"({"value":18874385,"flags":[{"name":"CLONE_CHILD_CLEARTID","value":2097152},)"
        R"({"name":"CLONE_CHILD_SETTID","value":16777216},{"name":"SIGCHLD","value":17}],)"
        R"("leftover":1073741824})");
}

TEST_CASE("JSON values: -y descriptions, expressions with their numbers, signal masks, raw forms") {
  Values v;
  v.array_begin();
  v.fd(3);
  v.describe_fd(1, std::string_view("/dev/null\0char 1:3", 18), 0);
  v.fd(4);
  v.describe_fd(2, "/tmp/gone", decode::kFdDeleted);
  v.sym_fd("AT_FDCWD", static_cast<uint64_t>(-100));
  v.describe_fd(3, "/home", 0);
  v.fd(5);  // not described: a plain number
  v.sym_text("makedev(0x1, 0x3)", 0x103, decode::NumFmt::hex);
  v.array_begin(decode::kSignalSet | decode::kInverted);
  v.sym("RTMIN", 32, decode::NumFmt::dec);
  v.array_end();
  v.struct_begin();
  v.field("sin_port");
  v.raw_form(std::string_view("\x00\x50", 2));  // -X raw's form stays out of JSON
  v.text("htons(80)");
  v.struct_end();
  v.array_end();
  CHECK(json_of(v) ==
        R"([{"fd":3,"path":"/dev/null","device":"char 1:3"},)"
        R"({"fd":4,"path":"/tmp/gone","deleted":true},)"
        R"({"fd":-100,"name":"AT_FDCWD","path":"/home"},5,)"
        R"j({"name":"makedev(0x1, 0x3)","value":259},"~[RTMIN]",{"sin_port":"htons(80)"}])j");
}

TEST_CASE("-y's result descriptor and -k's stack in the syscall object; a signal's stack") {
  Harness h;
  auto r = close_call(3, 0);
  r.ret_fd = static_cast<uint32_t>(r.vals.size());
  r.vals.fd(3);
  r.vals.describe_fd(r.ret_fd, "/etc/passwd", 0);
  r.stack.taken = true;
  stack::StackFrame f;
  f.module = "/lib/libc.so.6";
  f.symbol = "close";
  f.has_symbol = true;
  f.symbol_offset = 0x14;
  f.module_offset = 0xf8354;
  r.stack.frames.push_back(f);
  stack::StackFrame bare;
  bare.module = "/bin/prog";
  bare.module_offset = 0x1234;
  r.stack.frames.push_back(bare);
  stack::StackFrame err;
  err.error = "unexpected_backtracing_error";
  err.error_address = 0x7f00;
  r.stack.frames.push_back(err);
  h.sink.syscall_exit(h.subject(5), r);
  output::Subject s = h.subject(5);
  s.stack = &r.stack;
  h.sink.signal(s, 10, Values{});
  auto lines = h.lines();
  REQUIRE(lines.size() == 2);
  std::string frames =
      R"("stack":[{"module":"/lib/libc.so.6","function":"close","offset":"0x14",)"
      R"("module_offset":"0xf8354"},{"module":"/bin/prog","module_offset":"0x1234"},)"
      R"({"error":"unexpected_backtracing_error","address":"0x7f00"}])";
  CHECK(lines[0].find(R"("ret":0,"ret_fd":{"fd":3,"path":"/etc/passwd"},"duration")") !=
        std::string::npos);
  CHECK(lines[0].find("ret_info") == std::string::npos);
  CHECK(lines[0].find("," + frames + "}") != std::string::npos);
  CHECK(lines[1].find(R"("siginfo":null,)" + frames + "}") != std::string::npos);
}
