"""How fast this machine is right now, for benchmarks that run on a machine shared with other work."""

from __future__ import annotations

import time

IDLE_REFERENCE_SECONDS = 0.42  # the reference loop on an idle core of the 2-core development machine


def reference_loop_seconds() -> float:
    """CPU seconds for a fixed 10-million-step Python loop: about 0.4 s on an idle modern core, several times
    more when other work shares the cores (CPU time stretches too: shared caches, hyper-threads). Divide a
    CPU-time figure by it to compare runs made under different load."""
    started = time.process_time()
    total = 0
    for i in range(10_000_000):
        total += i
    return time.process_time() - started
