// The file mappings of a process, from /proc/PID/maps: which file (and which offset in it) an
// instruction address belongs to. Only mappings with a path are kept, sorted and without
// overlaps, so a lookup is a binary search. The table is a snapshot; the stack tracer drops
// it when the process maps or unmaps memory.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cxtrace::stack {

struct Mapping {
  uint64_t start = 0;
  uint64_t end = 0;
  uint64_t file_offset = 0;
  uint64_t inode = 0;
  uint64_t dev = 0;  // major << 32 | minor
  bool executable = false;
  std::string path;
};

class ProcessMaps {
 public:
  // Reads /proc/PID/maps; nullopt when it cannot be read (the process is gone).
  static std::optional<ProcessMaps> read(pid_t pid);
  // Parses the text of a maps file (the unit tests feed it directly).
  static ProcessMaps parse(std::string_view text);

  // The mapping that holds `addr`, or nullptr.
  const Mapping* find(uint64_t addr) const;
  size_t size() const { return maps_.size(); }

 private:
  std::vector<Mapping> maps_;
};

}  // namespace cxtrace::stack
