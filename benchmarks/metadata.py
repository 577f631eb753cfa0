"""Score the metadata `clean_html` reads, against trafilatura's `bare_extraction`, per field.

    python benchmarks/metadata.py [--bench-dir DIR] [--misses] [--only ours|trafilatura]

Two sets: Readability's dev test pages (`readability_dev/<case>/expected-metadata.json`) and
the hand-written Chinese fixture (fixtures/metadata_zh/expected.json, pages in ../shared).
Scoring rules are in cleaners/metaeval.py. `--misses` lists every miss so it can be read.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from cleaners import clean_html  # noqa: E402
from cleaners.metaeval import (  # noqa: E402
    FIELDS,
    Case,
    Found,
    Tally,
    fixture_cases,
    readability_cases,
)

DEFAULT_BENCH_DIR = REPO.parent / "shared" / "bench"
ZH_EXPECTED = REPO / "fixtures" / "metadata_zh" / "expected.json"


def ours(html: str, url: str | None) -> Found:
    doc = clean_html(html, url=url)
    authors = getattr(doc, "authors", None) or ((doc.author,) if doc.author else ())
    return Found(doc.title, tuple(authors), doc.published, doc.site, doc.language)


def trafilatura_found(html: str, url: str | None) -> Found:
    import trafilatura

    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True)
    if doc is None:
        return Found()
    author = doc.author
    authors = tuple(a.strip() for a in author.split(";") if a.strip()) if author else ()
    return Found(doc.title, authors, doc.date, doc.sitename, None)


def htmldate_found(html: str, url: str | None) -> Found:
    """htmldate's publication date alone (it reads no other field)."""
    from htmldate import find_date

    return Found(published=find_date(html, url=url, original_date=True, extensive_search=True))


def run(cases: list[Case], tools: list[str]) -> dict[str, Tally]:
    readers = {"ours": ours, "trafilatura": trafilatura_found, "htmldate": htmldate_found}
    tallies = {tool: Tally() for tool in tools}
    for case, html, url, expected in cases:
        for tool in tools:
            tallies[tool].add(case, readers[tool](html, url), expected)
    return tallies


#: (tool, field) pairs the other tools read (bare_extraction detects no language; htmldate
#: reads dates only).
READS = {("trafilatura", f) for f in FIELDS if f != "language"}
READS |= {("htmldate", "published")}


def _reads(tool: str, name: str) -> bool:
    return tool == "ours" or (tool, name) in READS


def report(title: str, tallies: dict[str, Tally], misses: bool) -> None:
    print(f"\n{title}")
    print(f"{'field':<15}" + "".join(f"{tool:>14}" for tool in tallies))
    for name in FIELDS:
        cells = [t.figure(name) if _reads(tool, name) else "n/a" for tool, t in tallies.items()]
        print(f"{name:<15}" + "".join(f"{cell:>14}" for cell in cells))
    invented = [
        f"{t.invented}/{t.no_author_pages}" if _reads(tool, "author") else "n/a"
        for tool, t in tallies.items()
    ]
    print(f"{'invented':<15}" + "".join(f"{cell:>14}" for cell in invented))
    if misses:
        for tool, tally in tallies.items():
            for case, name, got, want in tally.misses:
                print(f"  {tool} {case} {name}: got {got!r} want {want!r}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bench-dir", type=Path, default=DEFAULT_BENCH_DIR)
    parser.add_argument("--misses", action="store_true", help="list every miss")
    parser.add_argument("--only", choices=("ours", "trafilatura", "htmldate"))
    parser.add_argument("--htmldate", action="store_true", help="also score htmldate's dates")
    parser.add_argument("--sets", default="readability,zh", help="readability,zh")
    args = parser.parse_args(argv)
    tools = [args.only] if args.only else ["ours", "trafilatura"]
    if args.htmldate and "htmldate" not in tools:
        tools.append("htmldate")
    sets = args.sets.split(",")
    if "readability" in sets:
        cases = readability_cases(args.bench_dir / "readability_dev")
        report(f"readability_dev ({len(cases)} cases)", run(cases, tools), args.misses)
    if "zh" in sets and ZH_EXPECTED.exists():
        cases = fixture_cases(ZH_EXPECTED, args.bench_dir)
        report(f"metadata_zh ({len(cases)} pages)", run(cases, tools), args.misses)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
