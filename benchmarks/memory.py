"""Resident memory of one process cleaning many pages: it must stay flat.

Cleans the fixture pages (fixtures/site and fixtures/html, as HTML, and their visible lines
as text dumps) over and over, ``--pages`` in all, and prints the resident set size after
100, 1,000 and every further 1,000 pages, and the growth from 1,000 to the end. Caches
(phrase patterns, the charset tables, langdetect's profiles) fill during the first pages;
after that a leak shows as steady growth.

    python benchmarks/memory.py [--pages 10000]
"""

from __future__ import annotations

import argparse
import gc
import itertools
import os
import resource
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from cleaners import clean_html, clean_text  # noqa: E402
from cleaners.visible import visible_lines  # noqa: E402

MB = 1024 * 1024


def rss_bytes() -> int:
    """Current resident set size (Linux /proc), else the peak the kernel reports."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak if sys.platform == "darwin" else peak * 1024


def inputs() -> list[tuple[str, bytes | str]]:
    """(kind, content) for every fixture page: its HTML bytes, and its lines as a dump."""
    from lxml import html as lxml_html

    found: list[tuple[str, bytes | str]] = []
    for folder in ("site", "html"):
        for path in sorted((REPO / "fixtures" / folder).rglob("*.html")):
            data = path.read_bytes()
            found.append(("html", data))
            root = lxml_html.fromstring(data)
            found.append(("text", "\n".join(visible_lines(root))))
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=10_000)
    args = parser.parse_args(argv)
    pages = inputs()
    print(f"{len(pages)} distinct inputs, cycled to {args.pages} pages")
    print(f"{'pages':>7}{'RSS MB':>9}")
    marks = {100, 1000, *range(2000, args.pages + 1, 1000), args.pages}
    at_1000 = 0
    for done, (kind, content) in enumerate(itertools.islice(itertools.cycle(pages), args.pages), 1):
        if kind == "html":
            clean_html(content)
        else:
            assert isinstance(content, str)
            clean_text(content)
        if done in marks:
            gc.collect()
            rss = rss_bytes()
            at_1000 = rss if done == 1000 else at_1000
            print(f"{done:>7}{rss / MB:>9.1f}", flush=True)
    if at_1000:
        growth = (rss_bytes() - at_1000) / MB
        print(f"growth from 1,000 to {args.pages:,} pages: {growth:+.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
