// stat, statx and statfs results: abbreviated without -v (`{st_mode=S_IFREG|0644,
// st_size=1221, ...}`), every field with -v (dec_stat_v.c includes this file), timestamps with
// a local-time remark; NULL, an unreadable buffer and a failed call show the address only.
// cxtrace-args: -e trace=newfstatat,fstat,stat,lstat,statx,statfs,fstatfs,ustat,getppid
// cxtrace-after: ^getppid\(
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/sysmacros.h>
#include <time.h>

#include "dec_util.h"

#ifndef VERBOSE
#define VERBOSE 0
#endif

// The kernel's struct statx, whatever the C library declares.
struct kstatx_time {
  int64_t tv_sec;
  uint32_t tv_nsec;
  int32_t pad;
};
struct kstatx {
  uint32_t mask, blksize;
  uint64_t attributes;
  uint32_t nlink, uid, gid;
  uint16_t mode, pad0;
  uint64_t ino, size, blocks, attributes_mask;
  struct kstatx_time atime, btime, ctime, mtime;
  uint32_t rdev_major, rdev_minor, dev_major, dev_minor;
  uint64_t mnt_id;
  uint32_t dio_mem_align, dio_offset_align;
  uint64_t spare[12];
};

static char text[8192];
static size_t used;

static void add(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void add(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  used += (size_t)vsnprintf(text + used, sizeof text - used, fmt, ap);
  va_end(ap);
}

static const char *type_name(unsigned mode) {
  switch (mode & S_IFMT) {
    case S_IFREG: return "S_IFREG";
    case S_IFDIR: return "S_IFDIR";
    case S_IFCHR: return "S_IFCHR";
    case S_IFBLK: return "S_IFBLK";
    case S_IFLNK: return "S_IFLNK";
    case S_IFIFO: return "S_IFIFO";
    default: return "S_IFSOCK";
  }
}

static void add_mode(unsigned mode) {
  add("%s%s%s%s|%#03o", type_name(mode), mode & S_ISUID ? "|S_ISUID" : "",
      mode & S_ISGID ? "|S_ISGID" : "", mode & S_ISVTX ? "|S_ISVTX" : "", mode & 0777);
}

// ` /* 2023-11-14T22:13:20.123456789+0000 */`, nothing for the epoch itself.
static void add_remark(long long sec, unsigned long nsec) {
  if (sec == 0 && nsec == 0) {
    return;
  }
  time_t t = (time_t)sec;
  struct tm tm;
  char date[64], zone[16];
  localtime_r(&t, &tm);
  strftime(date, sizeof date, "%FT%T", &tm);
  strftime(zone, sizeof zone, "%z", &tm);
  if (nsec != 0) {
    add(" /* %s.%09lu%s */", date, nsec, zone);
  } else {
    add(" /* %s%s */", date, zone);
  }
}

static void add_stat_time(const char *name, struct timespec ts) {
  add(", st_%s=%lld", name, (long long)ts.tv_sec);
  add_remark(ts.tv_sec, (unsigned long)ts.tv_nsec);
  add(", st_%s_nsec=%lu", name, (unsigned long)ts.tv_nsec);
}

static void add_dev(unsigned long long dev) {
  add("makedev(%#x, %#x)", major(dev), minor(dev));
  // %#x prints 0 as "0", as strace does.
}

static const char *fmt_stat(const struct stat *st) {
  used = 0;
  add("{");
  if (VERBOSE) {
    add("st_dev=");
    add_dev(st->st_dev);
    add(", st_ino=%llu, ", (unsigned long long)st->st_ino);
  }
  add("st_mode=");
  add_mode(st->st_mode);
  if (VERBOSE) {
    add(", st_nlink=%lu, st_uid=%u, st_gid=%u, st_blksize=%ld, st_blocks=%lld",
        (unsigned long)st->st_nlink, st->st_uid, st->st_gid, (long)st->st_blksize,
        (long long)st->st_blocks);
  }
  if (S_ISCHR(st->st_mode) || S_ISBLK(st->st_mode)) {
    add(", st_rdev=");
    add_dev(st->st_rdev);
  } else {
    add(", st_size=%lld", (long long)st->st_size);
  }
  if (!VERBOSE) {
    add(", ...}");
    return text;
  }
  add_stat_time("atime", st->st_atim);
  add_stat_time("mtime", st->st_mtim);
  add_stat_time("ctime", st->st_ctim);
  add("}");
  return text;
}

static void add_flags(uint64_t v, const char *const *names, const uint64_t *bits, int n) {
  if (v == 0) {
    add("0");
    return;
  }
  const char *sep = "";
  for (int i = 0; i < n; ++i) {
    if ((v & bits[i]) == bits[i]) {
      add("%s%s", sep, names[i]);
      sep = "|";
      v &= ~bits[i];
    }
  }
  if (v != 0) {
    add("%s%#llx", sep, (unsigned long long)v);
  }
}

static void add_statx_mask(uint32_t m) {
  static const char *const names[] = {"STATX_ALL", "STATX_BASIC_STATS", "STATX_TYPE", "STATX_MODE",
      "STATX_NLINK", "STATX_UID", "STATX_GID", "STATX_ATIME", "STATX_MTIME", "STATX_CTIME",
      "STATX_INO", "STATX_SIZE", "STATX_BLOCKS", "STATX_BTIME", "STATX_MNT_ID", "STATX_DIOALIGN"};
  static const uint64_t bits[] = {0xfff, 0x7ff, 1, 2, 4, 8, 0x10, 0x20, 0x40, 0x80, 0x100, 0x200,
      0x400, 0x800, 0x1000, 0x2000};
  add_flags(m, names, bits, 16);
}

static void add_statx_attrs(uint64_t a) {
  static const char *const names[] = {"STATX_ATTR_COMPRESSED", "STATX_ATTR_IMMUTABLE",
      "STATX_ATTR_APPEND", "STATX_ATTR_NODUMP", "STATX_ATTR_ENCRYPTED", "STATX_ATTR_AUTOMOUNT",
      "STATX_ATTR_MOUNT_ROOT", "STATX_ATTR_VERITY", "STATX_ATTR_DAX"};
  static const uint64_t bits[] = {0x4, 0x10, 0x20, 0x40, 0x800, 0x1000, 0x2000, 0x100000,
      0x200000};
  add_flags(a, names, bits, 9);
}

static void add_statx_time(const struct kstatx *sx, uint32_t bit, const char *name,
                           struct kstatx_time t) {
  if ((sx->mask & bit) == 0) {
    return;
  }
  add(", stx_%s={tv_sec=%lld, tv_nsec=%u}", name, (long long)t.tv_sec, t.tv_nsec);
  add_remark(t.tv_sec, t.tv_nsec);
}

static const char *fmt_statx(const struct kstatx *sx) {
  used = 0;
  add("{stx_mask=");
  add_statx_mask(sx->mask);
  if (VERBOSE) {
    add(", stx_blksize=%u", sx->blksize);
  }
  add(", stx_attributes=");
  add_statx_attrs(sx->attributes);
  if (VERBOSE) {
    add(", stx_nlink=%u, stx_uid=%u, stx_gid=%u", sx->nlink, sx->uid, sx->gid);
  }
  add(", stx_mode=");
  add_mode(sx->mode);
  if (VERBOSE) {
    add(", stx_ino=%llu", (unsigned long long)sx->ino);
  }
  add(", stx_size=%llu", (unsigned long long)sx->size);
  if (!VERBOSE) {
    add(", ...}");
    return text;
  }
  add(", stx_blocks=%llu, stx_attributes_mask=", (unsigned long long)sx->blocks);
  add_statx_attrs(sx->attributes_mask);
  add_statx_time(sx, 0x20, "atime", sx->atime);
  add_statx_time(sx, 0x800, "btime", sx->btime);
  add_statx_time(sx, 0x80, "ctime", sx->ctime);
  add_statx_time(sx, 0x40, "mtime", sx->mtime);
  add(", stx_rdev_major=%u, stx_rdev_minor=%u, stx_dev_major=%u, stx_dev_minor=%u",
      sx->rdev_major, sx->rdev_minor, sx->dev_major, sx->dev_minor);
  if (sx->mask & 0x1000) {
    add(", stx_mnt_id=%#llx", (unsigned long long)sx->mnt_id);
  }
  if (sx->mask & 0x2000) {
    add(", stx_dio_mem_align=%u, stx_dio_offset_align=%u", sx->dio_mem_align,
        sx->dio_offset_align);
  }
  add("}");
  return text;
}

static const char *fs_name(long type) {
  switch (type) {
    case 0xEF53: return "EXT2_SUPER_MAGIC";
    case 0x9fa0: return "PROC_SUPER_MAGIC";
    case 0x01021994: return "TMPFS_MAGIC";
    case 0x62656572: return "SYSFS_MAGIC";
    case 0x58465342: return "XFS_SUPER_MAGIC";
    case 0x794c7630: return "OVERLAYFS_SUPER_MAGIC";
    case 0x9123683E: return "BTRFS_SUPER_MAGIC";
    default: return NULL;
  }
}

static void add_statfs_flags(unsigned long f) {
  static const char *const names[] = {"ST_VALID", "ST_RDONLY", "ST_NOSUID", "ST_NODEV",
      "ST_NOEXEC", "ST_SYNCHRONOUS", "ST_MANDLOCK", "ST_WRITE", "ST_APPEND", "ST_IMMUTABLE",
      "ST_NOATIME", "ST_NODIRATIME", "ST_RELATIME", "ST_NOSYMFOLLOW"};
  static const uint64_t bits[] = {0x20, 1, 2, 4, 8, 16, 64, 128, 256, 512, 1024, 2048, 4096,
      0x2000};
  add_flags(f, names, bits, 14);
}

static const char *fmt_statfs(const struct statfs *sf) {
  used = 0;
  const char *name = fs_name(sf->f_type);
  if (name != NULL) {
    add("{f_type=%s", name);
  } else {
    add("{f_type=%#lx", (unsigned long)sf->f_type);
  }
  int fsid[2];
  memcpy(fsid, &sf->f_fsid, sizeof fsid);
  add(", f_bsize=%ld, f_blocks=%lu, f_bfree=%lu, f_bavail=%lu, f_files=%lu, f_ffree=%lu, "
      "f_fsid={val=[%#x, %#x]}, f_namelen=%ld, f_frsize=%ld, f_flags=",
      (long)sf->f_bsize, (unsigned long)sf->f_blocks, (unsigned long)sf->f_bfree,
      (unsigned long)sf->f_bavail, (unsigned long)sf->f_files, (unsigned long)sf->f_ffree,
      (unsigned)fsid[0], (unsigned)fsid[1], (long)sf->f_namelen, (long)sf->f_frsize);
  add_statfs_flags((unsigned long)sf->f_flags);
  add("}");
  return text;
}

int main(void) {
  static struct stat st;
  static struct kstatx sx;
  static struct statfs sf;
  char path[] = "/tmp/cxtrace-dec-stat-XXXXXX";
  int fd = mkstemp(path);
  CHECK(fd >= 0);
  CHECK(write(fd, "hello", 5) == 5);
  struct timespec times[2] = {{100, 0}, {-1, 5}};
  CHECK(futimens(fd, times) == 0);
  void *bad = (void *)8;
  // Neither stdio nor the time zone may stat anything once the trace counts.
  static char outbuf[1 << 16];
  setvbuf(stdout, outbuf, _IOFBF, sizeof outbuf);
  tzset();
  add_remark(1, 0);
  start_marker();

  long r = syscall(SYS_newfstatat, AT_FDCWD, path, &st, 0);
  expect_call(res(r), "newfstatat(AT_FDCWD, \"%s\", %s, 0)", path, fmt_stat(&st));
  r = syscall(SYS_newfstatat, AT_FDCWD, "/dev/null", &st, AT_SYMLINK_NOFOLLOW);
  expect_call(res(r), "newfstatat(AT_FDCWD, \"/dev/null\", %s, AT_SYMLINK_NOFOLLOW)", fmt_stat(&st));
  r = syscall(SYS_newfstatat, AT_FDCWD, "/nonexistent", &st, 0);
  expect_call(res(r), "newfstatat(AT_FDCWD, \"/nonexistent\", %p, 0)", (void *)&st);
  r = syscall(SYS_newfstatat, AT_FDCWD, path, NULL, 0);
  expect_call(res(r), "newfstatat(AT_FDCWD, \"%s\", NULL, 0)", path);
  r = syscall(SYS_newfstatat, AT_FDCWD, path, bad, 0);
  expect_call(res(r), "newfstatat(AT_FDCWD, \"%s\", %p, 0)", path, bad);
  r = syscall(SYS_fstat, fd, &st);
  expect_call(res(r), "fstat(%d, %s)", fd, fmt_stat(&st));
  r = syscall(SYS_stat, "/", &st);
  expect_call(res(r), "stat(\"/\", %s)", fmt_stat(&st));
  r = syscall(SYS_lstat, path, &st);
  expect_call(res(r), "lstat(\"%s\", %s)", path, fmt_stat(&st));
  CHECK(fchmod(fd, 04000) == 0);
  r = syscall(SYS_fstat, fd, &st);
  expect_call(res(r), "fstat(%d, %s)", fd, fmt_stat(&st));
  CHECK(fchmod(fd, 07755) == 0);
  r = syscall(SYS_fstat, fd, &st);
  expect_call(res(r), "fstat(%d, %s)", fd, fmt_stat(&st));

  r = syscall(SYS_statx, fd, "", AT_EMPTY_PATH, 0xfff, &sx);
  expect_call(res(r), "statx(%d, \"\", AT_STATX_SYNC_AS_STAT|AT_EMPTY_PATH, STATX_ALL, %s)", fd,
              fmt_statx(&sx));
  r = syscall(SYS_statx, AT_FDCWD, "/dev/null", 0, 0x7ff, &sx);
  expect_call(res(r), "statx(AT_FDCWD, \"/dev/null\", AT_STATX_SYNC_AS_STAT, STATX_BASIC_STATS, %s)",
              fmt_statx(&sx));
  r = syscall(SYS_statx, AT_FDCWD, "/", 0, 1, &sx);
  expect_call(res(r), "statx(AT_FDCWD, \"/\", AT_STATX_SYNC_AS_STAT, STATX_TYPE, %s)", fmt_statx(&sx));
  r = syscall(SYS_statx, AT_FDCWD, "/nonexistent", 0, 0xfff, &sx);
  expect_call(res(r), "statx(AT_FDCWD, \"/nonexistent\", AT_STATX_SYNC_AS_STAT, STATX_ALL, %p)",
              (void *)&sx);
  r = syscall(SYS_statx, AT_FDCWD, "/", 0, 0xfff, NULL);
  expect_call(res(r), "statx(AT_FDCWD, \"/\", AT_STATX_SYNC_AS_STAT, STATX_ALL, NULL)");

  r = syscall(SYS_statfs, "/", &sf);
  expect_call(res(r), "statfs(\"/\", %s)", fmt_statfs(&sf));
  r = syscall(SYS_statfs, "/proc", &sf);
  expect_call(res(r), "statfs(\"/proc\", %s)", fmt_statfs(&sf));
  r = syscall(SYS_fstatfs, fd, &sf);
  expect_call(res(r), "fstatfs(%d, %s)", fd, fmt_statfs(&sf));
  r = syscall(SYS_statfs, "/nonexistent", &sf);
  expect_call(res(r), "statfs(\"/nonexistent\", %p)", (void *)&sf);
  r = syscall(SYS_fstatfs, fd, NULL);
  expect_call(res(r), "fstatfs(%d, NULL)", fd);

  CHECK(syscall(SYS_stat, "/", &st) == 0);
  expect_call("0", "stat(\"/\", %s)", fmt_stat(&st));
  r = syscall(SYS_ustat, (unsigned long)st.st_dev, &sf);
  expect_call(res(r), "ustat(makedev(%#x, %#x), %p)", major(st.st_dev), minor(st.st_dev),
              (void *)&sf);

  unlink(path);
  expect_line("+++ exited with 0 +++");
  return 0;
}
