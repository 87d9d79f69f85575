// File system structures: stat and statx results, statfs, openat2's open_how, directory
// entries, and the CPU and descriptor bit sets. Without -v strace abbreviates the big ones
// (`{st_mode=S_IFREG|0644, st_size=1234, ...}`); with -v every field, timestamps with a
// local-time remark (`st_atime=1700000000 /* 2023-11-14T22:13:20.123456789+0000 */`).
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/sysmacros.h>

#include <algorithm>
#include <cstring>
#include <ctime>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "decode/basic.h"
#include "decode/families.h"
#include "decode/special/common.h"

namespace cxtrace::decode {

namespace {

using special::fetch;

// The kernel's struct statx (linux/stat.h), kept here so the layout does not depend on
// which C library declares which fields.
struct StatxTime {
  int64_t tv_sec;
  uint32_t tv_nsec;
  int32_t reserved;
};
struct Statx {
  uint32_t stx_mask, stx_blksize;
  uint64_t stx_attributes;
  uint32_t stx_nlink, stx_uid, stx_gid;
  uint16_t stx_mode, spare0;
  uint64_t stx_ino, stx_size, stx_blocks, stx_attributes_mask;
  StatxTime stx_atime, stx_btime, stx_ctime, stx_mtime;
  uint32_t stx_rdev_major, stx_rdev_minor, stx_dev_major, stx_dev_minor;
  uint64_t stx_mnt_id;
  uint32_t stx_dio_mem_align, stx_dio_offset_align;
  uint64_t spare3[12];
};
static_assert(sizeof(Statx) == 256);

constexpr uint32_t kStatxMntId = 0x1000;
constexpr uint32_t kStatxDioAlign = 0x2000;

// The remark after a timestamp: the local time, with nanoseconds when there are any. The
// epoch itself gets none.
void put_time_remark(Values& out, int64_t sec, uint64_t nsec) {
  if (sec == 0 && nsec == 0) {
    return;
  }
  time_t t = static_cast<time_t>(sec);
  struct tm tm {};
  if (localtime_r(&t, &tm) == nullptr) {
    return;
  }
  char date[64];
  char zone[16];
  if (strftime(date, sizeof date, "%FT%T", &tm) == 0 || strftime(zone, sizeof zone, "%z", &tm) == 0) {
    return;
  }
  if (nsec != 0) {
    out.comment(fmt::format("{}.{:09}{}", date, nsec, zone));
  } else {
    out.comment(fmt::format("{}{}", date, zone));
  }
}

// stat's `st_atime=SEC /* … */, st_atime_nsec=NSEC` pair.
void put_stat_time(Values& out, std::string_view sec_name, std::string_view nsec_name, int64_t sec,
                   uint64_t nsec) {
  out.field(sec_name);
  out.int_(sec);
  put_time_remark(out, sec, nsec);
  out.field(nsec_name);
  out.uint_(nsec);
}

bool is_device(uint32_t mode) { return S_ISCHR(mode) || S_ISBLK(mode); }

void put_stat_fields(Values& out, const struct stat& st, bool verbose) {
  if (verbose) {
    out.field("st_dev");
    put_dev(out, st.st_dev);
    out.field("st_ino");
    out.uint_(st.st_ino);
  }
  out.field("st_mode");
  put_mode(out, st.st_mode, true);
  if (verbose) {
    out.field("st_nlink");
    out.uint_(st.st_nlink);
    out.field("st_uid");
    out.uint_(st.st_uid);
    out.field("st_gid");
    out.uint_(st.st_gid);
    out.field("st_blksize");
    out.int_(st.st_blksize);
    out.field("st_blocks");
    out.int_(st.st_blocks);
  }
  if (is_device(st.st_mode)) {
    out.field("st_rdev");
    put_dev(out, st.st_rdev);
  } else {
    out.field("st_size");
    out.int_(st.st_size);
  }
  if (!verbose) {
    out.ellipsis();
    return;
  }
  put_stat_time(out, "st_atime", "st_atime_nsec", st.st_atim.tv_sec, st.st_atim.tv_nsec);
  put_stat_time(out, "st_mtime", "st_mtime_nsec", st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
  put_stat_time(out, "st_ctime", "st_ctime_nsec", st.st_ctim.tv_sec, st.st_ctim.tv_nsec);
}

// statx's `stx_atime={tv_sec=SEC, tv_nsec=NSEC} /* … */`, shown when the mask says the kernel
// filled it in.
void put_statx_time(Values& out, const Statx& sx, uint32_t bit, std::string_view name,
                    const StatxTime& t) {
  if ((sx.stx_mask & bit) == 0) {
    return;
  }
  out.field(name);
  out.struct_begin();
  out.field("tv_sec");
  out.int_(t.tv_sec);
  out.field("tv_nsec");
  out.uint_(t.tv_nsec);
  out.struct_end();
  put_time_remark(out, t.tv_sec, t.tv_nsec);
}

void put_statx_verbose(Values& out, const Statx& sx) {
  out.field("stx_nlink");
  out.uint_(sx.stx_nlink);
  out.field("stx_uid");
  out.uint_(sx.stx_uid);
  out.field("stx_gid");
  out.uint_(sx.stx_gid);
}

void put_statx_tail(Values& out, const Statx& sx) {
  out.field("stx_attributes_mask");
  special::put_flags(out, table::xlat::statx_attrs, sx.stx_attributes_mask, "STATX_ATTR_???");
  put_statx_time(out, sx, STATX_ATIME, "stx_atime", sx.stx_atime);
  put_statx_time(out, sx, STATX_BTIME, "stx_btime", sx.stx_btime);
  put_statx_time(out, sx, STATX_CTIME, "stx_ctime", sx.stx_ctime);
  put_statx_time(out, sx, STATX_MTIME, "stx_mtime", sx.stx_mtime);
  out.field("stx_rdev_major");
  out.uint_(sx.stx_rdev_major);
  out.field("stx_rdev_minor");
  out.uint_(sx.stx_rdev_minor);
  out.field("stx_dev_major");
  out.uint_(sx.stx_dev_major);
  out.field("stx_dev_minor");
  out.uint_(sx.stx_dev_minor);
  if ((sx.stx_mask & kStatxMntId) != 0) {
    out.field("stx_mnt_id");
    out.hex(sx.stx_mnt_id);
  }
  if ((sx.stx_mask & kStatxDioAlign) != 0) {
    out.field("stx_dio_mem_align");
    out.uint_(sx.stx_dio_mem_align);
    out.field("stx_dio_offset_align");
    out.uint_(sx.stx_dio_offset_align);
  }
}

void put_statx_fields(Values& out, const Statx& sx, bool verbose) {
  out.field("stx_mask");
  special::put_flags(out, table::xlat::statx_masks, sx.stx_mask, "STATX_???");
  if (verbose) {
    out.field("stx_blksize");
    out.uint_(sx.stx_blksize);
  }
  out.field("stx_attributes");
  special::put_flags(out, table::xlat::statx_attrs, sx.stx_attributes, "STATX_ATTR_???");
  if (verbose) {
    put_statx_verbose(out, sx);
  }
  out.field("stx_mode");
  put_mode(out, sx.stx_mode, true);
  if (verbose) {
    out.field("stx_ino");
    out.uint_(sx.stx_ino);
  }
  out.field("stx_size");
  out.uint_(sx.stx_size);
  if (!verbose) {
    out.ellipsis();
    return;
  }
  out.field("stx_blocks");
  out.uint_(sx.stx_blocks);
  put_statx_tail(out, sx);
}

void put_statfs_fields(Values& out, const struct statfs& sf) {
  out.field("f_type");
  special::put_xval(out, table::xlat::fsmagic, static_cast<uint64_t>(sf.f_type), "");
  out.field("f_bsize");
  out.int_(sf.f_bsize);
  out.field("f_blocks");
  out.uint_(sf.f_blocks);
  out.field("f_bfree");
  out.uint_(sf.f_bfree);
  out.field("f_bavail");
  out.uint_(sf.f_bavail);
  out.field("f_files");
  out.uint_(sf.f_files);
  out.field("f_ffree");
  out.uint_(sf.f_ffree);
  out.field("f_fsid");
  int fsid[2];
  std::memcpy(fsid, &sf.f_fsid, sizeof fsid);
  out.struct_begin();
  out.field("val");
  out.array_begin();
  out.hex(static_cast<uint32_t>(fsid[0]));
  out.hex(static_cast<uint32_t>(fsid[1]));
  out.array_end();
  out.struct_end();
  out.field("f_namelen");
  out.int_(sf.f_namelen);
  out.field("f_frsize");
  out.int_(sf.f_frsize);
  out.field("f_flags");
  special::put_flags(out, table::xlat::statfs_flags, static_cast<uint64_t>(sf.f_flags), "ST_???");
}

// open_how's flags: the access mode always, then the other open flags.
void put_open_how_flags(Values& out, uint64_t flags) {
  out.flags_begin(flags);
  special::put_xval(out, table::xlat::open_access_modes, flags & O_ACCMODE, "");
  uint64_t left = special::put_flag_names(out, table::xlat::open_mode_flags, flags & ~uint64_t{O_ACCMODE});
  if (left != 0) {
    out.hex(left);
  }
  out.flags_end();
}

// A caller's open_how may be longer than the kernel's; nonzero bytes past it are shown as a
// hex string after a remark on where they lie: `/* bytes 24..31 */ "\x05\x00…"`.
void put_open_how_tail(ArgCtx& a, uint64_t size, uint64_t known) {
  size_t len = static_cast<size_t>(std::min<uint64_t>(size - known, 4096));
  std::string bytes(len, '\0');
  if (a.mem().read(a.value + known, bytes.data(), len) != len) {
    return;
  }
  if (std::all_of(bytes.begin(), bytes.end(), [](char ch) { return ch == 0; })) {
    return;
  }
  size_t shown = std::min(len, a.opts().string_limit);
  std::string text = fmt::format("/* bytes {}..{} */ \"", known, size - 1);
  for (size_t i = 0; i < shown; ++i) {
    fmt::format_to(std::back_inserter(text), "\\x{:02x}", static_cast<unsigned char>(bytes[i]));
  }
  text += '"';
  if (shown < len) {
    text += "...";
  }
  a.out().text(text);
}

// Walks the records of a getdents buffer: `each(offset, reclen)` for every whole one.
template <typename F>
size_t walk_dirents(std::string_view buf, size_t header, F each) {
  size_t n = 0;
  for (size_t off = 0; off + header <= buf.size();) {
    uint16_t reclen = 0;
    std::memcpy(&reclen, buf.data() + off + 16, sizeof reclen);
    if (reclen < header || off + reclen > buf.size()) {
      break;
    }
    each(off, reclen);
    ++n;
    off += reclen;
  }
  return n;
}

// The name in a record: from `from` up to its NUL, within the record.
std::string_view dirent_name(std::string_view rec, size_t from) {
  std::string_view name = rec.substr(std::min(from, rec.size()));
  return name.substr(0, name.find('\0'));
}

void put_dirent(Values& out, std::string_view rec, bool is64) {
  uint64_t ino = 0;
  int64_t off = 0;
  std::memcpy(&ino, rec.data(), sizeof ino);
  std::memcpy(&off, rec.data() + 8, sizeof off);
  uint8_t type = is64 ? static_cast<uint8_t>(rec[18]) : static_cast<uint8_t>(rec.back());
  out.struct_begin();
  out.field("d_ino");
  out.uint_(ino);
  out.field("d_off");
  out.int_(off);
  out.field("d_reclen");
  out.uint_(rec.size());
  // getdents64 has d_type before the name; the old getdents keeps it in the record's last byte.
  if (is64) {
    out.field("d_type");
    special::put_xval(out, table::xlat::dirent_types, type, "DT_???");
  }
  out.field("d_name");
  out.str(dirent_name(rec, is64 ? 19 : 18), 0);
  if (!is64) {
    out.field("d_type");
    special::put_xval(out, table::xlat::dirent_types, type, "DT_???");
  }
  out.struct_end();
}

// getdents/getdents64: with -v the entries, else the address and how many there are.
void dirents(ArgCtx& a, bool is64) {
  Values& out = a.out();
  if (a.call.failed()) {
    out.ptr(a.value);
    return;
  }
  uint64_t len = a.length();
  thread_local std::string buf;
  buf.assign(static_cast<size_t>(std::min<uint64_t>(len, 1 << 20)), '\0');
  if (!buf.empty() && a.mem().read(a.value, buf.data(), buf.size()) != buf.size()) {
    out.ptr(a.value);
    return;
  }
  size_t header = is64 ? 19 : 18;
  if (!a.opts().verbose) {
    out.ptr(a.value);
    size_t n = walk_dirents(buf, header, [](size_t, size_t) {});
    out.comment(fmt::format("{} entries", n));
    return;
  }
  out.array_begin();
  walk_dirents(buf, header, [&](size_t off, size_t reclen) {
    put_dirent(out, std::string_view(buf).substr(off, reclen), is64);
  });
  out.array_end();
}

// A bit set as strace prints CPU and descriptor sets: the numbers of the set bits, `[0 1]`.
void put_bit_list(Values& out, const std::vector<uint8_t>& bits, size_t nbits) {
  std::string& pool = out.pool();
  size_t off = pool.size();
  pool += '[';
  bool first = true;
  for (size_t i = 0; i < nbits && i / 8 < bits.size(); ++i) {
    if ((bits[i / 8] & (1u << (i % 8))) == 0) {
      continue;
    }
    if (!first) {
      pool += ' ';
    }
    first = false;
    fmt::format_to(std::back_inserter(pool), "{}", i);
  }
  pool += ']';
  out.text_pooled(off);
}

// Reads `bytes` bytes of a bit set; false (the address printed) when it cannot.
bool read_bits(ArgCtx& a, size_t bytes, std::vector<uint8_t>& bits) {
  if (a.value == 0) {
    a.out().ptr(0);
    return false;
  }
  if (a.call.failed() && a.desc.dir == table::Dir::out) {
    a.out().ptr(a.value);
    return false;
  }
  bits.assign(bytes, 0);
  if (bytes != 0 && a.mem().read(a.value, bits.data(), bytes) != bytes) {
    a.out().ptr(a.value);
    return false;
  }
  return true;
}

}  // namespace

void decode_stat(ArgCtx& a) {
  struct stat st {};
  if (!fetch(a.call, a.value, st)) {
    return;
  }
  a.out().struct_begin();
  put_stat_fields(a.out(), st, a.opts().verbose);
  a.out().struct_end();
}

void decode_statx(ArgCtx& a) {
  Statx sx{};
  if (!fetch(a.call, a.value, sx)) {
    return;
  }
  a.out().struct_begin();
  put_statx_fields(a.out(), sx, a.opts().verbose);
  a.out().struct_end();
}

// statfs and fstatfs show every field, with or without -v.
void decode_statfs(ArgCtx& a) {
  struct statfs sf {};
  if (!fetch(a.call, a.value, sf)) {
    return;
  }
  a.out().struct_begin();
  put_statfs_fields(a.out(), sf);
  a.out().struct_end();
}

// strace 6.1 shows ustat's buffer as its address, whether the call worked or not.
void decode_ustat(ArgCtx& a) { a.out().ptr(a.value); }

// openat2: `{flags=O_WRONLY|O_CREAT, mode=0644, resolve=RESOLVE_BENEATH}`; a size too small
// for the structure leaves just the address.
void decode_open_how(ArgCtx& a) {
  struct {
    uint64_t flags, mode, resolve;
  } how{};
  uint64_t size = a.length();
  if (a.value != 0 && size < sizeof how) {
    a.out().ptr(a.value);
    return;
  }
  if (!fetch(a.call, a.value, how)) {
    return;
  }
  Values& out = a.out();
  out.struct_begin();
  out.field("flags");
  put_open_how_flags(out, how.flags);
  if ((how.flags & (O_CREAT | O_TMPFILE)) != 0 || how.mode != 0) {
    out.field("mode");
    out.oct(how.mode);
  }
  out.field("resolve");
  special::put_flags(out, table::xlat::open_resolve_flags, how.resolve, "RESOLVE_???");
  if (size > sizeof how) {
    put_open_how_tail(a, size, sizeof how);
  }
  out.struct_end();
}

void decode_dirents(ArgCtx& a) { dirents(a, false); }
void decode_dirents64(ArgCtx& a) { dirents(a, true); }

// sched_{get,set}affinity: the length is in bytes (cpusetsize, or the result).
void decode_cpuset(ArgCtx& a) {
  thread_local std::vector<uint8_t> bits;
  size_t bytes = static_cast<size_t>(std::min<uint64_t>(a.length(), 1 << 16));
  if (read_bits(a, bytes, bits)) {
    put_bit_list(a.out(), bits, bytes * 8);
  }
}

// select's descriptor sets: the length is nfds, in bits; the kernel reads whole longs.
void decode_fdset(ArgCtx& a) {
  thread_local std::vector<uint8_t> bits;
  auto nfds = static_cast<int32_t>(a.length());
  size_t n = nfds > 0 ? std::min<size_t>(static_cast<size_t>(nfds), 1 << 20) : 0;
  size_t bytes = (n + 63) / 64 * 8;
  if (read_bits(a, bytes, bits)) {
    put_bit_list(a.out(), bits, n);
  }
}

}  // namespace cxtrace::decode
