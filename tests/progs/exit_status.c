// The exit status line, and the tracer's own exit status: it must exit with the program's.
// cxtrace-args: -e trace=none
#include "expect.h"

int main(void) {
  expect_line("+++ exited with 3 +++");
  return 3;
}
