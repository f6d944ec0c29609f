// Ctrl-C for the interpreter: a SIGINT handler that only sets a sig_atomic_t flag, which the
// evaluator polls (loops, calls) through an inline volatile load.
#ifndef FSL_INTERRUPT_H
#define FSL_INTERRUPT_H

#include <signal.h>

/// Set to 1 by the SIGINT handler; cleared by the REPL once the interrupt is handled (a script
/// never clears it: it exits with status 130).
extern volatile sig_atomic_t fsl_interrupt_flag;

/// Whether an interrupt is pending (one volatile load; inlined into Swift callers).
static inline int fsl_interrupt_pending(void) { return fsl_interrupt_flag != 0; }

/// Sets or clears the flag (clearing also resets the count of unanswered presses).
void fsl_interrupt_set(int on);

/// Installs the SIGINT handler (no SA_RESTART, so a blocked read/select returns EINTR).
/// After `force_quit_after` presses that nobody cleared (a builtin that never checks), the
/// handler exits the process with status 130; 0 disables that. Returns 0 or -1 (errno set).
int fsl_interrupt_install(int force_quit_after);

/// Like `fsl_interrupt_install`, with SA_RESTART: an interrupted read or write resumes instead of
/// failing with EINTR. For scripts, which have no prompt to wake and whose file and pipe I/O
/// must not fail because of Ctrl-C (the next poll raises `Interrupted` instead).
int fsl_interrupt_install_restarting(int force_quit_after);

/// Restores the default SIGINT action. Returns 0 or -1 (errno set).
int fsl_interrupt_uninstall(void);

#endif
