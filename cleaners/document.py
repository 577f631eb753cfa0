"""The value every cleaner returns.

`Document` is immutable and made only of strings, tuples and `None`, so it pickles, hashes
and crosses process boundaries (Spark, Ray, datatrove workers) unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Removal:
    """One span the cleaner dropped, and the name of the rule that dropped it."""

    rule: str
    text: str

    def to_dict(self) -> dict[str, str]:
        return {"rule": self.rule, "text": self.text}


@dataclass(frozen=True, slots=True)
class Reply:
    """A reply on a forum thread: who, when, and what they wrote (quotes of earlier posts
    left out)."""

    text: str
    author: str | None = None
    published: str | None = None

    def to_dict(self) -> dict[str, str | None]:
        return {"author": self.author, "published": self.published, "text": self.text}


@dataclass(frozen=True, slots=True)
class Document:
    """A cleaned article: its body, what is known about it, and what was taken out.

    `body` holds paragraphs separated by one blank line. `published` and `modified` are
    ISO 8601; when the page gives no time zone they are the local time as written.
    `language` is a langdetect code (``zh-cn``, ``en`` ...), or ``None`` when the body is
    too short to tell. `author` is the first of `authors`; `sources` says where each
    metadata value was read (see cleaners/pagemeta.py for the precedence).
    """

    body: str
    title: str | None = None
    author: str | None = None
    published: str | None = None
    site: str | None = None
    language: str | None = None
    removed: tuple[Removal, ...] = field(default_factory=tuple)
    #: The page's canonical URL where it declares one (HTML input only).
    canonical_url: str | None = None
    #: On a forum thread, the replies after the first post (which is the body).
    replies: tuple[Reply, ...] = field(default_factory=tuple)
    #: The body as markdown, with the headings, lists, tables and quotes the input showed
    #: (`cleaners clean --format markdown`); not part of the JSON Lines record.
    markdown: str = ""
    #: Every author the page names; `author` is the first of them.
    authors: tuple[str, ...] = field(default_factory=tuple)
    #: When the page says it was last changed (ISO 8601), where it says so.
    modified: str | None = None
    #: Where each metadata value came from: (field, source) pairs such as
    #: ("title", "json-ld"), ("authors", "meta:author"), ("published", "text").
    sources: tuple[tuple[str, str], ...] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        """Keep `author` and `authors` in step whichever one the caller gave."""
        if self.authors and self.author != self.authors[0]:
            object.__setattr__(self, "author", self.authors[0])
        elif self.author and not self.authors:
            object.__setattr__(self, "authors", (self.author,))

    @property
    def paragraphs(self) -> list[str]:
        return self.body.split("\n\n") if self.body else []

    def to_dict(self) -> dict[str, Any]:
        """The JSON Lines record, in the field order the command line writes.

        >>> Document("Hello.", removed=(Removal("nav", "Home"),)).to_dict()["removed"]
        [{'rule': 'nav', 'text': 'Home'}]
        """
        return {
            "title": self.title,
            "author": self.author,
            "authors": list(self.authors),
            "published": self.published,
            "modified": self.modified,
            "site": self.site,
            "language": self.language,
            "body": self.body,
            "removed": [r.to_dict() for r in self.removed],
            "canonical_url": self.canonical_url,
            "replies": [r.to_dict() for r in self.replies],
            "sources": dict(self.sources),
        }
