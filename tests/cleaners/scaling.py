"""How a function's cost grows with its input, for the worst-case tests.

Not a speed assertion: a linear stage costs about 8 times more on an input 8 times larger,
a quadratic one 64 times, so a generous bound between the two (`MAX_GROWTH`) tells them
apart on a noisy, shared machine. Each size keeps its fastest of a few runs, which drops
most of the noise other processes add.
"""

from __future__ import annotations

import time
from collections.abc import Callable

#: Ratio of costs between the large and the small input (8x larger) a linear stage stays
#: under: 8 in theory, up to about 12 with cache effects; quadratic is 64.
MAX_GROWTH = 24.0
FACTOR = 8
RUNS = 3


def fastest(run: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(RUNS):
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return best


def growth(make: Callable[[int], str], clean: Callable[[str], object], size: int) -> float:
    """Cost on `make(FACTOR * size)` divided by the cost on `make(size)`."""
    small, large = make(size), make(FACTOR * size)
    clean(small)  # warm caches and lazy imports
    return fastest(lambda: clean(large)) / max(fastest(lambda: clean(small)), 1e-6)
