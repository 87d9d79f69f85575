// A program killed by a signal: the signal line, "+++ killed by SIGTERM +++", and the tracer
// itself dies of SIGTERM (the runner checks its exit status).
// cxtrace-args: -e trace=none
#include <signal.h>
#include <unistd.h>

#include "expect.h"

int main(void) {
  expect_line("--- SIGTERM {si_signo=SIGTERM, si_code=SI_USER, si_pid=%d, si_uid=%d} ---", getpid(),
              getuid());
  expect_line("+++ killed by SIGTERM +++");
  kill(getpid(), SIGTERM);
  return 1;
}
