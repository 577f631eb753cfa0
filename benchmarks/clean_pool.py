"""Where the crawler should clean pages: on the reactor, in a thread, or in a process pool.

Cleans the fixture site's pages ``--rounds`` times, plus one slow page (a large table), while
a 10 ms LoopingCall on the reactor measures how late it runs: lateness is what fetching
suffers (a late reactor reads no responses and sends no requests). Prints wall time, pages
per second and the reactor's worst and 99th-percentile lateness for each way.

    python benchmarks/clean_pool.py [--rounds 20] [--workers 2]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from twisted.internet import defer, reactor, task, threads  # noqa: E402

from cleaners import clean_html  # noqa: E402

TICK = 0.01


def pages(rounds: int) -> list[bytes]:
    site = sorted((REPO / "fixtures" / "site").rglob("*.html"))
    slow = (
        "<html><body><table>"
        + "<tr><td>cell one</td><td>cell two</td><td>3</td></tr>" * 20_000
        + "</table></body></html>"
    ).encode()
    return [slow] + [p.read_bytes() for p in site] * rounds


def clean(html: bytes) -> str:
    return clean_html(html).body


def _from_future(future: Future[str]) -> defer.Deferred[str]:
    result: defer.Deferred[str] = defer.Deferred()

    def done(f: Future[str]) -> None:
        reactor.callFromThread(result.callback, f.result())  # type: ignore[attr-defined]

    future.add_done_callback(done)
    return result


def run(way: str, inputs: list[bytes], workers: int) -> dict[str, float]:
    """Clean `inputs` the given way with the reactor running; lateness and wall time."""
    late: list[float] = []
    last = [time.perf_counter()]

    def tick() -> None:
        now = time.perf_counter()
        late.append(max(0.0, now - last[0] - TICK))
        last[0] = now

    pool = ProcessPoolExecutor(workers) if way == "processes" else None
    if pool is not None:
        list(pool.map(clean, inputs[1:3]))  # start the workers and warm their imports
    reactor.suggestThreadPoolSize(workers)  # type: ignore[attr-defined]
    submit: Callable[[bytes], Any] = {
        "reactor": lambda html: defer.succeed(clean(html)),
        "threads": lambda html: threads.deferToThread(clean, html),
        "processes": lambda html: _from_future(pool.submit(clean, html)) if pool else None,
    }[way]
    loop = task.LoopingCall(tick)
    result: dict[str, float] = {}

    @defer.inlineCallbacks
    def main() -> Any:
        loop.start(TICK)
        start = time.perf_counter()
        # At most `workers` pages in flight, as a crawl with that many cleaning slots.
        semaphore = defer.DeferredSemaphore(workers)
        yield defer.gatherResults([semaphore.run(submit, html) for html in inputs])
        result["seconds"] = time.perf_counter() - start
        tick()  # the reactor may have been blocked until now
        loop.stop()
        reactor.stop()  # type: ignore[attr-defined]

    reactor.callWhenRunning(main)  # type: ignore[attr-defined]
    reactor.run(installSignalHandlers=False)  # type: ignore[attr-defined]
    if pool is not None:
        pool.shutdown()
    ordered = sorted(late)
    result["pages_per_s"] = len(inputs) / result["seconds"]
    result["max_late_ms"] = 1000 * ordered[-1] if ordered else 0.0
    result["p99_late_ms"] = 1000 * ordered[int(0.99 * (len(ordered) - 1))] if ordered else 0.0
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--way", choices=["reactor", "threads", "processes"], default=None)
    args = parser.parse_args(argv)
    inputs = pages(args.rounds)
    clean(inputs[1])  # warm imports in this process
    if args.way is None:  # a reactor runs once per process: one child per way
        import subprocess

        print(f"{len(inputs)} pages (one slow), {args.workers} workers")
        print(f"{'way':<10}{'seconds':>9}{'pages/s':>9}{'max late ms':>13}{'p99 late ms':>13}")
        for way in ("reactor", "threads", "processes"):
            subprocess.run(
                [sys.executable, __file__, "--rounds", str(args.rounds), "--workers",
                 str(args.workers), "--way", way],
                check=True,
            )  # fmt: skip
        return 0
    r = run(args.way, inputs, args.workers)
    print(
        f"{args.way:<10}{r['seconds']:>9.2f}{r['pages_per_s']:>9.1f}"
        f"{r['max_late_ms']:>13.0f}{r['p99_late_ms']:>13.0f}",
        flush=True,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
