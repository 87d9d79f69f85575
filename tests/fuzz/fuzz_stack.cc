// Fuzz target: what -k reads from the traced process's files: /proc/PID/maps text and ELF
// symbol tables (a tracee can map any file it likes, so both are the tracee's to choose). The
// first byte picks which; the rest is the file. Lookups must stay inside what was parsed.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "fuzz_input.h"
#include "stack/elf_symbols.h"
#include "stack/process_maps.h"

using namespace cxtrace;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  fuzz::Input in(data, size);
  auto which = in.take<uint8_t>();
  auto probe = in.take<uint64_t>();
  std::string_view text = in.rest();
  if (which & 1) {
    std::unique_ptr<stack::ElfSymbols> syms = stack::ElfSymbols::from_image(text);
    if (!syms) {
      return 0;
    }
    for (uint64_t off : {probe, probe >> 32, uint64_t{0}, uint64_t{0x1000}, UINT64_MAX}) {
      if (auto hit = syms->lookup(off)) {
        (void)hit->name.size();
      }
    }
  } else {
    stack::ProcessMaps maps = stack::ProcessMaps::parse(text);
    for (uint64_t addr : {probe, probe >> 16, uint64_t{0x400000}, uint64_t{0x7fff0000}}) {
      if (const stack::Mapping* m = maps.find(addr)) {
        if (addr < m->start || addr >= m->end) {
          std::abort();  // a mapping that does not hold the address
        }
      }
    }
  }
  return 0;
}
