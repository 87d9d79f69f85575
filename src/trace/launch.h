// How the program cxtrace starts is set up: the environment it gets (-E), the user it runs as
// (-u), the argv[0] it sees (--argv0). Everything that can fail is worked out here, before
// anything is forked, so a mistake is one message and nothing runs; between fork and execve
// the child only makes the few system calls that must happen there (set_groups_and_gid,
// set_uid).
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>
#include <vector>

#include "cli/options.h"

namespace cxtrace::trace {

struct Credentials {
  uid_t uid = 0;
  gid_t gid = 0;
  std::vector<gid_t> groups;  // supplementary groups: the user's, or just gid for UID:GID
};

struct Launch {
  std::vector<std::string> env;     // the program's whole environment, NAME=VALUE
  std::optional<Credentials> creds; // -u; nullopt: cxtrace's own
  std::string argv0;                // --argv0; empty: the name given on the command line

  // The launch the options ask for. Fails with one line in `error` for an unknown user, a
  // malformed UID:GID, or -u without root.
  static std::optional<Launch> prepare(const cli::Options& opts, std::string& error);
};

// `base` (NAME=VALUE strings) changed by -E items in order: "NAME=VALUE" sets NAME, a bare
// "NAME" removes it.
std::vector<std::string> edit_environment(std::vector<std::string> base,
                                          const std::vector<std::string>& changes);

// -u USER or -u UID:GID: who that is. Needs no privileges itself.
std::optional<Credentials> find_user(const std::string& spec, std::string& error);

// In the child: supplementary groups and the gid first, while it still has the privilege to
// change them, then (after anything else that needs root, such as the seccomp filter) the uid.
// Both return false with errno set.
bool set_groups_and_gid(const Credentials& c);
bool set_uid(const Credentials& c);

}  // namespace cxtrace::trace
