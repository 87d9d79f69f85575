// io_cancel: the control block is shown by its header fields only, and the completion the
// kernel writes back is one io_event, not an array:
// `io_cancel(0x7f…, {aio_data=0x7, aio_lio_opcode=IOCB_CMD_PREAD, aio_fildes=3}, {data=0x7, …})`.
#include "decode/io.h"
#include "decode/special.h"
#include "decode/special/common.h"

namespace cxtrace::decode {

namespace {

void entry(CallCtx& c) {
  generic_arg(c, 0);
  special::arg(c, [&](Values& out) {
    iocb cb{};
    if (special::fetch(c, c.arg(1), cb)) {
      out.struct_begin();
      put_iocb_header(out, cb);
      out.struct_end();
    }
  });
  special::entry_done(c, 3);
}

void exit(CallCtx& c) {
  special::arg(c, [&](Values& out) {
    io_event ev{};
    if (special::fetch(c, c.arg(2), ev)) {
      put_io_event(out, ev);
    }
  });
}

}  // namespace

extern const SpecialDecoder special_io_cancel = {entry, exit};

}  // namespace cxtrace::decode
