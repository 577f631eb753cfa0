"""Score `cleaners` on text dumps of the evaluation sets, and time it against trafilatura.

    python benchmarks/quality.py [--sets aeb,wce,art,forum,rdb] [--limit N] [--bench-dir DIR]
                                 [--worst K] [--dump-dir DIR]

The sets hold HTML pages and their gold article bodies. Each page is turned into the two dump
shapes users have (see dumps.py), each dump is cleaned, and the body is scored against gold
(bag-of-tokens, see cleaners/evaluate.py). The "raw dump" rows score the dump itself: the
floor a cleaner must beat. trafilatura extracting from the HTML, which a dump no longer has, is
the bar: its F1 is a target, and its pages/s is what the speed column is divided by.

Only the extraction calls are timed, never dump making, loading or scoring, and each
extractor is warmed up on one page first (one-time start-up is not per-page cost).
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

REPO = Path(__file__).resolve().parents[1]
# Benchmark the working tree's cleaners whether or not the package is installed.
sys.path.insert(0, str(REPO))

import trafilatura  # noqa: E402
from dumps import SHAPES, DumpError  # noqa: E402
from lxml import html as lxml_html  # noqa: E402

from cleaners.evaluate import Score, macro, score  # noqa: E402

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping

SETS = {
    "aeb": "scrapinghub_aeb",
    "wce": "chinese_wce",
    "art": "magic_article_dev",
    "forum": "magic_forum_dev",
    "rdb": "readability_dev",
}
"""Every evaluation set, by the short name --sets takes."""

#: Sets whose gold is a whole forum thread: a page is scored as its body plus its replies.
THREAD_SETS = frozenset({"magic_forum_dev"})

DEFAULT_BENCH_DIR = REPO.parent / "shared" / "bench"


class Cleaned(Protocol):
    @property
    def body(self) -> str: ...


class Cleaner(Protocol):
    """`cleaners.clean_text`, or a stand-in with the same call."""

    def __call__(self, text: str, *, url: str | None = None, **kwargs: bool) -> Cleaned: ...


@dataclass(frozen=True, slots=True)
class Page:
    id: str
    html: str
    gold: str
    url: str | None


@dataclass(frozen=True, slots=True)
class Run:
    """What one extractor produced for every page of a set, and how long the calls took."""

    outputs: dict[str, str]
    seconds: float
    input_bytes: int


@dataclass(frozen=True, slots=True)
class Row:
    set: str
    shape: str
    extractor: str
    score: Score
    pages_per_s: float | None = None
    mb_per_s: float | None = None
    vs_trafilatura: float | None = None


def load_pages(set_dir: Path, limit: int | None = None) -> list[Page]:
    """The first `limit` pages of a set (all when None), in sorted id order."""
    if not (set_dir / "html").is_dir() and any(set_dir.glob("*/source.html")):
        return load_cases(set_dir, limit)
    html_files = sorted((set_dir / "html").glob("*.html"))[:limit]
    if not html_files:
        raise FileNotFoundError(f"no html/*.html under {set_dir}; is --bench-dir right?")
    pages_json = set_dir / "pages.json"
    meta = json.loads(pages_json.read_text(encoding="utf-8")) if pages_json.exists() else {}
    return [
        Page(
            id=f.stem,
            html=f.read_text(encoding="utf-8"),
            gold=(set_dir / "gold" / f"{f.stem}.txt").read_text(encoding="utf-8"),
            url=meta.get(f.stem, {}).get("url"),
        )
        for f in html_files
    ]


def load_cases(set_dir: Path, limit: int | None = None) -> list[Page]:
    """Readability's test-page layout: ``<case>/source.html``, ``expected.html`` (the article
    it extracts, whose visible text is the gold) and ``expected-metadata.json``. Pages it
    calls not readerable have no article to score and are left out."""
    from cleaners.visible import visible_lines

    pages = []
    for case in sorted(p.parent for p in set_dir.glob("*/source.html")):
        meta = json.loads((case / "expected-metadata.json").read_text(encoding="utf-8"))
        if not meta.get("readerable", True):
            continue
        expected = (case / "expected.html").read_text(encoding="utf-8")
        root = lxml_html.document_fromstring(expected) if expected.strip() else None
        gold = "\n".join(visible_lines(root)) if root is not None else ""
        source = (case / "source.html").read_text(encoding="utf-8")
        pages.append(Page(case.name, source, gold, None))
    return pages[:limit]


def make_dumps(pages: Iterable[Page], shape: str) -> dict[str, str]:
    """Each page's dump in `shape`; a page the parser cannot read is warned about and left empty."""
    convert = SHAPES[shape]
    dumps = {}
    for page in pages:
        try:
            dumps[page.id] = convert(page.html)
        except DumpError as exc:
            print(f"warning: no {shape} dump of {page.id}, scored as empty: {exc}", file=sys.stderr)
            dumps[page.id] = ""
    return dumps


