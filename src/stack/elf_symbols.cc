#include "stack/elf_symbols.h"

#include <elf.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <cxxabi.h>

namespace cxtrace::stack {

namespace {

// A read-only view of the whole file, unmapped when it goes out of scope.
class MappedFile {
 public:
  explicit MappedFile(const std::string& path) {
    int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      return;
    }
    struct stat st {};
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
      void* p = mmap(nullptr, static_cast<size_t>(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
      if (p != MAP_FAILED) {
        data_ = p;
        size_ = static_cast<size_t>(st.st_size);
      }
    }
    close(fd);
  }
  ~MappedFile() {
    if (data_ != nullptr) {
      munmap(data_, size_);
    }
  }
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;

  std::string_view view() const {
    return data_ == nullptr ? std::string_view() : std::string_view(static_cast<const char*>(data_), size_);
  }

 private:
  void* data_ = nullptr;
  size_t size_ = 0;
};

// Copies a T from `image` at `off`, if it is all inside.
template <typename T>
bool fetch(std::string_view image, uint64_t off, T& out) {
  if (off > image.size() || image.size() - off < sizeof(T)) {
    return false;
  }
  std::memcpy(&out, image.data() + off, sizeof(T));
  return true;
}

}  // namespace

std::unique_ptr<ElfSymbols> ElfSymbols::load(const std::string& path) {
  MappedFile file(path);
  return from_image(file.view());
}

std::unique_ptr<ElfSymbols> ElfSymbols::from_image(std::string_view image) {
  auto out = std::unique_ptr<ElfSymbols>(new ElfSymbols());
  out->file_size_ = image.size();
  Elf64_Ehdr eh{};
  if (!fetch(image, 0, eh) || std::memcmp(eh.e_ident, ELFMAG, SELFMAG) != 0 ||
      eh.e_ident[EI_CLASS] != ELFCLASS64) {
    return out;
  }
  for (uint64_t i = 0; i < eh.e_phnum; ++i) {
    Elf64_Phdr ph{};
    if (eh.e_phentsize < sizeof ph || !fetch(image, eh.e_phoff + i * eh.e_phentsize, ph)) {
      break;
    }
    if (ph.p_type == PT_LOAD) {
      out->segments_.push_back({ph.p_offset, ph.p_filesz, ph.p_vaddr});
    }
  }
  uint32_t order = 0;
  for (uint64_t i = 0; i < eh.e_shnum; ++i) {
    Elf64_Shdr sh{};
    if (eh.e_shentsize < sizeof sh || !fetch(image, eh.e_shoff + i * eh.e_shentsize, sh)) {
      break;
    }
    if ((sh.sh_type != SHT_SYMTAB && sh.sh_type != SHT_DYNSYM) || sh.sh_entsize < sizeof(Elf64_Sym)) {
      continue;
    }
    Elf64_Shdr strsh{};
    if (!fetch(image, eh.e_shoff + uint64_t{sh.sh_link} * eh.e_shentsize, strsh) ||
        strsh.sh_offset > image.size() || image.size() - strsh.sh_offset < strsh.sh_size) {
      continue;
    }
    std::string_view strtab = image.substr(strsh.sh_offset, strsh.sh_size);
    for (uint64_t off = 0; off + sizeof(Elf64_Sym) <= sh.sh_size; off += sh.sh_entsize) {
      Elf64_Sym sym{};
      if (!fetch(image, sh.sh_offset + off, sym)) {
        break;
      }
      if (ELF64_ST_TYPE(sym.st_info) != STT_FUNC || sym.st_shndx == SHN_UNDEF ||
          sym.st_name >= strtab.size()) {
        continue;
      }
      std::string_view name = strtab.substr(sym.st_name);
      name = name.substr(0, name.find('\0'));
      out->syms_.push_back({sym.st_value, static_cast<uint32_t>(out->names_.size()), order++});
      out->names_.append(name);
      out->names_.push_back('\0');
    }
  }
  std::sort(out->syms_.begin(), out->syms_.end(), [](const Sym& a, const Sym& b) {
    return a.addr != b.addr ? a.addr < b.addr : a.order < b.order;
  });
  return out;
}

std::optional<uint64_t> ElfSymbols::to_vaddr(uint64_t file_offset) const {
  for (const Segment& s : segments_) {
    if (file_offset >= s.offset && file_offset - s.offset < std::max<uint64_t>(s.filesz, 1)) {
      return file_offset - s.offset + s.vaddr;
    }
  }
  // Not inside any segment's file bytes: a file with no program headers maps 1:1.
  return segments_.empty() ? std::optional<uint64_t>(file_offset) : std::nullopt;
}

std::optional<ElfSymbols::Hit> ElfSymbols::lookup(uint64_t file_offset) const {
  std::optional<uint64_t> addr = to_vaddr(file_offset);
  if (!addr || syms_.empty()) {
    return std::nullopt;
  }
  // The last symbol at or below the address; among several at that address, the first read.
  auto it = std::upper_bound(syms_.begin(), syms_.end(), *addr,
                             [](uint64_t a, const Sym& s) { return a < s.addr; });
  if (it == syms_.begin()) {
    return std::nullopt;
  }
  --it;
  while (it != syms_.begin() && std::prev(it)->addr == it->addr) {
    --it;
  }
  uint64_t dist = *addr - it->addr;
  if (dist >= file_size_) {
    return std::nullopt;
  }
  return Hit{std::string_view(names_.data() + it->name), dist};
}

std::string demangle(std::string_view name) {
  if (name.size() < 2 || name[0] != '_' || name[1] != 'Z') {
    return std::string(name);
  }
  std::string mangled(name);
  int status = 0;
  char* d = abi::__cxa_demangle(mangled.c_str(), nullptr, nullptr, &status);
  if (status != 0 || d == nullptr) {
    std::free(d);
    return mangled;
  }
  std::string out(d);
  std::free(d);
  return out;
}

}  // namespace cxtrace::stack
