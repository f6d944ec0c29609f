// Crash and hang capture for fsl-fuzz: the input under test is registered before each run; a
// fatal signal or a stalled run writes it to a file (async-signal-safe) before the process ends.
#ifndef FSL_FUZZ_H
#define FSL_FUZZ_H

#include <stddef.h>

/// Registers the bytes of the input about to run (not copied: keep them alive during the run)
/// and a label naming the target. Also counts one run for the watchdog.
void fsl_fuzz_current(const void *bytes, size_t count, const char *label);

/// Installs handlers for SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTRAP and SIGABRT. On a signal the
/// registered input goes to `dir`/crash-LABEL.bin, a line to stderr, and the signal is re-raised
/// with its default action. `dir` is copied. Returns 0 or -1.
int fsl_fuzz_install_crash_handlers(const char *dir);

/// Starts a watchdog thread: when one run lasts `interrupt_after` seconds it sets the
/// interpreter's interrupt flag (a polling builtin then stops); at `abort_after` seconds it
/// writes the input to `dir`/hang-LABEL.bin and exits with status 3. Returns 0 or -1.
int fsl_fuzz_start_watchdog(double interrupt_after, double abort_after);

/// The number of the input about to run (printed with a finding, for `--start`).
void fsl_fuzz_index(unsigned long index);

/// Where crash and hang reports go (default 2, standard error).
void fsl_fuzz_report_fd(int fd);

#endif
