#include <unistd.h>

#include <catch2/catch.hpp>

#include <string>

#include "stack/elf_symbols.h"
#include "stack/process_maps.h"

using namespace cxtrace;

// Named from the test binary's own symbol table below.
extern "C" __attribute__((noinline, used)) int cxtrace_stack_test_marker(int x) { return x * 3 + 1; }

TEST_CASE("maps: file mappings only, sorted, binary search", "[stack]") {
  stack::ProcessMaps m = stack::ProcessMaps::parse(
      "55d0c0000000-55d0c0001000 r--p 00000000 08:01 1234                       /usr/bin/prog\n"
      "55d0c0001000-55d0c0005000 r-xp 00001000 08:01 1234                       /usr/bin/prog\n"
      "55d0c1000000-55d0c1021000 rw-p 00000000 00:00 0                          [heap]\n"
      "7f0000000000-7f0000010000 rw-p 00000000 00:00 0 \n"
      "7f0000010000-7f0000020000 r-xp 00002000 08:01 99   /lib/lib with space.so (deleted)\n"
      "7f0000010000-7f0000020000 r-xp 00002000 08:01 99   /lib/duplicate.so\n"
      "garbage line\n"
      "ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0                  [vsyscall]\n");
  REQUIRE(m.size() == 5);
  const stack::Mapping* text = m.find(0x55d0c0001234);
  REQUIRE(text != nullptr);
  CHECK(text->executable);
  CHECK(text->path == "/usr/bin/prog");
  CHECK(text->file_offset == 0x1000);
  CHECK(text->inode == 1234);
  CHECK(m.find(0x55d0c0005000) == nullptr);
  CHECK(m.find(0x7f0000000010) == nullptr);  // anonymous memory
  const stack::Mapping* lib = m.find(0x7f000001ffff);
  REQUIRE(lib != nullptr);
  CHECK(lib->path == "/lib/lib with space.so (deleted)");
  CHECK(m.find(0x1000) == nullptr);
}

TEST_CASE("elf symbols: nearest function at or below, from this very binary", "[stack]") {
  std::unique_ptr<stack::ElfSymbols> syms = stack::ElfSymbols::load("/proc/self/exe");
  REQUIRE(syms->size() > 0);
  stack::ProcessMaps maps = *stack::ProcessMaps::read(getpid());
  auto addr = reinterpret_cast<uint64_t>(&cxtrace_stack_test_marker);
  const stack::Mapping* m = maps.find(addr);
  REQUIRE(m != nullptr);
  uint64_t off = addr - m->start + m->file_offset;
  auto hit = syms->lookup(off + 2);
  REQUIRE(hit.has_value());
  CHECK(hit->name == "cxtrace_stack_test_marker");
  CHECK(hit->offset == 2);
}

TEST_CASE("elf symbols: unreadable or non-ELF files name nothing", "[stack]") {
  CHECK(stack::ElfSymbols::load("/nonexistent/file")->lookup(0x1000) == std::nullopt);
  CHECK(stack::ElfSymbols::from_image("not an ELF file at all")->lookup(4) == std::nullopt);
}

TEST_CASE("demangle: C++ names with parameters, others unchanged", "[stack]") {
  CHECK(stack::demangle("_ZN7cxtrace5stack8demangleESt17basic_string_viewIcSt11char_traitsIcEE") ==
        "cxtrace::stack::demangle(std::basic_string_view<char, std::char_traits<char> >)");
  CHECK(stack::demangle("__write") == "__write");
  CHECK(stack::demangle("_Znot_valid") == "_Znot_valid");
}
