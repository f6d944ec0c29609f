#!/usr/bin/env python3
"""Times REPL start-up: spawns `fsl` on a pseudo-terminal (so it starts the REPL), waits for the
first `In [1]:` prompt, sends Ctrl-D and waits for the exit. Prints one line per measurement
(mean, standard deviation, min in ms) for time-to-prompt and time-to-exit.

    bench/startup-repl.py FSL [RUNS]      (HOME is pointed at a temporary folder)
"""
import os
import pty
import select
import statistics
import sys
import tempfile
import time


def once(fsl, home):
    env = dict(os.environ, HOME=home, NO_COLOR="1", TERM="xterm-256color", INPUTRC="/dev/null")
    start = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:
        os.execve(fsl, [fsl], env)
    seen = b""
    prompt_at = None
    while prompt_at is None:
        r, _, _ = select.select([fd], [], [], 10)
        if not r:
            raise SystemExit("no prompt within 10 s; got %r" % seen)
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            raise SystemExit("fsl exited before its prompt; got %r" % seen)
        seen += chunk
        if b"In [1]:" in seen:
            prompt_at = time.perf_counter()
    os.write(fd, b"\x04")
    while True:
        try:
            if not os.read(fd, 4096):
                break
        except OSError:
            break
    _, status = os.waitpid(pid, 0)
    end = time.perf_counter()
    os.close(fd)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit("fsl exited with status %d" % os.waitstatus_to_exitcode(status))
    return (prompt_at - start) * 1e3, (end - start) * 1e3


def main():
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    fsl = os.path.abspath(sys.argv[1])
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 30
    with tempfile.TemporaryDirectory() as home:
        for _ in range(3):
            once(fsl, home)
        prompts, exits = zip(*(once(fsl, home) for _ in range(runs)))
    for name, xs in (("REPL to first prompt", prompts), ("REPL start + Ctrl-D exit", exits)):
        print("%-26s %6.1f ms ± %4.1f ms  (min %5.1f ms, %d runs)"
              % (name, statistics.mean(xs), statistics.stdev(xs), min(xs), runs))


if __name__ == "__main__":
    main()