Task = tuple["Callable[[str, str | None], str]", "Mapping[str, str]"]


def timed_rounds(
    tasks: Mapping[str, Task], urls: Mapping[str, str | None], repeat: int
) -> dict[str, Run]:
    """Run every task's extractor over its inputs, `repeat` rounds, the tasks taking turns
    within each round; each keeps its fastest pass. On a shared machine the load drifts
    over minutes: taking turns lets every extractor meet the same drift, and the fastest
    pass measures the extractor rather than its neighbours."""
    best = dict.fromkeys(tasks, float("inf"))
    outputs: dict[str, dict[str, str]] = {name: {} for name in tasks}
    for _ in range(repeat):
        for name, (extract, inputs) in tasks.items():
            seconds = 0.0
            for page_id, text in inputs.items():
                start = time.perf_counter()
                try:
                    outputs[name][page_id] = extract(text, urls[page_id])
                except Exception as exc:
                    exc.add_note(f"while extracting page {page_id} ({urls[page_id]})")
                    raise
                seconds += time.perf_counter() - start
            best[name] = min(best[name], seconds)
    return {
        name: Run(outputs[name], best[name], sum(len(t.encode("utf-8")) for t in inputs.values()))
        for name, (_extract, inputs) in tasks.items()
    }


def scores(outputs: Mapping[str, str], pages: Iterable[Page]) -> dict[str, Score]:
    return {page.id: score(outputs[page.id], page.gold) for page in pages}


def load_cleaner(spec: str) -> Cleaner:
    """The function named ``module:function``, e.g. the default ``cleaners:clean_text``."""
    module_name, _, function_name = spec.partition(":")
    try:
        function: Cleaner = getattr(importlib.import_module(module_name), function_name)
    except (ImportError, AttributeError) as exc:
        raise SystemExit(f"cannot load the cleaner {spec!r}: {exc}") from exc
    return function


def readability_text(html: str) -> str:
    """readability-lxml's article, as text (it returns HTML)."""
    from lxml import html as lxml_html
    from readability import Document as Readable

    summary = Readable(html).summary(html_partial=True)
    return lxml_html.fromstring(summary).text_content() if summary.strip() else ""


#: Reference extractors run on each page's HTML: what cleaners is compared with.
REFERENCES: dict[str, Callable[[str, str | None], str]] = {
    "trafilatura": lambda text, url: trafilatura.extract(text) or "",
    "readability": lambda text, url: readability_text(text),
}


