#include "trace/launch.h"

#include <grp.h>
#include <pwd.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>

#include <fmt/core.h>

extern char** environ;

namespace cxtrace::trace {

namespace {

std::string_view name_of(std::string_view item) { return item.substr(0, item.find('=')); }

bool parse_id(std::string_view s, unsigned& out) {
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return !s.empty() && ec == std::errc() && p == s.data() + s.size() && out != unsigned(-1);
}

}  // namespace

std::vector<std::string> edit_environment(std::vector<std::string> base,
                                          const std::vector<std::string>& changes) {
  for (const std::string& change : changes) {
    std::string_view name = name_of(change);
    bool set = name.size() < change.size();
    auto same = [&](const std::string& item) { return name_of(item) == name; };
    if (!set) {
      std::erase_if(base, same);
      continue;
    }
    auto it = std::find_if(base.begin(), base.end(), same);
    if (it != base.end()) {
      *it = change;  // the variable keeps its place, as in the shell's `export`
    } else {
      base.push_back(change);
    }
  }
  return base;
}

std::optional<Credentials> find_user(const std::string& spec, std::string& error) {
  Credentials c;
  size_t colon = spec.find(':');
  if (colon != std::string::npos) {
    unsigned uid = 0;
    unsigned gid = 0;
    if (!parse_id(std::string_view(spec).substr(0, colon), uid) ||
        !parse_id(std::string_view(spec).substr(colon + 1), gid)) {
      error = fmt::format("-u/--user: invalid UID:GID '{}' (expected two numbers, as 1000:1000)",
                          spec);
      return std::nullopt;
    }
    c.uid = uid;
    c.gid = gid;
    c.groups = {c.gid};
    return c;
  }
  errno = 0;
  passwd* pw = spec.empty() ? nullptr : getpwnam(spec.c_str());
  if (pw == nullptr) {
    error = errno != 0 ? fmt::format("cannot look up user '{}': {}", spec, std::strerror(errno))
                       : fmt::format("cannot find user '{}'", spec);
    return std::nullopt;
  }
  c.uid = pw->pw_uid;
  c.gid = pw->pw_gid;
  // The user's supplementary groups, as initgroups(3) would set them.
  int n = 32;
  c.groups.resize(static_cast<size_t>(n));
  while (getgrouplist(spec.c_str(), c.gid, c.groups.data(), &n) < 0) {
    c.groups.resize(static_cast<size_t>(n) + 16);
    n = static_cast<int>(c.groups.size());
  }
  c.groups.resize(static_cast<size_t>(n));
  return c;
}

std::optional<Launch> Launch::prepare(const cli::Options& opts, std::string& error) {
  Launch l;
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
    l.env.emplace_back(*e);
  }
  l.env = edit_environment(std::move(l.env), opts.env_changes);
  l.argv0 = opts.argv0;
  if (!opts.user.empty()) {
    std::optional<Credentials> c = find_user(opts.user, error);
    if (!c) {
      return std::nullopt;
    }
    if (getuid() != 0 || geteuid() != 0) {
      error = fmt::format("-u/--user needs root (cxtrace runs as uid {})", geteuid());
      return std::nullopt;
    }
    l.creds = std::move(c);
  }
  return l;
}

bool set_groups_and_gid(const Credentials& c) {
  return setgroups(c.groups.size(), c.groups.data()) == 0 && setresgid(c.gid, c.gid, c.gid) == 0;
}

bool set_uid(const Credentials& c) { return setresuid(c.uid, c.uid, c.uid) == 0; }

}  // namespace cxtrace::trace
