#include "stack/unwinder.h"

#include <dlfcn.h>
#include <libunwind-ptrace.h>

#include <array>
#include <cassert>
#include <cstring>
#include <memory>

namespace cxtrace::stack {

namespace {

constexpr uint64_t kPage = 4096;

// What one walk may read: the register snapshot and the tracee's memory, with the pages read
// so far kept for the rest of the walk (the thread is stopped; libunwind reads the same stack
// words and unwind tables many times).
struct Walk {
  void* upt = nullptr;
  const user_regs_struct* regs = nullptr;
  mem::MemoryReader* mem = nullptr;
  struct Page {
    std::array<unsigned char, kPage> bytes;
    size_t valid;  // readable bytes from the page's start
  };
  std::unordered_map<uint64_t, std::unique_ptr<Page>> pages;

  bool read(uint64_t addr, void* out, size_t len) {
    auto* dst = static_cast<unsigned char*>(out);
    while (len > 0) {
      uint64_t base = addr & ~(kPage - 1);
      auto& slot = pages[base];
      if (!slot) {
        slot = std::make_unique<Page>();
        slot->valid = mem->read(base, slot->bytes.data(), kPage);
      }
      size_t in_page = addr - base;
      size_t n = std::min<size_t>(len, kPage - in_page);
      if (in_page + n > slot->valid) {
        return false;
      }
      std::memcpy(dst, slot->bytes.data() + in_page, n);
      dst += n;
      addr += n;
      len -= n;
    }
    return true;
  }
};

// libunwind hands every accessor the one argument given to unw_init_remote, and
// _UPT_find_proc_info passes that same argument on to the memory accessor. The argument must
// therefore be libunwind-ptrace's own context, and the walk's state reaches the accessors
// through this pointer instead. Walks are synchronous and never nested.
Walk* g_walk = nullptr;

Walk& current(void* arg) {
  assert(g_walk != nullptr && g_walk->upt == arg);
  (void)arg;
  return *g_walk;
}

int access_mem(unw_addr_space_t, unw_word_t addr, unw_word_t* val, int write, void* arg) {
  if (write != 0) {
    return -UNW_EINVAL;  // the tracee is never written to
  }
  return current(arg).read(addr, val, sizeof *val) ? 0 : -UNW_EINVAL;
}

int access_reg(unw_addr_space_t, unw_regnum_t reg, unw_word_t* val, int write, void* arg) {
  if (write != 0) {
    return -UNW_EINVAL;
  }
  const user_regs_struct& r = *current(arg).regs;
  switch (reg) {
    case UNW_X86_64_RAX: *val = r.rax; break;
    case UNW_X86_64_RDX: *val = r.rdx; break;
    case UNW_X86_64_RCX: *val = r.rcx; break;
    case UNW_X86_64_RBX: *val = r.rbx; break;
    case UNW_X86_64_RSI: *val = r.rsi; break;
    case UNW_X86_64_RDI: *val = r.rdi; break;
    case UNW_X86_64_RBP: *val = r.rbp; break;
    case UNW_X86_64_RSP: *val = r.rsp; break;
    case UNW_X86_64_R8: *val = r.r8; break;
    case UNW_X86_64_R9: *val = r.r9; break;
    case UNW_X86_64_R10: *val = r.r10; break;
    case UNW_X86_64_R11: *val = r.r11; break;
    case UNW_X86_64_R12: *val = r.r12; break;
    case UNW_X86_64_R13: *val = r.r13; break;
    case UNW_X86_64_R14: *val = r.r14; break;
    case UNW_X86_64_R15: *val = r.r15; break;
    case UNW_X86_64_RIP: *val = r.rip; break;
    default: return -UNW_EBADREG;
  }
  return 0;
}

int access_fpreg(unw_addr_space_t, unw_regnum_t, unw_fpreg_t*, int, void*) { return -UNW_EBADREG; }

int resume(unw_addr_space_t, unw_cursor_t*, void*) { return -UNW_EINVAL; }

int get_dyn_info_list_addr(unw_addr_space_t, unw_word_t*, void*) { return -UNW_ENOINFO; }

// Symbols are named by cxtrace's own per-module cache (elf_symbols.h), not through here.
int get_proc_name(unw_addr_space_t, unw_word_t, char*, size_t, unw_word_t*, void*) {
  return -UNW_ENOINFO;
}

// libunwind is loaded when -k first asks for it, not linked: a trace without -k then maps none
// of its four libraries (libunwind-ptrace, libunwind-x86_64, libunwind, liblzma), which cost
// every start their loading and ~130 KiB of resident memory (issue 8). The names are the
// libraries' own: libunwind's headers turn unw_init_remote into _Ux86_64_init_remote.
#define CXTRACE_SYMBOL_NAME(fn) CXTRACE_SYMBOL_NAME_(fn)
#define CXTRACE_SYMBOL_NAME_(fn) #fn

}  // namespace

struct Libunwind {
  decltype(&unw_create_addr_space) create_addr_space = nullptr;
  decltype(&unw_destroy_addr_space) destroy_addr_space = nullptr;
  decltype(&unw_set_caching_policy) set_caching_policy = nullptr;
  decltype(&unw_flush_cache) flush_cache = nullptr;
  decltype(&unw_init_remote) init_remote = nullptr;
  decltype(&unw_get_reg) get_reg = nullptr;
  decltype(&unw_is_signal_frame) is_signal_frame = nullptr;
  decltype(&unw_step) step = nullptr;
  decltype(&_UPT_create) upt_create = nullptr;
  decltype(&_UPT_destroy) upt_destroy = nullptr;
  decltype(&_UPT_find_proc_info) upt_find_proc_info = nullptr;
  decltype(&_UPT_put_unwind_info) upt_put_unwind_info = nullptr;

