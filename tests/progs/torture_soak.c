// Soak workload: for SECONDS (argv[1]) it goes round a loop of everything a tracer has to keep
// track of, as fast as it can: a child process that opens, reads and closes a file and exits
// (every 16th round it execs /bin/true instead), a thread that makes a few calls and ends, a
// signal to itself with a handler, pipe and socket traffic, descriptors opened and closed, and
// 400 quick calls (write to /dev/null, getppid).
// Every second it writes "rounds N" to stdout, so a watcher sees it keep going; at the end
// "soak done: N rounds, F failures". Exit status 0 when nothing failed.
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t handled;
static long failures;

static void on_usr1(int sig) {
  (void)sig;
  ++handled;
}

static void *thread_work(void *arg) {
  int fd = open("/dev/null", O_WRONLY);
  if (fd < 0 || write(fd, arg, 8) != 8 || close(fd) != 0) {
    return (void *)1;
  }
  return NULL;
}

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
  double seconds = argc > 1 ? atof(argv[1]) : 10;
  struct sigaction sa = {0};
  sa.sa_handler = on_usr1;
  sa.sa_flags = SA_RESTART;
  sigaction(SIGUSR1, &sa, NULL);
  setvbuf(stdout, NULL, _IOLBF, 0);
  double end = now() + seconds;
  double next_report = now() + 1;
  long rounds = 0;
  for (double t = now(); t < end; t = now(), ++rounds) {
    pid_t child = fork();
    if (child == 0) {
      if (rounds % 16 == 0) {
        execl("/bin/true", "true", (char *)NULL);
        _exit(126);
      }
      char buf[256];
      int fd = open("/proc/self/stat", O_RDONLY);
      _exit(fd >= 0 && read(fd, buf, sizeof buf) > 0 && close(fd) == 0 ? 0 : 1);
    }
    int st;
    failures += child < 0 || waitpid(child, &st, 0) != child || !WIFEXITED(st) ||
                WEXITSTATUS(st) != 0;
    pthread_t thread;
    void *r = NULL;
    failures += pthread_create(&thread, NULL, thread_work, "thread\n") != 0 ||
                pthread_join(thread, &r) != 0 || r != NULL;
    sig_atomic_t before = handled;
    kill(getpid(), SIGUSR1);
    failures += handled != before + 1;
    int p[2], s[2];
    char c = 'x';
    failures += pipe(p) != 0 || write(p[1], &c, 1) != 1 || read(p[0], &c, 1) != 1 ||
                close(p[0]) != 0 || close(p[1]) != 0;
    failures += socketpair(AF_UNIX, SOCK_STREAM, 0, s) != 0 || send(s[0], &c, 1, 0) != 1 ||
                recv(s[1], &c, 1, 0) != 1 || close(s[0]) != 0 || close(s[1]) != 0;
    int null = open("/dev/null", O_WRONLY);
    for (int i = 0; i < 200; ++i) {
      failures += write(null, &c, 1) != 1 || getppid() <= 0;
    }
    failures += close(null) != 0;
    if (t >= next_report) {
      printf("rounds %ld\n", rounds + 1);
      next_report = t + 1;
    }
  }
  printf("soak done: %ld rounds, %ld failures\n", rounds, failures);
  return failures == 0 ? 0 : 1;
}
