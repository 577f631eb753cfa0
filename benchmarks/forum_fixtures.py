"""Score `clean_html` on the hand-made forum threads and commented articles under fixtures/.

    python benchmarks/forum_fixtures.py [--fixtures-dir DIR] [--case NAME ...]

Every case is a folder with input.html, meta.json and expected.json (see
fixtures/forums/README.md). The page's bytes are decoded by meta.json's "encoding" first, so a
file that is not what it claims is reported before anything is scored; then it is parsed with
lxml, and each paragraph of the expected text and each post's author must be found in the
page's own text, so a gold that drifted from its page shows up as a fixture error (the case is
reported and skipped) rather than as a low score.

Then the bytes go to `cleaners.clean_html(bytes, url=..., fetched_at=...)` and, per forum case,
this prints:

- body F1: the document's body against the first post (the thread's own text);
- thread F1: body plus every reply, against every post;
- replies found / expected;
- author and time hits over all posts: the first post against the document's author and
  published, each later post against the found reply whose text matches it best (F1 >= 0.5,
  each reply used once). Times compare to the minute; a time without a zone is taken in the
  site's zone (fetched_at's offset), so an instant read off a UTC `datetime` attribute
  matches the local time the page shows.

An article case prints its body F1 (comments must stay out of it), the replies found against
the comments its expected.json lists (a story's comments are its replies, as answers are a
question's), and the author and time hits over those comments. Scores are cleaners.evaluate's
bag-of-tokens P/R/F1; the last rows are their plain means over cases.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass
from datetime import datetime, tzinfo
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
# Score the working tree's cleaners whether or not the package is installed.
sys.path.insert(0, str(REPO))

import lxml.html  # noqa: E402

from cleaners import clean_html  # noqa: E402
from cleaners.document import Document  # noqa: E402
from cleaners.evaluate import Score, macro, score  # noqa: E402

DEFAULT_DIR = REPO / "fixtures"
KINDS = ("forums", "articles_with_comments")
MATCH_F1 = 0.5
"""A found reply stands for an expected post when their texts score at least this."""


class FixtureError(Exception):
    """A case whose files are missing, undecodable or disagree with each other."""


@dataclass(frozen=True, slots=True)
class Case:
    kind: str
    name: str
    raw: bytes
    meta: dict[str, Any]
    expected: dict[str, Any]


@dataclass(frozen=True, slots=True)
class Result:
    case: Case
    body: Score
    thread: Score | None
    replies_found: int
    replies_expected: int
    author_hits: int
    time_hits: int


def load_case(folder: Path, kind: str) -> Case:
    """Read one case and check it holds together before it is scored."""
    try:
        raw = (folder / "input.html").read_bytes()
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise FixtureError(f"{folder}: {exc}") from exc
    try:
        text = raw.decode(meta["encoding"])
    except (KeyError, LookupError, UnicodeDecodeError) as exc:
        raise FixtureError(
            f"{folder / 'input.html'}: not decodable as meta.json says: {exc}"
        ) from exc
    on_page = page_text(text)
    authors = [p["author"] for p in expected.get("posts", []) if p["author"] is not None]
    missing = [p for p in [*gold_pieces(expected, kind), *authors] if _collapse(p) not in on_page]
    if missing:
        raise FixtureError(f"{folder}: expected text not on the page: {missing[0][:60]!r}")
    return Case(kind, folder.name, raw, meta, expected)


def page_text(html: str) -> str:
    """All the text of the page, whitespace collapsed: what gold paragraphs are looked up in."""
    root = lxml.html.document_fromstring(html)
    return _collapse(root.text_content())


def gold_pieces(expected: dict[str, Any], kind: str) -> list[str]:
    """The expected text in pieces that each stand unbroken on the page: paragraphs, table
    cells (a row is written "a | b") and code lines."""
    texts = [p["text"] for p in expected["posts"]] if kind == "forums" else [expected["body"]]
    pieces = re.split(r"\n\n| \| |\n", "\n\n".join(texts))
    return [_collapse(p) for p in pieces if p.strip()]


def _collapse(text: str) -> str:
    return " ".join(text.replace("\xa0", " ").split())


def same_minute(found: str | None, expected: str | None, site: tzinfo | None) -> bool:
    """Whether two ISO 8601 times name the same minute. A time without a zone is the site's
    local time (`site`, fetched_at's offset), so "12:41+00:00" read off a `datetime` attribute
    matches "20:41" shown on a UTC+8 board; seconds do not count. Where the page gives no
    time (`expected` None), none must be found.

    >>> from datetime import timedelta, timezone
    >>> utc8 = timezone(timedelta(hours=8))
    >>> same_minute("2026-11-27T12:41:30+00:00", "2026-11-27T20:41:00", utc8)
    True
    >>> same_minute("2026-11-27", "2026-11-27T20:41:00", None)
    False
    """
    if expected is None:
        return found is None
    if not found or len(found) <= 10:  # a date alone does not say the minute
        return False
    try:
        a, b = datetime.fromisoformat(found), datetime.fromisoformat(expected)
    except ValueError:
        return False
    if (a.tzinfo is None) != (b.tzinfo is None):
        if site is None:
            return False
        a, b = (x.replace(tzinfo=site) if x.tzinfo is None else x for x in (a, b))
    return a.replace(second=0, microsecond=0) == b.replace(second=0, microsecond=0)


def _same_author(found: str | None, expected: str | None) -> bool:
    """The author found is the expected one; where the page names none (an anonymous
    question), that none is found."""
    if expected is None or found is None:
        return found is expected
    return found.strip().casefold() == expected.strip().casefold()


def match_replies(doc: Document, posts: list[dict[str, Any]]) -> list[int | None]:
    """For each expected reply, the index of the found reply that stands for it, or None."""
    free = set(range(len(doc.replies)))
    matches: list[int | None] = []
    for post in posts:
        ranked = sorted(free, key=lambda i: -score(doc.replies[i].text, post["text"]).f1)
        best = ranked[0] if ranked else None
        if best is not None and score(doc.replies[best].text, post["text"]).f1 >= MATCH_F1:
            free.discard(best)
            matches.append(best)
        else:
            matches.append(None)
    return matches


def _reply_hits(doc: Document, posts: list[dict[str, Any]], site: tzinfo | None) -> tuple[int, int]:
    """Right authors and right times among the replies that stand for `posts`."""
    authors = times = 0
    for post, index in zip(posts, match_replies(doc, posts), strict=True):
        if index is not None:
            reply = doc.replies[index]
            authors += _same_author(reply.author, post["author"])
            times += same_minute(reply.published, post["published"], site)
    return authors, times


def evaluate(case: Case) -> Result:
    fetched = case.meta.get("fetched_at")
    fetched_at = datetime.fromisoformat(fetched) if fetched else None
    site = fetched_at.tzinfo if fetched_at else None
    doc = clean_html(case.raw, url=case.meta.get("url"), fetched_at=fetched_at)
    if case.kind != "forums":
        body = score(doc.body, case.expected["body"])
        comments = case.expected.get("comments", [])
        authors, times = _reply_hits(doc, comments, site)
        return Result(case, body, None, len(doc.replies), len(comments), authors, times)
    first, *rest = case.expected["posts"]
    thread_found = "\n\n".join([doc.body, *(r.text for r in doc.replies)])
    thread_gold = "\n\n".join(p["text"] for p in case.expected["posts"])
    authors, times = _reply_hits(doc, rest, site)
    authors += _same_author(doc.author, first["author"])
    times += same_minute(doc.published, first["published"], site)
    return Result(
        case,
        score(doc.body, first["text"]),
        score(thread_found, thread_gold),
        len(doc.replies),
        len(rest),
        authors,
        times,
    )


def row(r: Result) -> str:
    name = f"{r.case.kind}/{r.case.name}"
    body = f"{r.body.precision:5.2f} {r.body.recall:5.2f} {r.body.f1:5.2f}"
    if r.thread is None:  # an article: its comments, found as replies
        hits = (
            f"{r.author_hits / r.replies_expected:6.2f}  {r.time_hits / r.replies_expected:5.2f}"
            if r.replies_expected
            else f"{'-':>6}  {'-':>5}"
        )
        return f"{name:40} {body}  {'-':>17}  {r.replies_found:>3}/{r.replies_expected:<3}  {hits}"
    total = r.replies_expected + 1
    thread = f"{r.thread.precision:5.2f} {r.thread.recall:5.2f} {r.thread.f1:5.2f}"
    return (
        f"{name:40} {body}  {thread}  {r.replies_found:>3}/{r.replies_expected:<3}"
        f"  {r.author_hits / total:6.2f}  {r.time_hits / total:5.2f}"
    )


HEADER = f"{'case':40} {'body P     R    F1':17}  {'thread P   R    F1':17}  replies  author  time"


def report(results: list[Result]) -> None:
    print(HEADER)
    for r in results:
        print(row(r))
    forums = [r for r in results if r.thread is not None]
    articles = [r for r in results if r.thread is None]
    if forums:
        body, thread = macro(r.body for r in forums), macro(r.thread for r in forums if r.thread)
        posts = sum(r.replies_expected + 1 for r in forums)
        found = sum(r.replies_found for r in forums)
        wanted = sum(r.replies_expected for r in forums)
        authors = sum(r.author_hits for r in forums) / posts
        times = sum(r.time_hits for r in forums) / posts
        label = f"mean of {len(forums)} threads"
        print(
            f"{label:40} {body.f1:17.2f}  {thread.f1:17.2f}"
            f"  {found:>3}/{wanted:<3}  {authors:6.2f}  {times:5.2f}"
        )
    if articles:
        label = f"mean of {len(articles)} articles"
        print(f"{label:40} {macro(r.body for r in articles).f1:17.2f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--fixtures-dir", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--case", action="append", help="only this case (folder name); repeatable")
    args = parser.parse_args(argv)
    results, broken = [], 0
    for kind in KINDS:
        for folder in sorted((args.fixtures_dir / kind).glob("*/")):
            if args.case and folder.name not in args.case:
                continue
            try:
                results.append(evaluate(load_case(folder, kind)))
            except FixtureError as exc:
                print(f"skipped: {exc}", file=sys.stderr)
                broken += 1
    if not results:
        print(f"no cases under {args.fixtures_dir}/{{{','.join(KINDS)}}}", file=sys.stderr)
        return 1
    report(results)
    return 1 if broken else 0


if __name__ == "__main__":
    raise SystemExit(main())
