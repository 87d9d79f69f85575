// The structure decoders, one family per file. Each renders one argument type the way
// strace prints it; the generic loop in decoder.cc picks them by the table's ArgType.
#pragma once

#include "decode/context.h"

namespace cxtrace::decode {

// basic.cc covers the scalar, string and flag types (decode/basic.h).

// pointers to one value: int_ptr … gid_ptr, and small arrays (basic_arrays.cc)
void decode_int_ptr(ArgCtx& a);
void decode_uint_ptr(ArgCtx& a);
void decode_long_ptr(ArgCtx& a);
void decode_size_ptr(ArgCtx& a);
void decode_hex_ptr(ArgCtx& a);
void decode_off_ptr(ArgCtx& a);
void decode_uid_ptr(ArgCtx& a);
void decode_fd_pair(ArgCtx& a);
void decode_int_array(ArgCtx& a);
void decode_gid_array(ArgCtx& a);
void decode_argv(ArgCtx& a);
void decode_envp(ArgCtx& a);

// time.cc
void decode_timespec(ArgCtx& a);
void decode_timespec_pair(ArgCtx& a);
void decode_timeval(ArgCtx& a);
void decode_timeval_pair(ArgCtx& a);
void decode_timezone(ArgCtx& a);
void decode_itimerval(ArgCtx& a);
void decode_itimerspec(ArgCtx& a);
void decode_timex(ArgCtx& a);
void decode_utimbuf(ArgCtx& a);
void decode_tms(ArgCtx& a);
// A clock_t count of ticks, with the seconds it stands for when not zero: `2 /* 0.02 s */`.
void put_clock_t(Values& out, uint64_t ticks);

// fs.cc
void decode_stat(ArgCtx& a);
void decode_statx(ArgCtx& a);
void decode_statfs(ArgCtx& a);
void decode_ustat(ArgCtx& a);
void decode_open_how(ArgCtx& a);
void decode_dirents(ArgCtx& a);
void decode_dirents64(ArgCtx& a);
void decode_cpuset(ArgCtx& a);
void decode_fdset(ArgCtx& a);

// signal.cc
void decode_sigset(ArgCtx& a);
void decode_sigaction(ArgCtx& a);
void decode_siginfo_arg(ArgCtx& a);
void decode_stack_t(ArgCtx& a);
void decode_sigevent(ArgCtx& a);

// process.cc
void decode_rusage(ArgCtx& a);
void decode_rlimit(ArgCtx& a);
void decode_utsname(ArgCtx& a);
void decode_sysinfo(ArgCtx& a);
void decode_clone_args(ArgCtx& a);
void decode_sched_param(ArgCtx& a);
void decode_sched_attr(ArgCtx& a);
void decode_cap_header(ArgCtx& a);
void decode_cap_data(ArgCtx& a);
void decode_wait_status(ArgCtx& a);

// net.cc
void decode_sockaddr(ArgCtx& a);
void decode_sockaddr_len(ArgCtx& a);
void decode_msghdr(ArgCtx& a);
void decode_mmsghdr(ArgCtx& a);

// io.cc
void decode_iovec(ArgCtx& a);
void decode_pollfd(ArgCtx& a);
void decode_epoll_event(ArgCtx& a);
void decode_epoll_events(ArgCtx& a);
void decode_io_events(ArgCtx& a);
void decode_iocbs(ArgCtx& a);
void decode_sembuf(ArgCtx& a);
void decode_msgbuf(ArgCtx& a);
void decode_mq_attr(ArgCtx& a);

}  // namespace cxtrace::decode
