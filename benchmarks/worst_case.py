"""Seconds per MB of the cleaners on pathological inputs, and how the cost grows with size.

Each shape is an input that once made a stage scan the text again for every match (cost
growing with length x matches) or that stresses the parser: repeated markers in one
paragraph, repeated dates, emphasis runs, one long line, short lines, link rows, deep
nesting, huge tables, many tiny elements, entity runs, and a forum thread of many replies.
Each is cleaned at 1, 2, 4 and 8 MB (``--sizes``), in a child process of its own that is
killed after ``--limit`` seconds of wall time, so a quadratic shape reports "> limit" instead
of hanging the run; larger sizes of a shape are skipped once one is over the limit.

The figures are the child's CPU seconds (`time.process_time`), which other processes on a
shared machine do not inflate as they do wall time; ``--wall`` prints wall time instead.

The growth exponent is the slope of log(time) over log(size) across the sizes that finished:
1.0 is linear, 2.0 quadratic. The target is every shape at most 1 s/MB with an exponent at
most 1.15. A page refused with PageTooLarge (Options.max_elements) is marked "refused": that
is a bounded answer too, and its time is the time to refuse it.

    python benchmarks/worst_case.py                       # the whole table
    python benchmarks/worst_case.py --shapes dates,emphasis --sizes 0.25,0.5 --limit 20
"""

from __future__ import annotations

import argparse
import math
import multiprocessing
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path

MB = 1_000_000
REPO = Path(__file__).resolve().parents[1]


def _repeat(unit: str, size: int, head: str = "", tail: str = "") -> str:
    """`unit` repeated until the whole is about `size` bytes (UTF-8), between head and tail."""
    count = max(1, (size - len(head) - len(tail)) // max(1, len(unit.encode("utf-8"))))
    return head + unit * count + tail


def _words_line(size: int) -> str:
    """One line of prose with no line break, as a minified page or a joined dump gives."""
    return _repeat("The council met again on Monday and agreed the budget. ", size)


def _short_lines(size: int) -> str:
    return _repeat("Short line here\n", size)


def _link_rows(size: int) -> str:
    return _repeat("* [Home](/) | [World](/world) | [Sport](/sport) | [Business](/biz)\n", size)


def _markers(size: int) -> str:
    """One huge paragraph of sentences, each followed by an ad marker, as an HTML page."""
    return _repeat(
        "The mayor opened the bridge on Friday. Advertisement ",
        size,
        "<html><body><article><p>",
        "</p></article></body></html>",
    )


def _dates(size: int) -> str:
    return _repeat("2024-01-01 ", size)


def _emphasis(size: int) -> str:
    """Unclosed emphasis marks in a markdown dump (the links make it read as markdown)."""
    return _repeat("**a ", size, "# Title\n\n[Home](/) and [World](/world)\n\n")


def _nesting(size: int) -> str:
    return _repeat("<div>", size, "<html><body>", "text</body></html>")


def _table(size: int) -> str:
    return _repeat(
        "<tr><td>cell one</td><td>cell two</td><td>3</td></tr>",
        size,
        "<html><body><table>",
        "</table></body></html>",
    )


def _tiny(size: int) -> str:
    return _repeat("<span>a</span>", size, "<html><body><p>", "</p></body></html>")


def _thread(size: int) -> str:
    """A forum thread: a fixture's first post, then reply after reply (floor, name, time,
    text), as tests/cleaners/test_revise.py builds it."""
    fixture = REPO / "fixtures" / "text" / "zh-forum-lines-parenting-replies" / "input.txt"
    page = fixture.read_text("utf-8")
    first = page[: page.index("2楼 沙发")]
    reply = (
        "{n}楼\n用户{n}\n发表于 2024-03-05 21:{m:02d}\n"
        "这是第{n}楼的回复,我同意楼上的观点,谢谢分享。编号{n}。\n赞(3) 回复\n"
    )
    rows, total, number = [first], len(first.encode()), 2
    while total < size:
        rows.append(reply.format(n=number, m=number % 60))
        total += len(rows[-1].encode())
        number += 1
    return "".join(rows)


def _entities(size: int) -> str:
    return _repeat("&amp;&#20013;&nbsp;", size, "<html><body><p>", "</p></body></html>")


@dataclass(frozen=True)
class Shape:
    name: str
    entry: str  # "text" (clean_text) or "html" (clean_html)
    make: Callable[[int], str]


SHAPES = (
    Shape("markers", "html", _markers),
    Shape("dates", "text", _dates),
    Shape("emphasis", "text", _emphasis),
    Shape("long-line", "text", _words_line),
    Shape("short-lines", "text", _short_lines),
    Shape("link-rows", "text", _link_rows),
    Shape("nesting", "html", _nesting),
    Shape("table", "html", _table),
    Shape("tiny-elements", "html", _tiny),
    Shape("entities", "html", _entities),
    Shape("thread", "text", _thread),
)


def _run(shape: Shape, size: int, out: Connection, wall: bool) -> None:
    """In the child: build the input, warm up, clean once, send (seconds, outcome)."""
    from cleaners import clean_html, clean_text
    from cleaners.html import PageTooLarge

    clean_text("Warm up the imports and the language profiles. Then measure.")
    clean_html("<html><body><p>Warm up the extractor as well, once.</p></body></html>")
    text = shape.make(size)
    clean = clean_html if shape.entry == "html" else clean_text
    clock = time.perf_counter if wall else time.process_time
    start = clock()
    outcome = "ok"
    try:
        clean(text)
    except PageTooLarge:
        outcome = "refused"
    out.send((clock() - start, outcome))


def measure(shape: Shape, size: int, limit: float, wall: bool) -> tuple[float | None, str]:
    """Seconds to clean `shape` at `size` bytes, or None when over `limit` seconds."""
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_run, args=(shape, size, send, wall))
    child.start()
    send.close()
    if receive.poll(limit + 30):  # imports and input building come on top of the limit
        seconds, outcome = receive.recv()
        child.join()
        return (seconds, outcome) if seconds <= limit else (None, "over")
    child.kill()
    child.join()
    return None, "over"


