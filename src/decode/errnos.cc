#include "decode/errnos.h"

#include <array>
#include <cstring>

namespace cxtrace::decode {

namespace {

struct Internal {
  int value;
  std::string_view name;
  std::string_view message;
};

// Linux's include/linux/errno.h: codes the kernel uses internally.
constexpr std::array<Internal, 11> kInternal = {{
    {512, "ERESTARTSYS", "To be restarted if SA_RESTART is set"},
    {513, "ERESTARTNOINTR", "To be restarted"},
    {514, "ERESTARTNOHAND", "To be restarted if no handler"},
    {515, "ENOIOCTLCMD", "No ioctl command"},
    {516, "ERESTART_RESTARTBLOCK", "Interrupted by signal"},
    {517, "EPROBE_DEFER", "Driver requests probe retry"},
    {518, "EOPENSTALE", "Open found a stale dentry"},
    {519, "ENOPARAM", "Parameter not supported"},
    {521, "EBADHANDLE", "Illegal NFS file handle"},
    {522, "ENOTSYNC", "Update synchronization mismatch"},
    {523, "EBADCOOKIE", "Cookie is stale"},
}};

const Internal* internal(int err) {
  for (const auto& e : kInternal) {
    if (e.value == err) {
      return &e;
    }
  }
  return nullptr;
}

}  // namespace

std::string_view errno_name(int err) {
  if (const Internal* e = internal(err)) {
    return e->name;
  }
  const char* n = strerrorname_np(err);
  return n ? std::string_view(n) : std::string_view();
}

std::string_view errno_message(int err) {
  if (const Internal* e = internal(err)) {
    return e->message;
  }
  const char* m = strerrordesc_np(err);
  return m ? std::string_view(m) : std::string_view("Unknown error");
}

bool is_restart_errno(int err) {
  return err == 512 || err == 513 || err == 514 || err == 516;
}

std::optional<int> errno_by_name(std::string_view name) {
  for (const auto& e : kInternal) {
    if (e.name == name) {
      return e.value;
    }
  }
  for (int e = 1; e < 4096; ++e) {
    const char* n = strerrorname_np(e);
    if (n != nullptr && name == n) {
      return e;
    }
  }
  return std::nullopt;
}

}  // namespace cxtrace::decode
