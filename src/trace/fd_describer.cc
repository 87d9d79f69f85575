#include "trace/fd_describer.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>

#include <fmt/format.h>

#include "decode/value.h"

namespace cxtrace::trace {

namespace {

bool read_link(const std::string &link, std::string &out) {
  char buf[4096];
  ssize_t n = readlink(link.c_str(), buf, sizeof buf);
  if (n <= 0) {
    return false;
  }
  out.assign(buf, static_cast<size_t>(n));
  return true;
}

// The kernel marks an unlinked file's name with this suffix.
bool strip_deleted(std::string &path) {
  constexpr std::string_view kSuffix = " (deleted)";
  if (path.size() > kSuffix.size() && path[0] == '/' &&
      std::string_view(path).substr(path.size() - kSuffix.size()) == kSuffix) {
    path.resize(path.size() - kSuffix.size());
    return true;
  }
  return false;
}

// `socket:[12345]` → 12345.
bool socket_inode(std::string_view path, uint64_t &inode) {
  constexpr std::string_view kPrefix = "socket:[";
  if (path.substr(0, kPrefix.size()) != kPrefix || path.back() != ']') {
    return false;
  }
  inode = std::strtoull(std::string(path.substr(kPrefix.size())).c_str(),
                        nullptr, 10);
  return inode != 0;
}

} // namespace

bool ProcFdDescriber::describe(int fd, std::string &text, uint8_t &flags) {
  if (fd == AT_FDCWD) {
    // The working directory is a path detail only.
    return (details_ & decode::kDecodeFdPath) != 0 &&
           read_link(fmt::format("/proc/{}/cwd", tid_), text);
  }
  if (fd < 0 || tid_ <= 0) {
    return false;
  }
  link_ = fmt::format("/proc/{}/fd/{}", tid_, fd);
  std::string path;
  if (!read_link(link_, path)) {
    return false;
  }
  if ((details_ & decode::kDecodeFdSocket) != 0) {
    uint64_t inode = 0;
    char proto[64];
    ssize_t n = 0;
    if (socket_inode(path, inode) &&
        (n = getxattr(link_.c_str(), "system.sockprotoname", proto,
                      sizeof proto - 1)) > 0) {
      std::string_view name(proto, static_cast<size_t>(n));
      name = name.substr(0, name.find('\0'));
      if (sockets_.describe(inode, name, text)) {
        flags = decode::kFdVerbatim;
        return true;
      }
    }
  }
  bool deleted = false;
  if ((details_ & decode::kDecodeFdDev) != 0 && path[0] == '/') {
    struct stat st {};
    if (stat(link_.c_str(), &st) == 0 &&
        (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode))) {
      deleted = strip_deleted(path);
      text = path;
      fmt::format_to(std::back_inserter(text), "{}{} {}:{}", '\0',
                     S_ISCHR(st.st_mode) ? "char" : "block", major(st.st_rdev),
                     minor(st.st_rdev));
      flags = deleted ? decode::kFdDeleted : 0;
      return true;
    }
  }
  if ((details_ & decode::kDecodeFdPidfd) != 0 &&
      path == "anon_inode:[pidfd]") {
    std::ifstream info(fmt::format("/proc/{}/fdinfo/{}", tid_, fd));
    std::string line;
    while (std::getline(info, line)) {
      if (line.rfind("Pid:", 0) == 0) {
        text = fmt::format("pid:{}", std::atoi(line.c_str() + 4));
        flags = decode::kFdVerbatim;
        return true;
      }
    }
  }
  if ((details_ & decode::kDecodeFdPath) == 0) {
    return false;
  }
  deleted = strip_deleted(path);
  text = std::move(path);
  flags = deleted ? decode::kFdDeleted : 0;
  return true;
}

} // namespace cxtrace::trace
