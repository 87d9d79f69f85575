#include "stack/stack_tracer.h"

#include <sys/syscall.h>

#include <fmt/core.h>

namespace cxtrace::stack {

bool StackTracer::capture_at_entry(uint64_t nr) {
  switch (nr) {
    case SYS_execve:
    case SYS_execveat:
    case SYS_exit:
    case SYS_exit_group:
      return true;
    default:
      return false;
  }
}

bool StackTracer::changes_mappings(uint64_t nr) {
  switch (nr) {
    case SYS_brk:
    case SYS_execve:
    case SYS_execveat:
    case SYS_mmap:
    case SYS_mprotect:
    case SYS_mremap:
    case SYS_munmap:
    case SYS_pkey_mprotect:
    case SYS_remap_file_pages:
    case SYS_shmat:
    case SYS_shmdt:
      return true;
    default:
      return false;
  }
}

const ProcessMaps* StackTracer::maps_for(pid_t tid, bool reread) {
  auto it = maps_.find(tid);
  if (it != maps_.end() && !reread) {
    return &it->second;
  }
  std::optional<ProcessMaps> fresh = ProcessMaps::read(tid);
  if (!fresh) {
    return nullptr;
  }
  return &(maps_[tid] = std::move(*fresh));
}

const ElfSymbols& StackTracer::symbols_for(const Mapping& m) {
  // The same path can name another file later (a library rebuilt while programs run).
  std::string key = fmt::format("{}:{}:{}", m.dev, m.inode, m.path);
  auto& slot = modules_[key];
  if (!slot) {
    // Only real files: "[vdso]" and the like have nothing to open.
    slot = m.path.empty() || m.path[0] != '/' ? ElfSymbols::from_image({}) : ElfSymbols::load(m.path);
  }
  return *slot;
}

void StackTracer::name_frame(const Mapping& m, uint64_t ip, bool after_call, StackFrame& f) {
  f.module = m.path;
  f.module_offset = ip - m.start + m.file_offset;
  // A return address may lie just past its function (a call to a function that never
  // returns, last in its caller): name the call instruction, count the offset from ip.
  uint64_t at = after_call && ip > m.start ? ip - 1 : ip;
  if (std::optional<ElfSymbols::Hit> hit = symbols_for(m).lookup(at - m.start + m.file_offset)) {
    f.has_symbol = true;
    f.symbol = demangle(hit->name);
    f.symbol_offset = hit->offset + (ip - at);
  }
}

void StackTracer::capture(pid_t tid, const user_regs_struct& regs, mem::MemoryReader& mem,
                          bool at_entry, StackTrace& out) {
  out.clear();
  out.taken = true;
  out.at_entry = at_entry;
  const ProcessMaps* maps = maps_for(tid, false);
  bool reread = false;
  bool truncated = unwinder_.walk(tid, regs, mem, kMaxFrames, [&](uint64_t ip, bool after_call) {
    const Mapping* m = maps != nullptr ? maps->find(ip) : nullptr;
    if (m == nullptr && !reread) {
      // New code the cached mappings do not know yet (mapped by a call cxtrace did not stop
      // at): read them again, once per walk.
      reread = true;
      maps = maps_for(tid, true);
      m = maps != nullptr ? maps->find(ip) : nullptr;
    }
    if (m != nullptr && m->executable) {
      name_frame(*m, ip, after_call, out.frames.emplace_back());
      return true;
    }
    // Anonymous or non-executable memory (JIT code, a corrupt stack): the walk ends here.
    if (ip != 0) {
      StackFrame& f = out.frames.emplace_back();
      f.error = "unexpected_backtracing_error";
      f.error_address = ip;
    }
    return false;
  });
  if (truncated) {
    out.frames.emplace_back().error = "too many stack frames";
  }
}

void StackTracer::mappings_changed() {
  maps_.clear();
  unwinder_.flush();
}

void StackTracer::forget(pid_t tid) {
  maps_.erase(tid);
  unwinder_.forget(tid);
}

}  // namespace cxtrace::stack
