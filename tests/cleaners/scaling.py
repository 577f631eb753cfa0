"""How a function's cost grows with its input, for the worst-case tests.

Not a speed assertion: a linear stage costs about 8 times more on an input 8 times larger,
a quadratic one 64 times, so a generous bound between the two (`MAX_GROWTH`) tells them
apart on a noisy, shared machine. Cost is this process's CPU time (`time.process_time`),
which other processes on the machine do not add to, and each size keeps its cheapest of a
few runs, which drops most of what remains (interrupts, cache misses after a switch).
"""

from __future__ import annotations

import time
from collections.abc import Callable

#: Ratio of costs between the large and the small input (8x larger) a linear stage stays
#: under: 8 in theory, up to about 12 with cache effects; quadratic is 64.
MAX_GROWTH = 32.0
FACTOR = 8
RUNS = 5


def fastest(run: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(RUNS):
        start = time.process_time()
        run()
        best = min(best, time.process_time() - start)
    return best


def growth(make: Callable[[int], str], clean: Callable[[str], object], size: int) -> float:
    """Cost on `make(FACTOR * size)` divided by the cost on `make(size)`."""
    small, large = make(size), make(FACTOR * size)
    clean(small)  # warm caches and lazy imports
    return fastest(lambda: clean(large)) / max(fastest(lambda: clean(small)), 1e-6)