def bench_set(name: str, pages: list[Page], args: argparse.Namespace) -> list[Row]:
    """Every row of the table for one set; writes the worst pages and dumps when asked."""
    urls = {page.id: page.url for page in pages}
    html = {page.id: page.html for page in pages}
    thread = name in THREAD_SETS
    cleaners = {shape: args.cleaners(shape, thread) for shape in args.shapes}
    # Every extractor loads data on first use (trafilatura its settings, cleaners
    # langdetect's profiles, ~0.5 s); a batch pays that once, so it is left out.
    for extract in [*REFERENCES.values(), *cleaners.values()]:
        extract(pages[0].html, None)
    # langdetect's profiles load on the first page that is not plainly Chinese; a long
    # batch pays that once too.
    from cleaners.language import detect_language

    detect_language("Warm up the language profiles before the clock starts.")
    inputs = {shape: html if shape == "html" else make_dumps(pages, shape) for shape in args.shapes}
    tasks: dict[str, Task] = {ref: (fn, html) for ref, fn in REFERENCES.items()}
    tasks.update({shape: (cleaners[shape], inputs[shape]) for shape in args.shapes})
    runs = timed_rounds(tasks, urls, args.repeat)
    traf_rate = len(pages) / runs["trafilatura"].seconds
    ref_scores = {ref: scores(runs[ref].outputs, pages) for ref in REFERENCES}
    rows = []
    for shape in args.shapes:
        cleaned = runs[shape]
        raw_scores, clean_scores = scores(inputs[shape], pages), scores(cleaned.outputs, pages)
        rate = len(pages) / cleaned.seconds
        if shape != "html":
            rows.append(Row(name, shape, "raw dump", macro(raw_scores.values())))
        rows.append(
            Row(
                name,
                shape,
                "cleaners",
                macro(clean_scores.values()),
                rate,
                cleaned.input_bytes / 1e6 / cleaned.seconds,
                rate / traf_rate,
            )
        )
        if args.worst:
            print_worst(name, shape, clean_scores, ref_scores, urls, args.worst)
        if args.dump_dir:
            if shape != "html":
                write_dir(args.dump_dir / name / shape / "dump", inputs[shape])
            write_dir(args.dump_dir / name / shape / "cleaned", cleaned.outputs)
    for ref in REFERENCES:
        run = runs[ref]
        rate = len(pages) / run.seconds
        rows.append(
            Row(
                name,
                "html",
                ref,
                macro(ref_scores[ref].values()),
                rate,
                run.input_bytes / 1e6 / run.seconds,
                rate / traf_rate,
            )
        )
        if args.dump_dir:
            write_dir(args.dump_dir / name / ref, run.outputs)
    if args.dump_dir:
        write_dir(args.dump_dir / name / "gold", {page.id: page.gold for page in pages})
    return rows


def print_worst(
    name: str,
    shape: str,
    clean_scores: Mapping[str, Score],
    ref_scores: Mapping[str, Mapping[str, Score]],
    urls: Mapping[str, str | None],
    k: int,
) -> None:
    """The `k` pages where cleaners trails the best reference extractor most: where work on
    the rules should start."""

    def best(page_id: str) -> tuple[str, Score]:
        return max(((r, s[page_id]) for r, s in ref_scores.items()), key=lambda rs: rs[1].f1)

    def gap(page_id: str) -> float:
        return best(page_id)[1].f1 - clean_scores[page_id].f1

    print(f"\n{k} pages where cleaners trails the best reference most, {name} / {shape}:")
    print(f"{'F1':>6} {'P':>6} {'R':>6} {'best':>6} {'P':>6} {'R':>6}  by  id  url")
    for page_id in sorted(clean_scores, key=lambda page_id: (-gap(page_id), page_id))[:k]:
        s, (ref, b) = clean_scores[page_id], best(page_id)
        print(
            f"{s.f1:6.3f} {s.precision:6.3f} {s.recall:6.3f} {b.f1:6.3f} {b.precision:6.3f}"
            f" {b.recall:6.3f}  {ref[:4]}  {page_id}  {urls[page_id] or ''}"
        )


def write_dir(directory: Path, texts: Mapping[str, str]) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    for page_id, text in texts.items():
        (directory / f"{page_id}.txt").write_text(text, encoding="utf-8")


