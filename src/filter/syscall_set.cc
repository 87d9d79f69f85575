#include "filter/syscall_set.h"

#include <re2/re2.h>

#include <algorithm>
#include <array>

#include <fmt/core.h>

#include "table/syscall_table.h"

namespace cxtrace::filter {

namespace {

size_t table_size() { return table::all_syscalls().size(); }

size_t distance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) {
    row[j] = j;
  }
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t prev = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t cur = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] == b[j - 1] ? 0 : 1)});
      prev = cur;
    }
  }
  return row[b.size()];
}

// Names that stand for the calls doing the same job on x86_64 (the manual lists them).
struct Family {
  std::string_view name;
  std::array<std::string_view, 6> members;
};
constexpr Family kFamilies[] = {
    {"accept", {"accept", "accept4"}},
    {"chmod", {"chmod", "fchmod", "fchmodat", "fchmodat2"}},
    {"chown", {"chown", "fchown", "lchown", "fchownat"}},
    {"clone", {"clone", "clone3", "fork", "vfork"}},
    {"dup", {"dup", "dup2", "dup3"}},
    {"epoll_wait", {"epoll_wait", "epoll_pwait", "epoll_pwait2"}},
    {"exec", {"execve", "execveat"}},
    {"execve", {"execve", "execveat"}},
    {"getdents", {"getdents", "getdents64"}},
    {"link", {"link", "linkat"}},
    {"mkdir", {"mkdir", "mkdirat"}},
    {"mknod", {"mknod", "mknodat"}},
    {"open", {"open", "openat", "openat2", "creat"}},
    {"pipe", {"pipe", "pipe2"}},
    {"poll", {"poll", "ppoll"}},
    {"read", {"read", "pread64", "readv", "preadv", "preadv2"}},
    {"readlink", {"readlink", "readlinkat"}},
    {"recv", {"recvfrom", "recvmsg", "recvmmsg"}},
    {"rename", {"rename", "renameat", "renameat2"}},
    {"rmdir", {"rmdir", "unlinkat"}},
    {"select", {"select", "pselect6"}},
    {"send", {"sendto", "sendmsg", "sendmmsg"}},
    {"socket", {"socket", "socketpair"}},
    {"stat", {"stat", "lstat", "fstat", "newfstatat", "statx"}},
    {"statfs", {"statfs", "fstatfs"}},
    {"symlink", {"symlink", "symlinkat"}},
    {"truncate", {"truncate", "ftruncate"}},
    {"unlink", {"unlink", "unlinkat"}},
    {"utime", {"utime", "utimes", "utimensat", "futimesat"}},
    {"wait", {"wait4", "waitid"}},
    {"write", {"write", "pwrite64", "writev", "pwritev", "pwritev2"}},
};

std::optional<SyscallSet> by_class(std::string_view cls, std::string& error) {
  // strace's spellings: %net is %network, %%stat and %%statfs are the whole families.
  std::string name(cls);
  if (name == "net") {
    name = "network";
  }
  std::optional<uint32_t> bit = table::class_by_name(name);
  if (!bit) {
    error = fmt::format("unknown class '%{}'", cls);
    return std::nullopt;
  }
  SyscallSet s = SyscallSet::none();
  for (const auto& d : table::all_syscalls()) {
    if (!d.name.empty() && (d.classes & *bit) != 0) {
      s.add(static_cast<uint64_t>(d.nr));
    }
  }
  return s;
}

}  // namespace

SyscallSet SyscallSet::all() {
  SyscallSet s;
  s.bits_.assign(table_size(), 1);
  s.unknown_ = true;
  return s;
}

SyscallSet SyscallSet::none() {
  SyscallSet s;
  s.bits_.assign(table_size(), 0);
  s.unknown_ = true;
  return s;
}

void SyscallSet::add(const SyscallSet& o) {
  for (size_t i = 0; i < bits_.size(); ++i) {
    bits_[i] |= o.bits_[i];
  }
}

void SyscallSet::intersect(const SyscallSet& o) {
  for (size_t i = 0; i < bits_.size(); ++i) {
    bits_[i] &= o.bits_[i];
  }
}

void SyscallSet::invert() {
  for (auto& b : bits_) {
    b = b ? 0 : 1;
  }
}

bool SyscallSet::empty() const {
  return std::none_of(bits_.begin(), bits_.end(), [](uint8_t b) { return b != 0; });
}

std::vector<uint64_t> SyscallSet::numbers() const {
  std::vector<uint64_t> out;
  for (size_t i = 0; i < bits_.size(); ++i) {
    if (bits_[i] && !table::all_syscalls()[i].name.empty()) {
      out.push_back(i);
    }
  }
  return out;
}

