// The function symbols of one ELF file, read once and kept sorted by address so that naming
// an address is a binary search. The stack tracer holds one per module it has met, which
// keeps -k usable on programs with many large libraries (python3).
//
// The choice of name follows libunwind's, which strace 6.1 (Debian's build) prints: every
// STT_FUNC symbol defined in .dynsym or .symtab counts, the nearest one at or below the
// address wins whatever its size (stripped libraries then name internal code after the
// nearest exported function), the first listed wins among equals, and nothing is found when
// the nearest symbol is farther away than the file is long.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cxtrace::stack {

class ElfSymbols {
 public:
  // Reads the file's symbol tables. A file that cannot be read, or is not a 64-bit ELF file,
  // gives an empty table (every lookup fails), so the failure is paid for once.
  static std::unique_ptr<ElfSymbols> load(const std::string& path);
  // From an ELF image in memory (the unit tests build one).
  static std::unique_ptr<ElfSymbols> from_image(std::string_view image);

  struct Hit {
    std::string_view name;  // as stored (mangled)
    uint64_t offset;        // file_offset's address minus the symbol's
  };
  // Names the code at `file_offset` in the file (an address made relative to the file by
  // the mapping it lies in).
  std::optional<Hit> lookup(uint64_t file_offset) const;
  size_t size() const { return syms_.size(); }

 private:
  struct Sym {
    uint64_t addr;      // st_value: a virtual address as the file's segments lay it out
    uint32_t name;      // offset into names_
    uint32_t order;     // position among all symbols read, for ties
  };
  struct Segment {
    uint64_t offset;
    uint64_t filesz;
    uint64_t vaddr;
  };

  std::optional<uint64_t> to_vaddr(uint64_t file_offset) const;

  std::vector<Sym> syms_;
  std::vector<Segment> segments_;
  std::string names_;
  uint64_t file_size_ = 0;
};

// strace's rendering of a C++ symbol: demangled with parameter types; other names unchanged.
std::string demangle(std::string_view name);

}  // namespace cxtrace::stack