  // All of them, or nullptr (the library is missing or not the expected one).
  static const Libunwind* get() {
    static const std::unique_ptr<Libunwind> lib = load();
    return lib.get();
  }

 private:
  template <typename Fn>
  static bool bind(void* handle, const char* name, Fn& fn) {
    fn = reinterpret_cast<Fn>(dlsym(handle, name));
    return fn != nullptr;
  }

  static std::unique_ptr<Libunwind> load() {
    // libunwind-ptrace.so.0 names no library it needs: it expects the unw_* functions of
    // libunwind-x86_64.so.8 (which loads libunwind.so.8 and liblzma) to be global already.
    // Never closed: libunwind keeps global caches.
    void* x86 = dlopen("libunwind-x86_64.so.8", RTLD_NOW | RTLD_GLOBAL);
    void* h = x86 == nullptr ? nullptr : dlopen("libunwind-ptrace.so.0", RTLD_NOW | RTLD_LOCAL);
    if (h == nullptr) {
      return nullptr;
    }
    auto lib = std::make_unique<Libunwind>();
    bool ok = bind(x86, CXTRACE_SYMBOL_NAME(unw_create_addr_space), lib->create_addr_space) &&
              bind(x86, CXTRACE_SYMBOL_NAME(unw_destroy_addr_space), lib->destroy_addr_space) &&
              bind(x86, CXTRACE_SYMBOL_NAME(unw_set_caching_policy), lib->set_caching_policy) &&
              bind(x86, CXTRACE_SYMBOL_NAME(unw_flush_cache), lib->flush_cache) &&
              bind(x86, CXTRACE_SYMBOL_NAME(unw_init_remote), lib->init_remote) &&
              bind(x86, CXTRACE_SYMBOL_NAME(unw_get_reg), lib->get_reg) &&
              bind(x86, CXTRACE_SYMBOL_NAME(unw_is_signal_frame), lib->is_signal_frame) &&
              bind(x86, CXTRACE_SYMBOL_NAME(unw_step), lib->step) &&
              bind(h, "_UPT_create", lib->upt_create) &&
              bind(h, "_UPT_destroy", lib->upt_destroy) &&
              bind(h, "_UPT_find_proc_info", lib->upt_find_proc_info) &&
              bind(h, "_UPT_put_unwind_info", lib->upt_put_unwind_info);
    return ok ? std::move(lib) : nullptr;
  }
};

namespace {

unw_accessors_t g_accessors = {
    nullptr, nullptr, get_dyn_info_list_addr, access_mem,  // the first two: libunwind-ptrace's
    access_reg, access_fpreg, resume, get_proc_name,
};

// Sets the walk for the accessors and clears it on every way out.
class ActiveWalk {
 public:
  explicit ActiveWalk(Walk& w) { g_walk = &w; }
  ~ActiveWalk() { g_walk = nullptr; }
  ActiveWalk(const ActiveWalk&) = delete;
  ActiveWalk& operator=(const ActiveWalk&) = delete;
};

}  // namespace

// Only called once the library is loaded: a walk needs the address space made from it.
const Libunwind& Unwinder::lib() const { return *lib_; }

Unwinder::Unwinder() : lib_(Libunwind::get()) {
  if (lib_ == nullptr) {
    return;
  }
  const Libunwind& lib = *lib_;
  g_accessors.find_proc_info = lib.upt_find_proc_info;
  g_accessors.put_unwind_info = lib.upt_put_unwind_info;
  unw_addr_space_t as = lib.create_addr_space(&g_accessors, 0);
  if (as != nullptr) {
    lib.set_caching_policy(as, UNW_CACHE_GLOBAL);
  }
  as_ = as;
}

Unwinder::~Unwinder() {
  for (auto& [tid, upt] : upt_) {
    lib().upt_destroy(upt);
  }
  if (as_ != nullptr) {
    lib().destroy_addr_space(static_cast<unw_addr_space_t>(as_));
  }
}

void* Unwinder::context_for(pid_t tid) {
  auto& slot = upt_[tid];
  if (slot == nullptr) {
    slot = lib().upt_create(tid);
  }
  return slot;
}

bool Unwinder::walk(pid_t tid, const user_regs_struct& regs, mem::MemoryReader& mem,
                      size_t max_frames, const FrameFn& on_frame) {
  if (as_ == nullptr) {
    return false;
  }
  void* upt = context_for(tid);
  if (upt == nullptr) {
    return false;
  }
  Walk w;
  w.upt = upt;
  w.regs = &regs;
  w.mem = &mem;
  ActiveWalk active(w);
  unw_cursor_t cursor;
  if (lib().init_remote(&cursor, static_cast<unw_addr_space_t>(as_), upt) < 0) {
    return false;
  }
  bool after_call = false;  // the innermost frame is where the thread stopped, not a return
  for (size_t n = 0; n < max_frames; ++n) {
    unw_word_t ip = 0;
    if (lib().get_reg(&cursor, UNW_REG_IP, &ip) < 0 || !on_frame(ip, after_call)) {
      return false;
    }
    // A frame interrupted by a signal stopped at an instruction, not after a call.
    after_call = lib().is_signal_frame(&cursor) <= 0;
    if (lib().step(&cursor) <= 0) {
      return false;
    }
  }
  return true;
}

void Unwinder::flush() {
  if (as_ != nullptr) {
    lib().flush_cache(static_cast<unw_addr_space_t>(as_), 0, 0);
  }
  // libunwind-ptrace keeps the last file it read unwind tables from, per context.
  for (auto& [tid, upt] : upt_) {
    lib().upt_destroy(upt);
  }
  upt_.clear();
}

void Unwinder::forget(pid_t tid) {
  auto it = upt_.find(tid);
  if (it != upt_.end()) {
    lib().upt_destroy(it->second);
    upt_.erase(it);
  }
}

}  // namespace cxtrace::stack
