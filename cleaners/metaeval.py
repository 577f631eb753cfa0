"""Score metadata (title, author, published, site, language) against hand-given values.

The rules behind benchmarks/metadata.py and the metadata quality gate, kept in one place so
both count the same way:

- title *exact*: equal once Unicode forms and runs of whitespace are folded;
- title *lenient*: one contains the other (case and punctuation ignored) and the shorter is
  at least a third of the longer, since Readability's expected titles keep the site suffix
  ("Headline - Site") that we drop;
- author: a hit when one normalised byline contains the other ("Par Sébastien Farcis" holds
  "Sébastien Farcis"); an author given where the page names none is *invented*;
- published: the same calendar day;
- site: one normalised name contains the other;
- language: the same primary subtag, and the same zh-cn / zh-tw split where both say it.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: The fields a case may give, in report order.
FIELDS = ("title", "title_lenient", "author", "published", "site", "language")
#: A lenient title match needs the shorter title to cover this share of the longer.
LENIENT_TITLE_SHARE = 1 / 3
_PUNCT = re.compile(r"[\W_]+")


def _fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).split())


def _key(text: str) -> str:
    """Case, width, whitespace and punctuation folded away: 'By Ana-Lee' -> 'byanalee'."""
    return _PUNCT.sub("", _fold(text).casefold())


def title_exact(ours: str | None, expected: str) -> bool:
    """Equal once Unicode forms and whitespace runs are folded.

    >>> title_exact("Xbox One X review: A console", "Xbox One X review:  A console")
    True
    """
    return ours is not None and _fold(ours) == _fold(expected)


def title_lenient(ours: str | None, expected: str) -> bool:
    """One contains the other, and the shorter is not a mere fragment of the longer.

    >>> title_lenient("Mozilla", "Mozilla - Wikipedia"), title_lenient("W", "W and more text")
    (True, False)
    """
    if not ours:
        return False
    a, b = sorted((_key(ours), _key(expected)), key=len)
    return bool(a) and a in b and len(a) >= LENIENT_TITLE_SHARE * len(b)


def author_hit(ours: Iterable[str], expected: str) -> bool:
    """One of our authors is in the expected byline, or all of ours hold it.

    >>> author_hit(["Sébastien Farcis"], "Par Sébastien Farcis")
    True
    >>> author_hit(["Jane Doe", "Tom Roe"], "Jane Doe and Tom Roe"), author_hit([], "Jane")
    (True, False)
    """
    names = [k for k in (_key(n) for n in ours) if len(k) >= 2]
    want = _key(expected)
    if not names or not want:
        return False
    return any(n in want for n in names) or want in "".join(names)


def same_day(ours: str | None, expected: str) -> bool:
    return ours is not None and ours[:10] == expected.strip()[:10]


def site_hit(ours: str | None, expected: str) -> bool:
    """One name contains the other; a Twitter handle is no site name.

    >>> site_hit("Libération", "Libération.fr"), site_hit("@verge", "The Verge")
    (True, False)
    """
    if not ours:
        return False
    a, b = sorted((_key(ours), _key(expected)), key=len)
    return len(a) >= 2 and a in b and not ours.lstrip().startswith("@")


def language_hit(ours: str | None, expected: str) -> bool:
    """The same primary subtag, and the same Chinese script where both name one.

    >>> language_hit("en", "en-US"), language_hit("zh-cn", "zh-TW"), language_hit("zh-cn", "zh")
    (True, False, True)
    """
    if not ours:
        return False
    a, b = ours.lower().split("-"), expected.lower().replace("_", "-").split("-")
    if a[0] != b[0]:
        return False
    return not (a[0] == "zh" and len(a) > 1 and len(b) > 1 and a[1] != b[1])


@dataclass(frozen=True, slots=True)
class Found:
    """What one tool read off one page."""

    title: str | None = None
    authors: tuple[str, ...] = ()
    published: str | None = None
    site: str | None = None
    language: str | None = None


@dataclass
class Tally:
    """Hits and cases per field, and authors given on pages that name none."""

    hits: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    cases: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    invented: int = 0
    no_author_pages: int = 0
    misses: list[tuple[str, str, str | None, str]] = field(default_factory=list)

    def add(self, case: str, found: Found, expected: Mapping[str, str | None]) -> None:
        """Count one page. `expected` maps field names to the right value, None where the
        page gives none (only author counts a None: it is how invented authors are found)."""
        if "author" in expected and not expected["author"]:
            self.no_author_pages += 1
            if found.authors:
                self.invented += 1
                self.misses.append((case, "invented", "; ".join(found.authors), ""))
        for name in FIELDS:
            want = expected.get("title" if name == "title_lenient" else name)
            if not want:
                continue
            self.cases[name] += 1
            if hit(name, found, want):
                self.hits[name] += 1
            else:
                got = found.authors[0] if name == "author" and found.authors else None
                got = got or getattr(found, "title" if name == "title_lenient" else name, None)
                self.misses.append((case, name, got, want))

    def figure(self, name: str) -> str:
        return f"{self.hits[name]}/{self.cases[name]}" if self.cases[name] else "-"


def hit(name: str, found: Found, want: str) -> bool:
    """Whether `found` gets field `name` right (see the module's rules)."""
    if name == "title":
        return title_exact(found.title, want)
    if name == "title_lenient":
        return title_lenient(found.title, want)
    if name == "author":
        return author_hit(found.authors, want)
    if name == "published":
        return same_day(found.published, want)
    if name == "site":
        return site_hit(found.site, want)
    return language_hit(found.language, want)


#: (case name, page HTML, page URL, expected fields) of one scored page.
Case = tuple[str, str, str | None, dict[str, str | None]]


def readability_cases(folder: Path) -> list[Case]:
    """Readability's test pages (`<case>/source.html`, `<case>/expected-metadata.json`); a
    null byline counts as a page that names no author."""
    cases: list[Case] = []
    for case in sorted(folder.iterdir()):
        if not (case / "source.html").exists():
            continue
        meta = json.loads((case / "expected-metadata.json").read_text("utf-8"))
        expected = {
            "title": meta.get("title") or None,
            "author": " ".join((meta.get("byline") or "").split()) or None,
            "published": meta.get("publishedTime"),
            "site": meta.get("siteName"),
            "language": meta.get("lang"),
        }
        cases.append((case.name, (case / "source.html").read_text("utf-8"), None, expected))
    return cases


def fixture_cases(expected_file: Path, root: Path, *, present_only: bool = False) -> list[Case]:
    """The pages of a hand-written fixture (`set/id` -> fields) found under `root` as
    `<set>/html/<id>.html`, with their URLs from `<set>/pages.json`. `present_only` skips
    the pages `root` does not hold (a committed subset); otherwise a missing page is an
    error naming it."""
    expected: dict[str, dict[str, Any]] = json.loads(expected_file.read_text("utf-8"))
    urls: dict[str, dict[str, Any]] = {}
    cases: list[Case] = []
    for key, fields in sorted(expected.items()):
        name, page = key.split("/", 1)
        path = root / name / "html" / f"{page}.html"
        if present_only and not path.exists():
            continue
        if name not in urls:
            urls[name] = json.loads((root / name / "pages.json").read_text("utf-8"))
        wanted = {k: v for k, v in fields.items() if k != "note"}
        cases.append((key, path.read_text("utf-8"), urls[name].get(page, {}).get("url"), wanted))
    return cases
