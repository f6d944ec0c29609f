// The SIGINT handler behind fsl_interrupt.h: async-signal-safe (sig_atomic_t stores, write,
// _exit only).
#include "fsl_interrupt.h"

#include <string.h>
#include <unistd.h>

volatile sig_atomic_t fsl_interrupt_flag = 0;
static volatile sig_atomic_t presses = 0;
static volatile sig_atomic_t force_quit = 0;

static void on_sigint(int sig) {
  (void)sig;
  fsl_interrupt_flag = 1;
  presses = presses + 1;
  if (force_quit > 0 && presses >= force_quit) {
    static const char msg[] = "\nfsl: interrupted again; quitting\n";
    ssize_t ignored = write(STDERR_FILENO, msg, sizeof msg - 1);
    (void)ignored;
    _exit(130);
  }
}

void fsl_interrupt_set(int on) {
  fsl_interrupt_flag = on ? 1 : 0;
  if (!on) presses = 0;
}

static int install(int force_quit_after, int flags) {
  force_quit = force_quit_after;
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_sigint;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = flags;
  return sigaction(SIGINT, &sa, NULL);
}

int fsl_interrupt_install(int force_quit_after) { return install(force_quit_after, 0); }

int fsl_interrupt_install_restarting(int force_quit_after) {
  return install(force_quit_after, SA_RESTART);
}

int fsl_interrupt_uninstall(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = SIG_DFL;
  sigemptyset(&sa.sa_mask);
  return sigaction(SIGINT, &sa, NULL);
}
