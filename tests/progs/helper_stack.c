// -k (tests/e2e/stack.py): a call chain with known names, main → level_one → level_two →
// level_three → write(2). Built without optimisation and with frame pointers, so every
// function keeps its own frame and its name.
//
//   helper_stack            the chain ends in write(1, "stack helper\n", 13)
//   helper_stack signal     the chain ends in raise(SIGUSR1); the handler, on_usr1, writes
//                           "in handler\n" (a stack through a signal frame)
#include <signal.h>
#include <string.h>
#include <unistd.h>

static int use_signal;

static void say(const char *msg) {
  if (write(1, msg, strlen(msg)) < 0) {
    _exit(2);
  }
}

__attribute__((noinline)) void on_usr1(int sig) {
  (void)sig;
  say("in handler\n");
}

__attribute__((noinline)) void level_three(void) {
  if (use_signal) {
    raise(SIGUSR1);
  } else {
    static const char msg[] = "stack helper\n";
    if (write(1, msg, sizeof msg - 1) < 0) {
      _exit(2);
    }
  }
}

__attribute__((noinline)) void level_two(void) { level_three(); }

__attribute__((noinline)) void level_one(void) { level_two(); }

int main(int argc, char **argv) {
  use_signal = argc > 1 && strcmp(argv[1], "signal") == 0;
  if (use_signal) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_usr1;
    sigaction(SIGUSR1, &sa, NULL);
  }
  level_one();
  return 0;
}
