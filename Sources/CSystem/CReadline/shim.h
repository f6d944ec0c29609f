// GNU readline + history for the REPL's LineReader (Sources/Shell). readline.h needs stdio.h first.
#include <stdio.h>
#include <readline/readline.h>
#include <readline/history.h>