def print_table(rows: Iterable[Row]) -> None:
    def figure(value: float | None) -> str:
        return "" if value is None else f"{value:.3f}"

    header = ("set", "shape", "extractor", "P", "R", "F1", "pages/s", "MB/s", "÷traf")
    lines = [header] + [
        (
            r.set,
            r.shape,
            r.extractor,
            figure(r.score.precision),
            figure(r.score.recall),
            figure(r.score.f1),
            figure(r.pages_per_s),
            figure(r.mb_per_s),
            figure(r.vs_trafilatura),
        )
        for r in rows
    ]
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    print()
    for line in lines:
        left = [cell.ljust(w) for cell, w in zip(line[:3], widths[:3], strict=True)]
        right = [cell.rjust(w) for cell, w in zip(line[3:], widths[3:], strict=True)]
        print("  ".join(left + right))
    print("\nP, R, F1: macro means over pages. MB/s: of the extractor's input (dump text or HTML).")
    print("÷traf: cleaners pages/s divided by trafilatura's pages/s on the same pages' HTML.")


def set_names(value: str) -> list[str]:
    names = [SETS.get(part.strip(), part.strip()) for part in value.split(",") if part.strip()]
    unknown = sorted(set(names) - set(SETS.values()))
    if unknown:
        raise argparse.ArgumentTypeError(f"unknown set {', '.join(unknown)}; known: {SETS}")
    return names


def positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {number}")
    return number


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sets",
        type=set_names,
        default=list(SETS.values()),
        help=f"comma-separated sets: {', '.join(SETS)} or full names (default: all)",
    )
    parser.add_argument("--limit", type=positive, help="only the first N pages of each set by id")
    parser.add_argument(
        "--bench-dir",
        type=Path,
        default=DEFAULT_BENCH_DIR,
        help=f"folder holding the sets (default: {DEFAULT_BENCH_DIR})",
    )
    parser.add_argument(
        "--worst",
        type=int,
        default=0,
        metavar="K",
        help="list, per set and shape, the K pages where cleaners trails the best reference most",
    )
    parser.add_argument(
        "--dump-dir",
        type=Path,
        metavar="DIR",
        help="write each dump, cleaned body, trafilatura output and gold here",
    )
    # A stand-in cleaner (module:function returning an object with .body), for testing this
    # script before cleaners.clean_text exists.
    parser.add_argument(
        "--repeat",
        type=positive,
        default=3,
        help="time each extractor N passes over the pages, taking turns, and keep each "
        "one's fastest (default 3)",
    )
    parser.add_argument(
        "--shapes",
        default="markdown,lines,traf,html",
        type=lambda value: [v for v in value.split(",") if v],
        help="inputs to clean: markdown, lines and trafilatura-output (traf) dumps, and html "
        "pages (default: all four)",
    )
    parser.add_argument("--html-cleaner", default="cleaners:clean_html", help=argparse.SUPPRESS)
    parser.add_argument("--cleaner", default="cleaners:clean_text", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    text_cleaner = load_cleaner(args.cleaner)
    html_cleaner = load_cleaner(args.html_cleaner)

    def cleaner(shape: str, thread: bool) -> Callable[[str, str | None], str]:
        """The cleaner for one input shape; on a thread set, its body and every reply."""
        clean = html_cleaner if shape == "html" else text_cleaner

        def run(text: str, url: str | None) -> str:
            # trafilatura's output is an extractor's text: clean_text is told so.
            extra = {"extracted": True} if shape == "traf" else {}
            document = clean(text, url=url, **extra)
            if not thread:
                return document.body
            return "\n".join([document.body, *(r.text for r in getattr(document, "replies", ()))])

        return run

    args.cleaners = cleaner
    rows = []
    for name in args.sets:
        pages = load_pages(args.bench_dir / name, args.limit)
        print(f"{name}: {len(pages)} pages", file=sys.stderr)
        rows += bench_set(name, pages, args)
    print_table(rows)


if __name__ == "__main__":
    main()
