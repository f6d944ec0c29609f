// See fsl_fuzz.h. Signal handlers use only async-signal-safe calls (open, write, close, raise).
#include "fsl_fuzz.h"
#include "fsl_interrupt.h"

#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const void *volatile current_bytes = NULL;
static volatile size_t current_count = 0;
static const char *volatile current_label = "input";
static atomic_ulong runs = 0;
static char out_dir[1024] = ".";
static volatile int report_fd = 2;

void fsl_fuzz_report_fd(int fd) { report_fd = fd; }

static volatile unsigned long current_index = 0;
void fsl_fuzz_index(unsigned long index) { current_index = index; }

/// Decimal digits of n (async-signal-safe).
static void put_number(int fd, unsigned long n) {
  char buf[24];
  int i = sizeof buf;
  buf[--i] = 0;
  do {
    buf[--i] = (char)('0' + n % 10);
    n /= 10;
  } while (n > 0 && i > 0);
  ssize_t ignored = write(fd, buf + i, strlen(buf + i));
  (void)ignored;
}

void fsl_fuzz_current(const void *bytes, size_t count, const char *label) {
  current_bytes = bytes;
  current_count = count;
  current_label = label;
  atomic_fetch_add(&runs, 1);
}

static void put(int fd, const char *s) {
  ssize_t ignored = write(fd, s, strlen(s));
  (void)ignored;
}

/// Writes the registered input to out_dir/KIND-LABEL.bin and says so on stderr.
static void dump(const char *kind, const char *why) {
  char path[1200];
  size_t n = 0;
  const char *parts[] = {out_dir, "/", kind, "-", current_label, ".bin"};
  for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
    size_t len = strlen(parts[i]);
    if (n + len >= sizeof path) break;
    memcpy(path + n, parts[i], len);
    n += len;
  }
  path[n] = 0;
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd >= 0) {
    const char *p = current_bytes;
    size_t left = current_count;
    while (p && left > 0) {
      ssize_t w = write(fd, p, left);
      if (w <= 0) break;
      p += w;
      left -= (size_t)w;
    }
    close(fd);
  }
  put(report_fd, "\nfsl-fuzz: ");
  put(report_fd, kind);
  put(report_fd, " (");
  put(report_fd, why);
  put(report_fd, ") on ");
  put(report_fd, current_label);
  put(report_fd, " input number ");
  put_number(report_fd, current_index);
  put(report_fd, "; saved to ");
  put(report_fd, path);
  put(report_fd, "\n");
}

static void on_fatal(int sig) {
  const char *name = sig == SIGSEGV ? "SIGSEGV" : sig == SIGBUS ? "SIGBUS" : sig == SIGFPE ? "SIGFPE"
    : sig == SIGILL ? "SIGILL" : sig == SIGTRAP ? "SIGTRAP" : "SIGABRT";
  dump("crash", name);
  signal(sig, SIG_DFL);
  raise(sig);
}

int fsl_fuzz_install_crash_handlers(const char *dir) {
  size_t len = strlen(dir);
  if (len >= sizeof out_dir) return -1;
  memcpy(out_dir, dir, len + 1);
  // Handlers run on an alternate stack so a stack overflow can still be reported.
  static char alt[1 << 16];
  stack_t ss = {.ss_sp = alt, .ss_size = sizeof alt, .ss_flags = 0};
  if (sigaltstack(&ss, NULL) != 0) return -1;
  int sigs[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTRAP, SIGABRT};
  for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_fatal;
    sa.sa_flags = SA_ONSTACK | SA_RESETHAND;
    sigemptyset(&sa.sa_mask);
    if (sigaction(sigs[i], &sa, NULL) != 0) return -1;
  }
  return 0;
}

static double interrupt_after_s = 5;
static double abort_after_s = 30;

static void *watch(void *arg) {
  (void)arg;
  unsigned long seen = atomic_load(&runs);
  double still = 0;
  const double step = 0.05;
  struct timespec ts = {0, 50 * 1000 * 1000};
  for (;;) {
    nanosleep(&ts, NULL);
    unsigned long now = atomic_load(&runs);
    if (now != seen) {
      seen = now;
      still = 0;
      continue;
    }
    still += step;
    if (still >= interrupt_after_s && still < interrupt_after_s + step) fsl_interrupt_set(1);
    if (still >= abort_after_s) {
      dump("hang", "no progress");
      _exit(3);
    }
  }
  return NULL;
}

int fsl_fuzz_start_watchdog(double interrupt_after, double abort_after) {
  interrupt_after_s = interrupt_after;
  abort_after_s = abort_after;
  pthread_t t;
  if (pthread_create(&t, NULL, watch, NULL) != 0) return -1;
  return pthread_detach(t);
}
