#include "stack/process_maps.h"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <sstream>

#include <fmt/core.h>

namespace cxtrace::stack {

namespace {

// Reads a hex number at the front of `s` and drops it and the one separator after it.
bool take_hex(std::string_view& s, uint64_t& out) {
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out, 16);
  if (ec != std::errc() || p == s.data()) {
    return false;
  }
  s.remove_prefix(static_cast<size_t>(p - s.data()));
  if (!s.empty()) {
    s.remove_prefix(1);
  }
  return true;
}

bool take_dec(std::string_view& s, uint64_t& out) {
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out, 10);
  if (ec != std::errc() || p == s.data()) {
    return false;
  }
  s.remove_prefix(static_cast<size_t>(p - s.data()));
  return true;
}

// One line: `start-end perms offset major:minor inode   path`.
std::optional<Mapping> parse_line(std::string_view s) {
  Mapping m;
  uint64_t major = 0;
  uint64_t minor = 0;
  if (!take_hex(s, m.start) || !take_hex(s, m.end) || s.size() < 5) {
    return std::nullopt;
  }
  std::string_view perms = s.substr(0, 4);
  s.remove_prefix(5);
  if ((perms[0] != 'r' && perms[0] != '-') || (perms[1] != 'w' && perms[1] != '-') ||
      (perms[2] != 'x' && perms[2] != '-') || (perms[3] != 'p' && perms[3] != 's')) {
    return std::nullopt;
  }
  m.executable = perms[2] == 'x';
  if (!take_hex(s, m.file_offset) || !take_hex(s, major) || !take_hex(s, minor) ||
      !take_dec(s, m.inode)) {
    return std::nullopt;
  }
  m.dev = major << 32 | minor;
  size_t at = s.find_first_not_of(" \t");
  if (at == std::string_view::npos) {
    return std::nullopt;  // anonymous memory: no file to name
  }
  m.path = std::string(s.substr(at));
  if (m.end < m.start) {
    return std::nullopt;
  }
  return m;
}

}  // namespace

ProcessMaps ProcessMaps::parse(std::string_view text) {
  ProcessMaps pm;
  while (!text.empty()) {
    size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
    std::optional<Mapping> m = parse_line(line);
    if (!m) {
      continue;
    }
    if (!pm.maps_.empty()) {
      const Mapping& last = pm.maps_.back();
      // The kernel lists mappings in order; a repeat ([vsyscall] on some kernels) or an
      // overlap would break the binary search, so it is left out.
      if (m->start < last.end || m->start <= last.start) {
        continue;
      }
    }
    pm.maps_.push_back(std::move(*m));
  }
  return pm;
}

std::optional<ProcessMaps> ProcessMaps::read(pid_t pid) {
  std::ifstream in(fmt::format("/proc/{}/maps", pid));
  if (!in) {
    return std::nullopt;
  }
  std::ostringstream text;
  text << in.rdbuf();
  return parse(text.str());
}

const Mapping* ProcessMaps::find(uint64_t addr) const {
  auto it = std::upper_bound(maps_.begin(), maps_.end(), addr,
                             [](uint64_t a, const Mapping& m) { return a < m.start; });
  if (it == maps_.begin()) {
    return nullptr;
  }
  --it;
  return addr < it->end ? &*it : nullptr;
}

}  // namespace cxtrace::stack