std::string closest_syscall(std::string_view name) {
  std::string best;
  size_t best_d = SIZE_MAX;
  size_t limit = std::max<size_t>(2, name.size() / 3);
  for (const auto& d : table::all_syscalls()) {
    // The lengths alone put a name farther than `limit`: no need to compute the distance
    // (a long mistyped argument would otherwise cost a full table of long comparisons).
    size_t gap = name.size() > d.name.size() ? name.size() - d.name.size() : d.name.size() - name.size();
    if (d.name.empty() || gap > limit) {
      continue;
    }
    size_t dist = distance(name, d.name);
    if (dist < best_d) {
      best_d = dist;
      best = std::string(d.name);
    }
  }
  return best_d <= limit ? best : std::string();
}

std::vector<std::string_view> family_of(std::string_view name) {
  for (const Family& f : kFamilies) {
    if (f.name == name) {
      std::vector<std::string_view> out;
      for (std::string_view m : f.members) {
        if (!m.empty() && table::by_name(m) != nullptr) {
          out.push_back(m);
        }
      }
      return out;
    }
  }
  return {name};
}

std::optional<SyscallSet> parse_syscall_token(std::string_view tok, bool families,
                                              std::string& error) {
  if (tok.empty()) {
    error = "empty syscall name";
    return std::nullopt;
  }
  if (tok == "all") {
    return SyscallSet::all();
  }
  if (tok == "none") {
    return SyscallSet::none();
  }
  if (tok[0] == '%') {
    std::string_view cls = tok.substr(1);
    if (!cls.empty() && cls[0] == '%') {
      cls = cls.substr(1);
      if (cls == "stat") {
        return by_class("stat_like", error);
      }
      if (cls == "statfs") {
        return by_class("statfs_like", error);
      }
      error = fmt::format("unknown class '{}'", tok);
      return std::nullopt;
    }
    return by_class(cls, error);
  }
  if (tok[0] == '/') {
    std::string_view pat = tok.substr(1);
    if (pat.size() > 1 && pat.back() == '/') {
      pat.remove_suffix(1);
    }
    RE2 re(re2::StringPiece(pat.data(), pat.size()), RE2::Quiet);
    if (!re.ok()) {
      error = fmt::format("invalid regular expression '{}': {}", pat, re.error());
      return std::nullopt;
    }
    SyscallSet s = SyscallSet::none();
    for (const auto& d : table::all_syscalls()) {
      if (!d.name.empty() && RE2::PartialMatch(re2::StringPiece(d.name.data(), d.name.size()), re)) {
        s.add(static_cast<uint64_t>(d.nr));
      }
    }
    return s;
  }
  bool optional = tok[0] == '?';
  std::string_view name = optional ? tok.substr(1) : tok;
  SyscallSet s = SyscallSet::none();
  bool found = false;
  for (std::string_view member : families ? family_of(name) : std::vector<std::string_view>{name}) {
    if (const table::SyscallDesc* d = table::by_name(member)) {
      s.add(static_cast<uint64_t>(d->nr));
      found = true;
    }
  }
  if (!found && !optional) {
    std::string near = closest_syscall(name);
    error = near.empty() ? fmt::format("invalid system call '{}'", name)
                         : fmt::format("invalid system call '{}' (did you mean '{}'?)", name, near);
    return std::nullopt;
  }
  return s;
}

std::optional<SyscallSet> parse_syscall_list(std::string_view expr, std::string& error) {
  bool invert = false;
  while (!expr.empty() && expr[0] == '!') {
    invert = !invert;
    expr.remove_prefix(1);
  }
  SyscallSet set = SyscallSet::none();
  size_t i = 0;
  bool any = false;
  while (i <= expr.size()) {
    size_t j = expr.find(',', i);
    if (j == std::string_view::npos) {
      j = expr.size();
    }
    std::string_view tok = expr.substr(i, j - i);
    if (tok.empty() && expr.empty()) {
      break;
    }
    std::optional<SyscallSet> part = parse_syscall_token(tok, false, error);
    if (!part) {
      return std::nullopt;
    }
    set.add(*part);
    any = true;
    i = j + 1;
  }
  if (!any) {
    error = "empty syscall list";
    return std::nullopt;
  }
  if (invert) {
    set.invert();
  }
  return set;
}

SyscallSet syscalls_with_paths() {
  SyscallSet s = SyscallSet::none();
  for (const auto& d : table::all_syscalls()) {
    for (int i = 0; i < d.nargs; ++i) {
      if (d.args[i].type == table::ArgType::path) {
        s.add(static_cast<uint64_t>(d.nr));
        break;
      }
    }
  }
  return s;
}

}  // namespace cxtrace::filter
