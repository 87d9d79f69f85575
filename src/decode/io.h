// What the I/O decoders (io.cc) share with the special decoders of the I/O calls (poll,
// select, preadv2, io_cancel): strace's array printing, iovec arrays, pollfd entries and the
// AIO structures.
#pragma once

#include <linux/aio_abi.h>
#include <poll.h>

#include <cstdint>
#include <cstring>
#include <functional>

#include "decode/context.h"

namespace cxtrace::decode {

// Appends `count` elements of `size` bytes at `addr` as an array, `put` appending each one
// (strace's print_array): NULL, or the bare address when the first element is unreadable;
// `..., ... /* 0x… */` when a later one is; without -v at most -s elements, then `...`.
// Returns false when only an address was printed.
bool put_array_bytes(CallCtx& c, uint64_t addr, uint64_t count, size_t size,
                     const std::function<void(const void*)>& put);

template <typename T, typename Put>
bool put_array(CallCtx& c, uint64_t addr, uint64_t count, Put&& put) {
  return put_array_bytes(c, addr, count, sizeof(T), [&](const void* p) {
    T v;
    std::memcpy(&v, p, sizeof v);
    put(v);
  });
}

// What an iovec array shows of the buffers: every byte (data going in), the bytes up to a
// total (data that came back), or only the addresses.
enum class IovData { all, upto, none };

void put_iovec_array(CallCtx& c, uint64_t addr, uint64_t count, IovData data, uint64_t total = 0);

// `{fd=3, events=POLLIN}`; a negative fd alone: `{fd=-1}`.
void put_pollfd(Values& out, const pollfd& p);

// `aio_data=0x7, aio_lio_opcode=IOCB_CMD_PWRITE, aio_fildes=4`, the fields inside the braces.
void put_iocb_header(Values& out, const iocb& cb);
// `{data=0x7, obj=0x7ffd…, res=3, res2=0}`
void put_io_event(Values& out, const io_event& ev);

}  // namespace cxtrace::decode
