// The I/O structure decoders: iovec arrays, pollfd arrays, epoll events, AIO control blocks
// and completions, System V semaphore operations and messages, and POSIX queue attributes.
// Arrays follow one rule (strace's print_array): NULL for a null pointer, the address when
// the first element cannot be read, `... /* 0x… */` where a later one cannot, and without -v
// no more elements than the -s limit, then `...`.
#include <linux/aio_abi.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/uio.h>

#include <algorithm>

#include <fmt/format.h>

#include "decode/basic.h"
#include "decode/families.h"
#include "decode/io.h"
#include "decode/special/common.h"

namespace cxtrace::decode {

namespace {

// struct epoll_event is packed on x86_64: 12 bytes.
struct [[gnu::packed]] EpollEvent {
  uint32_t events;
  uint64_t data;
};

struct SemBuf {
  uint16_t sem_num;
  int16_t sem_op;
  int16_t sem_flg;
};

struct MqAttr {
  int64_t mq_flags;
  int64_t mq_maxmsg;
  int64_t mq_msgsize;
  int64_t mq_curmsgs;
  int64_t reserved[4];
};

constexpr uint32_t kIoprioClassShift = 13;

// The pointer argument's value at exit of a failed call is only an address.
bool failed_out(ArgCtx& a) {
  if (a.call.failed()) {
    a.out().ptr(a.value);
    return true;
  }
  return false;
}

void put_epoll_event(Values& out, const EpollEvent& ev) {
  out.struct_begin();
  out.field("events");
  special::put_flags(out, table::xlat::epoll_events, ev.events, "EPOLL???");
  out.field("data");
  out.struct_begin();
  out.field("u32");
  out.uint_(static_cast<uint32_t>(ev.data));
  out.field("u64");
  out.uint_(ev.data);
  out.struct_end();
  out.struct_end();
}

}  // namespace

void put_io_event(Values& out, const io_event& ev) {
  out.struct_begin();
  out.field("data");
  out.hex(ev.data);
  out.field("obj");
  out.ptr(ev.obj);
  out.field("res");
  out.int_(ev.res);
  out.field("res2");
  out.int_(ev.res2);
  out.struct_end();
}

namespace {

void put_mq_attr(Values& out, const MqAttr& attr) {
  out.struct_begin();
  out.field("mq_flags");
  special::put_flags(out, table::xlat::mq_attr_flags, static_cast<uint64_t>(attr.mq_flags), "O_???");
  out.field("mq_maxmsg");
  out.int_(attr.mq_maxmsg);
  out.field("mq_msgsize");
  out.int_(attr.mq_msgsize);
  out.field("mq_curmsgs");
  out.int_(attr.mq_curmsgs);
  out.struct_end();
}

// An ioprio value as the iocb shows it: `IOPRIO_PRIO_VALUE(IOPRIO_CLASS_BE, 4)`.
void put_ioprio(Values& out, uint16_t prio) {
  std::string& pool = out.pool();
  size_t off = pool.size();
  uint32_t cls = prio >> kIoprioClassShift;
  pool += "IOPRIO_PRIO_VALUE(";
  if (const table::XlatEntry* e = special::lookup(table::xlat::ioprio_class, cls)) {
    pool += e->name;
  } else {
    fmt::format_to(std::back_inserter(pool), "{:#x} /* IOPRIO_CLASS_??? */", cls);
  }
  fmt::format_to(std::back_inserter(pool), ", {})", prio & ((1u << kIoprioClassShift) - 1));
  out.text_pooled(off);
}

}  // namespace

void put_iocb_header(Values& out, const iocb& cb) {
  out.field("aio_data");
  out.hex(cb.aio_data);
  if (cb.aio_key != 0) {
    out.field("aio_key");
    out.uint_(cb.aio_key);
  }
  if (cb.aio_rw_flags != 0) {
    out.field("aio_rw_flags");
    special::put_flags(out, table::xlat::rwf_flags, static_cast<uint32_t>(cb.aio_rw_flags), "RWF_???");
  }
  out.field("aio_lio_opcode");
  special::put_xval_u(out, table::xlat::aio_cmds, cb.aio_lio_opcode, "IOCB_CMD_???");
  if ((cb.aio_flags & IOCB_FLAG_IOPRIO) != 0) {
    out.field("aio_reqprio");
    put_ioprio(out, cb.aio_reqprio);
  } else if (cb.aio_reqprio != 0) {
    out.field("aio_reqprio");
    out.int_(cb.aio_reqprio);
  }
  out.field("aio_fildes");
  special::put_fd(out, cb.aio_fildes);
}

namespace {

// What the operation reads or writes: data for writes, addresses for reads.
void put_iocb_buffer(CallCtx& c, const iocb& cb) {
  Values& out = c.out();
  switch (cb.aio_lio_opcode) {
    case IOCB_CMD_PREAD:
    case IOCB_CMD_PWRITE:
      out.field("aio_buf");
      if (cb.aio_lio_opcode == IOCB_CMD_PWRITE) {
        special::put_strn(c, cb.aio_buf, cb.aio_nbytes);
      } else {
        out.ptr(cb.aio_buf);
      }
      out.field("aio_nbytes");
      out.uint_(cb.aio_nbytes);
      out.field("aio_offset");
      out.int_(cb.aio_offset);
      break;
    case IOCB_CMD_PREADV:
    case IOCB_CMD_PWRITEV:
      out.field("aio_buf");
      put_iovec_array(c, cb.aio_buf, cb.aio_nbytes,
                      cb.aio_lio_opcode == IOCB_CMD_PWRITEV ? IovData::all : IovData::none);
      out.field("aio_offset");
      out.int_(cb.aio_offset);
      break;
    case IOCB_CMD_POLL:
      out.field("aio_buf");
      special::put_flags(out, table::xlat::poll_events, static_cast<uint32_t>(cb.aio_buf), "POLL???");
      break;
    default:
      break;
  }
}

void put_iocb(CallCtx& c, const iocb& cb) {
  Values& out = c.out();
  out.struct_begin();
  put_iocb_header(out, cb);
  put_iocb_buffer(c, cb);
  if (cb.aio_flags != 0) {
    out.field("aio_flags");
    special::put_flags(out, table::xlat::aio_iocb_flags, cb.aio_flags, "IOCB_FLAG_???");
  }
  if ((cb.aio_flags & IOCB_FLAG_RESFD) != 0) {
    out.field("aio_resfd");
    special::put_fd(out, static_cast<int32_t>(cb.aio_resfd));
  }
  out.struct_end();
}

}  // namespace

bool put_array_bytes(CallCtx& c, uint64_t addr, uint64_t count, size_t size,
                     const std::function<void(const void*)>& put) {
  Values& out = c.out();
  if (addr == 0) {
    out.ptr(0);
    return false;
  }
  if (count != 0 && (count > UINT64_MAX / size || addr + count * size < addr)) {
    out.ptr(addr);
    return false;
  }
  alignas(16) unsigned char buf[64];
  size = std::min(size, sizeof buf);
  uint64_t cur = addr;
  for (uint64_t i = 0; i < count; ++i, cur += size) {
    if (c.mem.read(cur, buf, size) != size) {
      if (i == 0) {
        out.ptr(addr);
        return false;
      }
      out.ellipsis();
      out.comment(fmt::format("{:#x}", cur));
      break;
    }
    if (i == 0) {
      out.array_begin();
    }
    if (!c.opts.verbose && i >= c.opts.string_limit) {
      out.ellipsis();
      break;
    }
    put(buf);
  }
  if (count == 0) {
    out.array_begin();
  }
  out.array_end();
  return true;
}

void put_iovec_array(CallCtx& c, uint64_t addr, uint64_t count, IovData data, uint64_t total) {
  put_array<iovec>(c, addr, count, [&](const iovec& v) {
    Values& out = c.out();
    auto base = reinterpret_cast<uint64_t>(v.iov_base);
    out.struct_begin();
    out.field("iov_base");
    if (data == IovData::none) {
      out.ptr(base);
    } else {
      uint64_t len = data == IovData::upto ? std::min<uint64_t>(v.iov_len, total) : v.iov_len;
      total -= data == IovData::upto ? len : 0;
      special::put_strn(c, base, len);
    }
    out.field("iov_len");
    out.uint_(v.iov_len);
    out.struct_end();
  });
}

void decode_iovec(ArgCtx& a) {
  // Another process's addresses (process_vm_*'s remote_iov, process_madvise's ranges) are
  // never dereferenced; what the kernel filled is shown up to the returned byte count.
  IovData data = IovData::all;
  if (a.desc.name == "remote_iov" || a.desc.name == "iovec") {
    data = IovData::none;
  } else if (a.desc.dir != table::Dir::in) {
    data = a.call.rec.is_error ? IovData::none : IovData::upto;
  }
  uint64_t total = a.call.rec.is_error ? 0 : static_cast<uint64_t>(a.call.rec.rval);
  put_iovec_array(a.call, a.value, a.length(), data, total);
}

void put_pollfd(Values& out, const pollfd& p) {
  out.struct_begin();
  out.field("fd");
  special::put_fd(out, p.fd);
  if (p.fd >= 0) {
    out.field("events");
    special::put_flags(out, table::xlat::poll_events, static_cast<uint16_t>(p.events), "POLL???");
  }
  out.struct_end();
}

void decode_pollfd(ArgCtx& a) {
  put_array<pollfd>(a.call, a.value, a.length(), [&](const pollfd& p) { put_pollfd(a.out(), p); });
}

void decode_epoll_event(ArgCtx& a) {
  // EPOLL_CTL_DEL ignores the event: strace shows only its address.
  if (a.index == 3 && static_cast<int32_t>(a.call.arg(1)) == EPOLL_CTL_DEL) {
    a.out().ptr(a.value);
    return;
  }
  EpollEvent ev{};
  if (special::fetch(a.call, a.value, ev)) {
    put_epoll_event(a.out(), ev);
  }
}

void decode_epoll_events(ArgCtx& a) {
  if (failed_out(a)) {
    return;
  }
  put_array<EpollEvent>(a.call, a.value, a.length(), [&](const EpollEvent& ev) { put_epoll_event(a.out(), ev); });
}

void decode_io_events(ArgCtx& a) {
  if (failed_out(a)) {
    return;
  }
  put_array<io_event>(a.call, a.value, a.length(), [&](const io_event& ev) { put_io_event(a.out(), ev); });
}

void decode_iocbs(ArgCtx& a) {
  put_array<uint64_t>(a.call, a.value, a.length(), [&](uint64_t p) {
    iocb cb{};
    if (special::fetch(a.call, p, cb)) {
      put_iocb(a.call, cb);
    }
  });
}

void decode_sembuf(ArgCtx& a) {
  put_array<SemBuf>(a.call, a.value, a.length(), [&](const SemBuf& s) {
    Values& out = a.out();
    out.struct_begin();
    out.field("sem_num");
    out.uint_(s.sem_num);
    out.field("sem_op");
    out.int_(s.sem_op);
    out.field("sem_flg");
    special::put_flags(out, table::xlat::semop_flags, static_cast<uint16_t>(s.sem_flg), "SEM_???");
    out.struct_end();
  });
}

void decode_msgbuf(ArgCtx& a) {
  if (failed_out(a)) {
    return;
  }
  int64_t mtype = 0;
  if (!special::fetch(a.call, a.value, mtype)) {
    return;
  }
  Values& out = a.out();
  out.struct_begin();
  out.field("mtype");
  out.int_(mtype);
  out.field("mtext");
  special::put_strn(a.call, a.value + sizeof mtype, a.length());
  out.struct_end();
}

void decode_mq_attr(ArgCtx& a) {
  MqAttr attr{};
  if (special::fetch(a.call, a.value, attr)) {
    put_mq_attr(a.out(), attr);
  }
}

}  // namespace cxtrace::decode
