#include <catch2/catch.hpp>

#include <cerrno>
#include <csignal>

#include "decode/errnos.h"
#include "decode/signals.h"

using namespace cxtrace::decode;

TEST_CASE("signal names follow strace, including the real-time range") {
  CHECK(signal_name(SIGUSR1) == "SIGUSR1");
  CHECK(signal_name(SIGIO) == "SIGIO");
  CHECK(signal_name(32) == "SIGRTMIN");
  CHECK(signal_name(33) == "SIGRT_1");
  CHECK(signal_name(64) == "SIGRT_32");
  CHECK(signal_name(65).empty());
  CHECK(signal_by_name("usr1") == SIGUSR1);
  CHECK(signal_by_name("SIGKILL") == SIGKILL);
  CHECK(signal_by_name("9") == 9);
  CHECK(signal_by_name("RT_1") == 33);
  CHECK_FALSE(signal_by_name("SIGFOO").has_value());
}

TEST_CASE("errno names, messages and restart codes") {
  CHECK(errno_name(ENOENT) == "ENOENT");
  CHECK(errno_message(ENOENT) == "No such file or directory");
  CHECK(errno_name(512) == "ERESTARTSYS");
  CHECK(errno_message(516) == "Interrupted by signal");
  CHECK(is_restart_errno(512));
  CHECK_FALSE(is_restart_errno(EINTR));
  CHECK(errno_by_name("ECONNREFUSED") == ECONNREFUSED);
  CHECK_FALSE(errno_by_name("ENOTANERROR").has_value());
}
