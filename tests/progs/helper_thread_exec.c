// Scenario helper: a thread other than the leader calls execve (argv[1], default /bin/true).
// The kernel turns the thread into the leader: the pid stays, the tid vanishes.
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static const char *target = "/bin/true";

static void *exec_it(void *arg) {
  (void)arg;
  char *argv[] = {(char *)target, NULL};
  execv(target, argv);
  perror("execv");
  _exit(99);
}

int main(int argc, char **argv) {
  if (argc > 1) {
    target = argv[1];
  }
  pthread_t t;
  pthread_create(&t, NULL, exec_it, NULL);
  for (;;) {
    pause();
  }
}
