#include "decode/decoder.h"

#include "decode/pid_comm.h"

#include "decode/basic.h"
#include "decode/context.h"
#include "decode/data_dump.h"
#include "decode/families.h"
#include "decode/signals.h"
#include "decode/special.h"

namespace cxtrace::decode {

namespace {

using table::ArgType;

ArgDecoder decoder_for(ArgType t) {
  switch (t) {
    case ArgType::int_: return decode_int;
    case ArgType::uint: return decode_uint;
    case ArgType::long_: return decode_long;
    case ArgType::ulong: return decode_ulong;
    case ArgType::hex: return decode_hex;
    case ArgType::size: return decode_ulong;
    case ArgType::off: return decode_long;
    case ArgType::fd: return decode_fd;
    case ArgType::dirfd: return decode_fd;
    case ArgType::pid: return decode_pid;
    case ArgType::uid: return decode_id;
    case ArgType::gid: return decode_id;
    case ArgType::mode: return decode_mode;
    case ArgType::mode_type: return decode_file_mode;
    case ArgType::umask: return decode_mode;
    case ArgType::dev: return decode_dev;
    case ArgType::ptr: return decode_ptr;
    case ArgType::signo: return decode_signo;
    case ArgType::clockid: return decode_enum;
    case ArgType::ipc_key: return decode_ipc_key;
    case ArgType::flags: return decode_flags;
    case ArgType::enum_: return decode_enum;
    case ArgType::open_flags: return decode_open_flags;
    case ArgType::mmap_flags: return decode_mmap_flags;
    case ArgType::sock_type: return decode_sock_type;
    case ArgType::clone_flags: return decode_clone_flags;
    case ArgType::ipc_flags: return decode_ipc_flags;
    case ArgType::statx_flags: return decode_statx_flags;
    case ArgType::int_ptr: return decode_int_ptr;
    case ArgType::uint_ptr: return decode_uint_ptr;
    case ArgType::long_ptr: return decode_long_ptr;
    case ArgType::size_ptr: return decode_size_ptr;
    case ArgType::hex_ptr: return decode_hex_ptr;
    case ArgType::off_ptr: return decode_off_ptr;
    case ArgType::uid_ptr: return decode_uid_ptr;
    case ArgType::gid_ptr: return decode_uid_ptr;
    case ArgType::sockaddr_len: return decode_sockaddr_len;
    case ArgType::fd_pair: return decode_fd_pair;
    case ArgType::wait_status: return decode_wait_status;
    case ArgType::int_array: return decode_int_array;
    case ArgType::gid_array: return decode_gid_array;
    case ArgType::path: return decode_path;
    case ArgType::str: return decode_str;
    case ArgType::bytes: return decode_bytes;
    case ArgType::argv: return decode_argv;
    case ArgType::envp: return decode_envp;
    case ArgType::dirents: return decode_dirents;
    case ArgType::dirents64: return decode_dirents64;
    case ArgType::iovec: return decode_iovec;
    case ArgType::cpuset: return decode_cpuset;
    case ArgType::fdset: return decode_fdset;
    case ArgType::timespec: return decode_timespec;
    case ArgType::timespec_pair: return decode_timespec_pair;
    case ArgType::timeval: return decode_timeval;
    case ArgType::timeval_pair: return decode_timeval_pair;
    case ArgType::timezone: return decode_timezone;
    case ArgType::itimerval: return decode_itimerval;
    case ArgType::itimerspec: return decode_itimerspec;
    case ArgType::timex: return decode_timex;
    case ArgType::utimbuf: return decode_utimbuf;
    case ArgType::tms: return decode_tms;
    case ArgType::stat: return decode_stat;
    case ArgType::statx: return decode_statx;
    case ArgType::statfs: return decode_statfs;
    case ArgType::ustat: return decode_ustat;
    case ArgType::open_how: return decode_open_how;
    case ArgType::sigset: return decode_sigset;
    case ArgType::sigaction: return decode_sigaction;
    case ArgType::siginfo: return decode_siginfo_arg;
    case ArgType::stack_t: return decode_stack_t;
    case ArgType::sigevent: return decode_sigevent;
    case ArgType::rusage: return decode_rusage;
    case ArgType::rlimit: return decode_rlimit;
    case ArgType::utsname: return decode_utsname;
    case ArgType::sysinfo: return decode_sysinfo;
    case ArgType::clone_args: return decode_clone_args;
    case ArgType::sched_param: return decode_sched_param;
    case ArgType::sched_attr: return decode_sched_attr;
    case ArgType::cap_header: return decode_cap_header;
    case ArgType::cap_data: return decode_cap_data;
    case ArgType::sockaddr: return decode_sockaddr;
    case ArgType::msghdr: return decode_msghdr;
    case ArgType::mmsghdr: return decode_mmsghdr;
    case ArgType::pollfd: return decode_pollfd;
    case ArgType::epoll_event: return decode_epoll_event;
    case ArgType::epoll_events: return decode_epoll_events;
    case ArgType::io_events: return decode_io_events;
    case ArgType::iocbs: return decode_iocbs;
    case ArgType::sembuf: return decode_sembuf;
    case ArgType::msgbuf: return decode_msgbuf;
    case ArgType::mq_attr: return decode_mq_attr;
  }
  return decode_hex;
}

// Whether an argument of this type points to something other than a string or a buffer: what
// -e verbose= leaves out (the address is printed instead).
bool points_to_structure(table::ArgType t) {
  using table::ArgType;
  switch (t) {
    case ArgType::int_: case ArgType::uint: case ArgType::long_: case ArgType::ulong:
    case ArgType::hex: case ArgType::size: case ArgType::off: case ArgType::fd:
    case ArgType::dirfd: case ArgType::pid: case ArgType::uid: case ArgType::gid:
    case ArgType::mode: case ArgType::mode_type: case ArgType::umask: case ArgType::dev:
    case ArgType::ptr: case ArgType::signo: case ArgType::clockid: case ArgType::ipc_key:
    case ArgType::flags: case ArgType::enum_: case ArgType::open_flags:
    case ArgType::mmap_flags: case ArgType::sock_type: case ArgType::clone_flags:
    case ArgType::ipc_flags: case ArgType::statx_flags:
    case ArgType::path: case ArgType::str: case ArgType::bytes:
      return false;
    default:
      return true;
  }
}

int arg_count(const Record& rec) { return rec.desc != nullptr ? rec.desc->nargs : 6; }

// The first argument the kernel writes: arguments from here on are shown at exit.
int first_exit_arg(const table::SyscallDesc& d) {
  for (int i = 0; i < d.nargs; ++i) {
    if (d.args[i].dir != table::Dir::in) {
      return i;
    }
  }
  return d.nargs;
}

void raw_arg(Record& rec, int i) {
  rec.begin_arg();
  rec.vals.hex(rec.raw.args[i]);
  rec.end_arg();
}

// In/out pointers: keep what they pointed to before the kernel overwrote it.
void save_inout(CallCtx& c, int from) {
  const table::SyscallDesc& d = *c.rec.desc;
  for (int i = from; i < d.nargs; ++i) {
    if (d.args[i].dir == table::Dir::inout && c.arg(i) != 0) {
      uint64_t v = 0;
      c.rec.saved_ok[i] = c.mem.read(c.arg(i), &v, sizeof v) == sizeof v;
      c.rec.saved[i] = v;
    }
  }
}

}  // namespace

void generic_arg(CallCtx& c, int i) {
  const table::ArgDesc& d = c.rec.desc->args[i];
  ArgCtx a{c, d, i, c.arg(i)};
  c.rec.begin_arg();
  if (c.opts.is_raw(c.rec.raw.nr)) {
    c.rec.vals.hex(a.value);
  } else if (c.terse() && points_to_structure(d.type) &&
             !(d.type == table::ArgType::gid_array && a.length() == 0)) {
    c.rec.vals.ptr(a.value);
  } else {
    decoder_for(d.type)(a);
  }
  c.rec.end_arg();
}

void generic_entry(CallCtx& c) {
  int n = first_exit_arg(*c.rec.desc);
  for (int i = 0; i < n; ++i) {
    generic_arg(c, i);
  }
  c.rec.entry_args = c.rec.nargs;
  save_inout(c, n);
}

void generic_exit(CallCtx& c) {
  for (int i = c.rec.entry_args; i < c.rec.desc->nargs; ++i) {
    generic_arg(c, i);
  }
  c.rec.ret_begin = static_cast<uint32_t>(c.rec.vals.size());
}

namespace {

// -y/-yy: describes the descriptor tokens from `first` on.
void describe_fds(Values& vals, size_t first, FdDescriber& fds) {
  thread_local std::string text;
  for (size_t i = first; i < vals.size(); ++i) {
    const Token& t = vals[i];
    if ((t.flags & kFdPath) == 0 || t.len != 0) {
      continue;
    }
    uint8_t flags = 0;
    text.clear();
    if (fds.describe(static_cast<int32_t>(t.value), text, flags)) {
      vals.describe_fd(i, text, flags);
    }
  }
}

}  // namespace

void decode_entry(Record& rec, mem::MemoryReader& mem, const DecodeOptions& opts,
                  FdDescriber* fds) {
  decode_entry_args(rec, mem, opts);
  if (fds != nullptr) {
    describe_fds(rec.vals, 0, *fds);
  }
}

void decode_exit(Record& rec, mem::MemoryReader& mem, const DecodeOptions& opts,
                 FdDescriber* fds) {
  size_t first = rec.vals.size();
  decode_exit_args(rec, mem, opts);
  if (fds != nullptr && rec.desc != nullptr && !rec.is_error && !rec.raw_result &&
      (rec.desc->ret == table::RetType::fd || rec.ret_is_fd)) {
    rec.ret_fd = static_cast<uint32_t>(rec.vals.size());
    rec.vals.fd(static_cast<int32_t>(rec.rval));
  }
  if (fds != nullptr) {
    describe_fds(rec.vals, first, *fds);
  }
  if (!opts.read_fds.empty() || !opts.write_fds.empty()) {
    collect_dump(rec, mem, opts);
  }
}

void decode_entry_args(Record& rec, mem::MemoryReader& mem, const DecodeOptions& opts) {
  rec.raw_result = rec.desc != nullptr && opts.is_raw(rec.raw.nr);
  if (rec.desc == nullptr || rec.raw_result) {
    for (int i = 0; i < arg_count(rec); ++i) {
      raw_arg(rec, i);
    }
    rec.entry_args = rec.nargs;
    rec.total_args = rec.nargs;
    return;
  }
  CallCtx c{rec, mem, opts, false};
  rec.total_args = rec.desc->nargs;
  if (const SpecialDecoder* s = special_decoder(rec.desc->special)) {
    s->entry(c);
  } else {
    generic_entry(c);
  }
}

void decode_exit_args(Record& rec, mem::MemoryReader& mem, const DecodeOptions& opts) {
  if (rec.desc == nullptr || rec.raw_result) {
    rec.ret_begin = static_cast<uint32_t>(rec.vals.size());
    return;
  }
  CallCtx c{rec, mem, opts, true};
  rec.ret_begin = UINT32_MAX;
  if (const SpecialDecoder* s = special_decoder(rec.desc->special)) {
    s->exit(c);
  } else {
    generic_exit(c);
  }
  if (rec.ret_begin == UINT32_MAX) {
    rec.ret_begin = static_cast<uint32_t>(rec.vals.size());
  }
  if (opts.pid_comm && rec.desc->ret == table::RetType::pid && !rec.is_error) {
    read_comm(rec.rval, rec.ret_comm);
  }
  // A signal number as the result is named after it: `= 10 (SIGUSR1)`.
  if (rec.desc->ret == table::RetType::signo && !rec.is_error && rec.ret_begin == rec.vals.size()) {
    if (std::string_view name = signal_name(static_cast<int>(rec.rval)); !name.empty()) {
      rec.vals.sym(name, static_cast<uint64_t>(rec.rval));
    }
  }
}

}  // namespace cxtrace::decode
