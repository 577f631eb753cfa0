"""Write the small fixture corpus that the test suite's quality gate scores the cleaner on.

    python benchmarks/export_fixtures.py [--bench-dir DIR] [--out fixtures/bench]

The full evaluation sets live outside the repository and take a while to run; the gate needs a
few seconds and no network. So a fixed sample of each set is kept in the repository as the
dumps themselves (the gate then does not depend on html2text's or lxml's version) plus gold:

    fixtures/bench/<set>/<shape>/<id>.txt    dump of the page (shape: markdown, lines)
    fixtures/bench/<set>/gold/<id>.txt       gold article body
    fixtures/bench/<set>/pages.json          original URL of each sampled page

The sample is evenly spaced over the sorted ids, so it is the same on every run and spreads
over the whole set rather than its first sites.
"""

from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path

from dumps import SHAPES
from quality import DEFAULT_BENCH_DIR, REPO, SETS, Page, load_pages, make_dumps

SAMPLE_SIZE = 24  # pages per set: enough that one page moves macro F1 by ~0.04 at most

README = """\
# Quality-gate fixtures

A fixed sample of {total} pages from the two evaluation sets, as the text dumps `cleaners` is
meant to clean, with the gold article body of each. Generated, do not edit by hand.

| set | pages | source | licence |
|---|---|---|---|
{rows}

Layout: `<set>/<shape>/<id>.txt` is the dump (`markdown`: html2text defaults; `lines`: visible
text, one block per line; see `benchmarks/dumps.py`), `<set>/gold/<id>.txt` the gold body,
`<set>/pages.json` the original URL of each page. Pages are evenly spaced over the sorted ids.

Regenerate (needs the full sets in `../shared/bench`, see `benchmarks/quality.py`):

    python benchmarks/export_fixtures.py
"""


def sample(pages: list[Page], size: int = SAMPLE_SIZE) -> list[Page]:
    """`size` pages evenly spaced over `pages`, first one included.

    >>> [p.id for p in sample([Page(str(i), "", "", None) for i in range(10)], 4)]
    ['0', '2', '5', '7']
    """
    if len(pages) <= size:
        return pages
    return [pages[i * len(pages) // size] for i in range(size)]


def export_set(set_dir: Path, out: Path) -> int:
    """Write one set's sample under `out`, replacing what an earlier run wrote there."""
    pages = sample(load_pages(set_dir))
    shutil.rmtree(out, ignore_errors=True)
    for shape in SHAPES:
        write(out / shape, make_dumps(pages, shape))
    write(out / "gold", {page.id: page.gold for page in pages})
    urls = {page.id: page.url for page in pages}
    (out / "pages.json").write_text(json.dumps(urls, indent=1) + "\n", encoding="utf-8")
    return len(pages)


def write(directory: Path, texts: dict[str, str]) -> None:
    directory.mkdir(parents=True)
    for page_id, text in texts.items():
        (directory / f"{page_id}.txt").write_text(text, encoding="utf-8")


def source_row(set_dir: Path, count: int) -> str:
    meta = json.loads((set_dir / "meta.json").read_text(encoding="utf-8"))
    source = f"{meta['source_repo']} @ {meta['commit'][:12]}"
    return f"| {set_dir.name} | {count} of {meta['count']} | {source} | {meta['license']} |"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bench-dir", type=Path, default=DEFAULT_BENCH_DIR)
    parser.add_argument("--out", type=Path, default=REPO / "fixtures" / "bench")
    args = parser.parse_args(argv)
    rows, total = [], 0
    for name in SETS.values():
        count = export_set(args.bench_dir / name, args.out / name)
        rows.append(source_row(args.bench_dir / name, count))
        total += count
        print(f"{name}: {count} pages -> {args.out / name}")
    readme = README.format(total=total, rows="\n".join(rows))
    (args.out / "README.md").write_text(readme, encoding="utf-8")


if __name__ == "__main__":
    main()
