// -k (tests/e2e/stack.py): a call chain with known names, main → level_one → level_two →
// level_three → write(2). Built without optimisation and with frame pointers, so every
// function keeps its own frame and its name.
#include <string.h>
#include <unistd.h>

__attribute__((noinline)) void level_three(void) {
  static const char msg[] = "stack helper\n";
  if (write(1, msg, strlen(msg)) < 0) {
    _exit(2);
  }
}

__attribute__((noinline)) void level_two(void) { level_three(); }

__attribute__((noinline)) void level_one(void) { level_two(); }

int main(void) {
  level_one();
  return 0;
}
