// clone3: the struct clone_args the caller passed, showing only the fields its flags use,
// then at exit what the kernel wrote through its pointers: `clone3({flags=CLONE_VM|…,
// exit_signal=SIGCHLD, stack=0x7f…, stack_size=0x7ffe00, tls=0x7f…} => {parent_tid=[123]},
// 88) = 123`.
#include <linux/sched.h>

#include <algorithm>
#include <climits>

#include "decode/special.h"
#include "decode/special/common.h"

namespace cxtrace::decode {

namespace {

using special::arg;

struct CloneArgs {
  uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls;
  uint64_t set_tid, set_tid_size, cgroup;
};
constexpr size_t kMinSize = 64;  // up to and including tls: CLONE_ARGS_SIZE_VER0

// Reads the structure the way the kernel does: as much of it as `size` covers.
bool read_args(CallCtx& c, CloneArgs& a, size_t& fetched) {
  a = CloneArgs{};
  fetched = std::min<size_t>(c.arg(1), sizeof a);
  return !c.terse() && c.mem.read(c.arg(0), &a, fetched) == fetched;
}

void put_set_tid(CallCtx& c, const CloneArgs& a) {
  Values& out = c.out();
  out.field("set_tid");
  if (a.set_tid == 0 || a.set_tid_size == 0 || a.set_tid_size > 32) {
    out.ptr(a.set_tid);
  } else {
    int32_t tids[32];
    size_t n = a.set_tid_size;
    if (c.mem.read(a.set_tid, tids, n * sizeof tids[0]) != n * sizeof tids[0]) {
      out.ptr(a.set_tid);
    } else {
      out.array_begin();
      for (size_t i = 0; i < n; ++i) {
        out.int_(tids[i]);
      }
      out.array_end();
    }
  }
  out.field("set_tid_size");
  out.uint_(a.set_tid_size);
}

void put_args(CallCtx& c, const CloneArgs& a, size_t fetched) {
  Values& out = c.out();
  out.struct_begin();
  out.field("flags");
  out.flags_begin(a.flags);
  uint64_t left = special::put_flag_names(out, table::xlat::clone_flags, a.flags);
  left = special::put_flag_names(out, table::xlat::clone3_flags, left);
  if (left != 0) {
    out.hex(left);
    if (left == a.flags) {
      out.comment("CLONE_???");
    }
  }
  out.flags_end();  // no flags at all: 0
  if ((a.flags & CLONE_PIDFD) != 0) {
    out.field("pidfd");
    out.ptr(a.pidfd);
  }
  if ((a.flags & (CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID)) != 0) {
    out.field("child_tid");
    out.ptr(a.child_tid);
  }
  if ((a.flags & CLONE_PARENT_SETTID) != 0) {
    out.field("parent_tid");
    out.ptr(a.parent_tid);
  }
  out.field("exit_signal");
  if (a.exit_signal < INT_MAX) {
    special::put_signo(out, static_cast<int64_t>(a.exit_signal));
  } else {
    out.uint_(a.exit_signal);
  }
  out.field("stack");
  out.ptr(a.stack);
  out.field("stack_size");
  out.hex(a.stack_size);
  if ((a.flags & CLONE_SETTLS) != 0) {
    out.field("tls");
    out.ptr(a.tls);
  }
  if (a.set_tid != 0 || a.set_tid_size != 0) {
    put_set_tid(c, a);
  }
  if (fetched > offsetof(CloneArgs, cgroup) &&
      (a.cgroup != 0 || (a.flags & CLONE_INTO_CGROUP) != 0)) {
    out.field("cgroup");
    out.uint_(a.cgroup);
  }
  out.struct_end();
}

// The kernel writes the pid file descriptor and the child's tid through these flags.
constexpr uint64_t kWrites = CLONE_PIDFD | CLONE_PARENT_SETTID;

void entry(CallCtx& c) {
  arg(c, [&](Values& out) {
    CloneArgs a{};
    size_t fetched = 0;
    if (c.arg(0) == 0 || std::min<uint64_t>(c.arg(1), sizeof a) < kMinSize ||
        !read_args(c, a, fetched)) {
      out.ptr(c.arg(0));
      return;
    }
    put_args(c, a, fetched);
    if ((a.flags & kWrites) != 0) {
      c.rec.joined_arg = 1;  // ` => {parent_tid=[…]}` joins the struct at exit
    }
  });
  if (c.rec.joined_arg != 0) {
    special::entry_done(c, 3);
    return;
  }
  arg(c, [&](Values& out) { out.uint_(c.arg(1)); });
  special::entry_all(c);
}

void exit(CallCtx& c) {
  if (c.rec.joined_arg == 0) {
    return;
  }
  arg(c, [&](Values& out) {
    if (c.rec.is_error) {
      return;
    }
    CloneArgs a{};
    size_t fetched = 0;
    if (!read_args(c, a, fetched)) {
      out.arrow();
      out.ptr(c.arg(0));
      return;
    }
    if ((a.flags & kWrites) == 0) {
      return;
    }
    out.arrow();
    out.struct_begin();
    if ((a.flags & CLONE_PIDFD) != 0) {
      out.field("pidfd");
      special::put_num<int32_t>(c, a.pidfd, [](Values& o, int32_t v) { o.int_(v); });
    }
    if ((a.flags & CLONE_PARENT_SETTID) != 0) {
      out.field("parent_tid");
      special::put_num<int32_t>(c, a.parent_tid, [](Values& o, int32_t v) { o.int_(v); });
    }
    out.struct_end();
  });
  arg(c, [&](Values& out) { out.uint_(c.arg(1)); });
}

}  // namespace

extern const SpecialDecoder special_clone3 = {entry, exit};

}  // namespace cxtrace::decode