def exponent(points: list[tuple[float, float]]) -> float | None:
    """Least-squares slope of log(seconds) over log(size)."""
    if len(points) < 2:
        return None
    xs = [math.log(size) for size, _ in points]
    ys = [math.log(max(seconds, 1e-6)) for _, seconds in points]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    sxx = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sxx


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1,2,4,8", help="sizes in MB (default 1,2,4,8)")
    parser.add_argument("--limit", type=float, default=60.0, help="seconds per run (60)")
    parser.add_argument("--shapes", default="", help="comma-separated shape names (all)")
    parser.add_argument("--wall", action="store_true", help="wall time, not CPU time")
    args = parser.parse_args(argv)
    sizes = [float(s) for s in args.sizes.split(",")]
    wanted = set(filter(None, args.shapes.split(",")))
    header = f"{'shape':<14}{'entry':<6}" + "".join(f"{f'{s:g} MB':>10}" for s in sizes)
    clock = "wall" if args.wall else "CPU"
    print(f"{clock} s/MB per size (limit {args.limit:g} s of wall time a run)")
    print(header + f"{'exponent':>10}  note")
    for shape in SHAPES:
        if wanted and shape.name not in wanted:
            continue
        cells, points, notes, over = [], [], set(), False
        for size_mb in sizes:
            if over:
                cells.append("-")
                continue
            seconds, outcome = measure(shape, int(size_mb * MB), args.limit, args.wall)
            if seconds is None:
                over = True
                cells.append(f"> {args.limit:g}s")
                continue
            if outcome != "ok":
                notes.add(outcome)
            points.append((size_mb, seconds))
            cells.append(f"{seconds / size_mb:.3f}")
        slope = exponent(points)
        note = ", ".join(sorted(notes)) + ("; over the limit" if over else "")
        print(
            f"{shape.name:<14}{shape.entry:<6}"
            + "".join(f"{c:>10}" for c in cells)
            + f"{'-' if slope is None else f'{slope:.2f}':>10}  {note}",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
