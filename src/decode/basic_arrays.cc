// Pointers to one value (`[42]`), small arrays (`[3, 4]`), and execve's argument and
// environment vectors.
#include <cstring>
#include <vector>

#include <fmt/format.h>

#include "decode/basic.h"
#include "decode/families.h"

namespace cxtrace::decode {

namespace {

template <typename T>
bool read_value(ArgCtx& a, T& v) {
  return a.mem().read(a.value, &v, sizeof v) == sizeof v;
}

// `[value]`, or `[before => after]` for an in/out value the kernel changed.
template <typename T, typename Put>
void pointed(ArgCtx& a, Put put) {
  if (a.value == 0) {
    a.out().ptr(0);
    return;
  }
  if (a.call.failed() && a.desc.dir == table::Dir::out) {
    a.out().ptr(a.value);
    return;
  }
  T v{};
  if (!read_value(a, v)) {
    a.out().ptr(a.value);
    return;
  }
  Values& out = a.out();
  const Record& rec = a.call.rec;
  // An in/out value the call changed shows both: `[0] => [3]`.
  if (a.desc.dir == table::Dir::inout && a.call.exiting && rec.saved_ok[a.index]) {
    T before{};
    std::memcpy(&before, &rec.saved[a.index], sizeof before);
    if (before != v) {
      out.array_begin();
      put(out, before);
      out.array_end();
      out.arrow();
    }
  }
  out.array_begin();
  put(out, v);
  out.array_end();
}

// Reads the NULL-terminated pointer array at addr, up to `max` entries, into `ptrs`.
// Returns false when the array itself is unreadable. `more` is set if it went on.
bool read_pointers(mem::MemoryReader& mem, uint64_t addr, size_t max, std::vector<uint64_t>& ptrs,
                   bool& more) {
  more = false;
  uint64_t chunk[64];
  while (true) {
    size_t got = mem.read(addr, chunk, sizeof chunk) / sizeof(uint64_t);
    if (got == 0) {
      return !ptrs.empty();
    }
    for (size_t i = 0; i < got; ++i) {
      if (chunk[i] == 0) {
        return true;
      }
      if (ptrs.size() == max) {
        more = true;
        return true;
      }
      ptrs.push_back(chunk[i]);
    }
    addr += got * sizeof(uint64_t);
  }
}

size_t count_pointers(mem::MemoryReader& mem, uint64_t addr) {
  uint64_t chunk[64];
  size_t n = 0;
  while (n < (1u << 24)) {
    size_t got = mem.read(addr, chunk, sizeof chunk) / sizeof(uint64_t);
    if (got == 0) {
      return n;
    }
    for (size_t i = 0; i < got; ++i) {
      if (chunk[i] == 0) {
        return n;
      }
      ++n;
    }
    addr += got * sizeof(uint64_t);
  }
  return n;
}

void string_array(ArgCtx& a) {
  if (a.value == 0) {
    a.out().ptr(0);
    return;
  }
  thread_local std::vector<uint64_t> ptrs;
  ptrs.clear();
  bool more = false;
  size_t limit = a.opts().string_limit;
  if (!read_pointers(a.mem(), a.value, limit, ptrs, more)) {
    a.out().ptr(a.value);
    return;
  }
  Values& out = a.out();
  out.array_begin();
  for (uint64_t p : ptrs) {
    put_str_limited(out, a.mem(), p, limit);
  }
  if (more) {
    out.ellipsis();
  }
  out.array_end();
}

}  // namespace

void decode_int_ptr(ArgCtx& a) {
  pointed<int32_t>(a, [](Values& o, int32_t v) { o.int_(v); });
}
void decode_uint_ptr(ArgCtx& a) {
  pointed<uint32_t>(a, [](Values& o, uint32_t v) { o.uint_(v); });
}
void decode_long_ptr(ArgCtx& a) {
  pointed<int64_t>(a, [](Values& o, int64_t v) { o.int_(v); });
}
void decode_size_ptr(ArgCtx& a) {
  pointed<uint64_t>(a, [](Values& o, uint64_t v) { o.uint_(v); });
}
void decode_hex_ptr(ArgCtx& a) {
  pointed<uint64_t>(a, [](Values& o, uint64_t v) { o.hex(v); });
}
void decode_off_ptr(ArgCtx& a) {
  pointed<int64_t>(a, [](Values& o, int64_t v) { o.int_(v); });
}
void decode_uid_ptr(ArgCtx& a) {
  pointed<uint32_t>(a, [](Values& o, uint32_t v) {
    if (v == UINT32_MAX) {
      o.int_(-1);
    } else {
      o.uint_(v);
    }
  });
}

void decode_fd_pair(ArgCtx& a) {
  int32_t fds[2];
  if (a.call.failed() || a.value == 0 || a.mem().read(a.value, fds, sizeof fds) != sizeof fds) {
    a.out().ptr(a.value);
    return;
  }
  Values& out = a.out();
  out.array_begin();
  out.fd(fds[0]);
  out.fd(fds[1]);
  out.array_end();
}

namespace {
template <typename T>
void number_array(ArgCtx& a, uint64_t count) {
  if (a.value == 0) {
    a.out().ptr(0);
    return;
  }
  if (a.call.failed() && a.desc.dir != table::Dir::in) {
    a.out().ptr(a.value);
    return;
  }
  size_t limit = a.opts().string_limit;
  size_t n = count < limit ? static_cast<size_t>(count) : limit;
  thread_local std::vector<T> buf;
  buf.resize(n);
  if (n != 0 && a.mem().read(a.value, buf.data(), n * sizeof(T)) != n * sizeof(T)) {
    a.out().ptr(a.value);
    return;
  }
  Values& out = a.out();
  out.array_begin();
  for (T v : buf) {
    out.int_(static_cast<int64_t>(v));
  }
  if (count > n) {
    out.ellipsis();
  }
  out.array_end();
}
}  // namespace

void decode_int_array(ArgCtx& a) { number_array<int32_t>(a, a.length()); }
void decode_gid_array(ArgCtx& a) { number_array<uint32_t>(a, a.length()); }

void decode_argv(ArgCtx& a) { string_array(a); }

void decode_envp(ArgCtx& a) {
  if (a.opts().verbose) {
    string_array(a);
    return;
  }
  if (a.value == 0) {
    a.out().ptr(0);
    return;
  }
  a.out().ptr(a.value);
  uint64_t first = 0;
  if (a.mem().read(a.value, &first, sizeof first) != sizeof first) {
    return;  // strace: an unreadable environment is just its address
  }
  size_t n = count_pointers(a.mem(), a.value);
  a.out().comment(fmt::format("{} var{}", n, n == 1 ? "" : "s"));
}

}  // namespace cxtrace::decode
