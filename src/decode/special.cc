#include "decode/special.h"

namespace cxtrace::decode {

// One per decoder=NAME in syscalls/signatures.tbl, defined in decode/special/NAME.cc.
extern const SpecialDecoder special_adjtimex;
extern const SpecialDecoder special_arch_prctl;
extern const SpecialDecoder special_bpf;
extern const SpecialDecoder special_clone;
extern const SpecialDecoder special_clone3;
extern const SpecialDecoder special_execve;
extern const SpecialDecoder special_execveat;
extern const SpecialDecoder special_fcntl;
extern const SpecialDecoder special_futex;
extern const SpecialDecoder special_io_cancel;
extern const SpecialDecoder special_ioctl;
extern const SpecialDecoder special_ioprio;
extern const SpecialDecoder special_keyctl;
extern const SpecialDecoder special_mknod;
extern const SpecialDecoder special_mmap;
extern const SpecialDecoder special_mount;
extern const SpecialDecoder special_mq_open;
extern const SpecialDecoder special_open;
extern const SpecialDecoder special_personality;
extern const SpecialDecoder special_poll;
extern const SpecialDecoder special_prctl;
extern const SpecialDecoder special_preadv2;
extern const SpecialDecoder special_pselect6;
extern const SpecialDecoder special_ptrace;
extern const SpecialDecoder special_quotactl;
extern const SpecialDecoder special_restart_syscall;
extern const SpecialDecoder special_seccomp;
extern const SpecialDecoder special_select;
extern const SpecialDecoder special_sigreturn;
extern const SpecialDecoder special_socket;
extern const SpecialDecoder special_sockopt;

const SpecialDecoder* special_decoder(table::Special s) {
  using table::Special;
  switch (s) {
    case Special::none:
      return nullptr;
    case Special::adjtimex:
      return &special_adjtimex;
    case Special::arch_prctl:
      return &special_arch_prctl;
    case Special::bpf:
      return &special_bpf;
    case Special::clone:
      return &special_clone;
    case Special::clone3:
      return &special_clone3;
    case Special::execve:
      return &special_execve;
    case Special::execveat:
      return &special_execveat;
    case Special::fcntl:
      return &special_fcntl;
    case Special::futex:
      return &special_futex;
    case Special::io_cancel:
      return &special_io_cancel;
    case Special::ioctl:
      return &special_ioctl;
    case Special::ioprio:
      return &special_ioprio;
    case Special::keyctl:
      return &special_keyctl;
    case Special::mknod:
      return &special_mknod;
    case Special::mmap:
      return &special_mmap;
    case Special::mount:
      return &special_mount;
    case Special::mq_open:
      return &special_mq_open;
    case Special::open:
      return &special_open;
    case Special::personality:
      return &special_personality;
    case Special::poll:
      return &special_poll;
    case Special::prctl:
      return &special_prctl;
    case Special::preadv2:
      return &special_preadv2;
    case Special::pselect6:
      return &special_pselect6;
    case Special::ptrace:
      return &special_ptrace;
    case Special::quotactl:
      return &special_quotactl;
    case Special::restart_syscall:
      return &special_restart_syscall;
    case Special::seccomp:
      return &special_seccomp;
    case Special::select:
      return &special_select;
    case Special::sigreturn:
      return &special_sigreturn;
    case Special::socket:
      return &special_socket;
    case Special::sockopt:
      return &special_sockopt;
  }
  return nullptr;
}

}  // namespace cxtrace::decode
