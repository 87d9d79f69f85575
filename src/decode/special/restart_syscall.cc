// restart_syscall: the kernel resuming a call a signal interrupted (nanosleep, poll …).
// strace names the call it resumes: `restart_syscall(<... resuming interrupted read ...>)`.
// The tracer keeps the number of the last call that ended with ERESTART_RESTARTBLOCK in
// Record::restart_nr; without one (the call was not traced, or cxtrace attached in the
// middle of it) it is strace's "system call".
#include "decode/special.h"
#include "decode/special/common.h"
#include "table/syscall_table.h"

namespace cxtrace::decode {

namespace {

void entry(CallCtx& c) {
  std::string_view name = "system call";  // strace's words when it does not know
  if (c.rec.restart_nr != UINT64_MAX) {
    const table::SyscallDesc* d = table::by_number(c.rec.restart_nr);
    if (d != nullptr && !d->name.empty()) {
      name = d->name;
    }
  }
  special::arg(c, [&](Values& out) {
    std::string& pool = out.pool();
    size_t off = pool.size();
    pool += "<... resuming interrupted ";
    pool += name;
    pool += " ...>";
    out.text_pooled(off);
  });
  special::entry_all(c);
}

}  // namespace

extern const SpecialDecoder special_restart_syscall = {entry, special::no_exit};

}  // namespace cxtrace::decode
