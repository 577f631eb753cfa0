"""One frozen options object for every cleaner entry point.

Thresholds are named here with the reason for their value; phrase lists come from
`data/phrases.toml` and can be extended per language without touching code.
"""

from __future__ import annotations

import functools
import re
import tomllib
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import Any

#: Phrase-list keys understood by the cleaner (see data/phrases.toml for what each catches).
PHRASE_KEYS = (
    "notice",
    "list_heading",
    "widget_heading",
    "ad_label",
    "tag_label",
    "share",
    "comments",
    "more",
    "byline_label",
    "field_label",
    "editor_credit",
    "forum_header",
    "title_tag",
    "quote",
    "registered",
    "post_time",
    "not_author",
    "inline_marker",
    "credit_label",
    "site_suffix",
    "posted_suffix",
    "said_suffix",
    "title_label",
    "button",
)

#: Lists whose phrases head a widget or list ("相关文章", "Most read", "分享到", "更多>>").
HEADING_KEYS = (
    "comments",
    "list_heading",
    "widget_heading",
    "ad_label",
    "tag_label",
    "share",
    "more",
)

#: Every rule the text cleaner can apply, by the name it records on each removal.
RULES = (
    "markup",  # markdown syntax: image stubs, link targets (recorded only for images)
    "navigation",  # link-dense rows and menus
    "forum-header",  # poster / board / time rows of a forum post
    "teaser",  # another article's title + summary + date
    "title-list",  # runs of short title-like lines (rankings, latest news, archives)
    "list-heading",  # "Related articles" and the list it opens
    "widget",  # sidebar widgets and what they hold
    "ad-label",  # an ad slot's label ("Advertisement"), alone
    "tags",  # a row of tags and its label ("Tags: politics, budget")
    "share",  # share / follow / print rows
    "comments",  # comment section headings and what follows
    "notice",  # copyright, disclaimer, reprint notices
    "title",  # the page title where it stands outside the body
    "title-repeat",  # the title repeated at the head of the body
    "byline",  # author / source / reporter lines and inline bylines
    "dateline",  # date lines outside the body
    "editor-credit",  # "(责任编辑:...)", "Editing by ..." closing the body
    "inline-marker",  # ad / widget markers inside a paragraph
    "signature",  # a poster's signature under a separator row ("----", "____")
    "reply",  # a forum reply after the first post (its text is in Document.replies)
    "quote",  # a quote of an earlier post inside a reply
    "boilerplate",  # short blocks outside the main run of prose, no more specific reason
)


def normalize_phrase(text: str) -> str:
    """Fold case, width and spacing so that phrase matching ignores them.

    >>> normalize_phrase("  Related ＡＲＴＩＣＬＥＳ： ")
    'related articles:'
    """
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def _phrase_pattern(phrases: Iterable[str]) -> re.Pattern[str] | None:
    """One regex for a phrase list: Latin phrases match whole words, CJK ones anywhere,
    with optional spaces between characters ("相关 文章" is still 相关文章).

    The alternatives share their prefixes (a trie), so a search costs about as much as for
    one phrase instead of one per phrase.

    >>> _phrase_pattern(["更多", "更多>>", "more"]).findall("more 更多>> 更多 smore")
    ['more', '更多>>', '更多']
    """
    trie: dict[str, Any] = {}
    for phrase in phrases:
        node = trie
        for atom in _atoms(phrase):
            node = node.setdefault(atom, {})
        node[""] = {}  # end of a phrase
    return re.compile(_trie_regex(trie)) if trie else None


def _atoms(phrase: str) -> list[str]:
    """The regex pieces of one phrase, one per character, with its word boundaries."""
    if phrase.isascii():
        atoms = [re.escape(ch) for ch in phrase]
    else:
        chars = phrase.replace(" ", "")
        atoms = [re.escape(chars[0])] + [r"\s?" + re.escape(ch) for ch in chars[1:]]
    if phrase[:1].isascii() and phrase[:1].isalnum():
        atoms.insert(0, r"(?<![a-z0-9])")
    if phrase[-1:].isascii() and phrase[-1:].isalnum():
        atoms.append(r"(?![a-z0-9])")
    return atoms


def _trie_regex(node: dict[str, Any]) -> str:
    ends = "" in node
    branches = [atom + _trie_regex(child) for atom, child in node.items() if atom]
    if not branches:
        return ""
    # Longer alternatives first, and the whole group optional where a phrase may end here:
    # the regex then prefers the longest phrase ("更多>>" over "更多").
    branches.sort(key=len, reverse=True)
    group = branches[0] if len(branches) == 1 and not ends else "(?:" + "|".join(branches) + ")"
    if len(branches) == 1 and ends:
        group = "(?:" + branches[0] + ")"
    return group + ("?" if ends else "")


def _any_of(patterns: Iterable[re.Pattern[str]]) -> re.Pattern[str] | None:
    """One pattern matching wherever one of `patterns` does, if they combine safely."""
    patterns = tuple(patterns)
    if not patterns or any(p.groups or p.flags != re.UNICODE for p in patterns):
        return None
    try:
        return re.compile("|".join(f"(?:{p.pattern})" for p in patterns))
    except re.error:
        return None


def _longest_first(phrase: str) -> tuple[int, str]:
    return (-len(phrase), phrase)


@dataclass(frozen=True, slots=True)
class Phrases:
    """Phrase lists of all languages, merged and normalised for matching."""

    by_key: Mapping[str, tuple[str, ...]]
    inline_markers: tuple[re.Pattern[str], ...]
    patterns: Mapping[str, re.Pattern[str] | None] = field(init=False)
    #: All inline markers in one pattern, to tell at one search that a block has none (most
    #: have none); None when some marker cannot be combined (it has groups or flags).
    any_inline_marker: re.Pattern[str] | None = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "any_inline_marker", _any_of(self.inline_markers))
        patterns = {key: _phrase_pattern(self.by_key.get(key, ())) for key in PHRASE_KEYS}
        # All heading-like lists in one pattern: most blocks match none, and one search
        # tells so where five would.
        headings = [p for key in HEADING_KEYS for p in self.by_key.get(key, ())]
        patterns["heading"] = _phrase_pattern(sorted(set(headings), key=_longest_first))
        object.__setattr__(self, "patterns", patterns)

    def search(self, key: str, normalized: str) -> re.Match[str] | None:
        """First phrase of list `key` in `normalized` text (see `normalize_phrase`)."""
        pattern = self.patterns[key]
        return pattern.search(normalized) if pattern is not None else None

    @classmethod
    def from_mapping(cls, data: Mapping[str, Mapping[str, Iterable[str]]]) -> Phrases:
        merged: dict[str, list[str]] = {key: [] for key in PHRASE_KEYS}
        markers: list[str] = []
        for language, lists in data.items():
            for key, values in lists.items():
                if key not in merged:
                    raise ValueError(f"phrases: unknown list {key!r} in [{language}]")
                if key == "inline_marker":
                    markers.extend(values)
                else:
                    merged[key].extend(normalize_phrase(v) for v in values)
        by_key = {k: tuple(sorted(set(v), key=_longest_first)) for k, v in merged.items()}
        compiled = tuple(re.compile(m) for m in dict.fromkeys(markers))
        return cls(by_key=by_key, inline_markers=compiled)

    def extended(self, other: Phrases) -> Phrases:
        """Both lists together; longer phrases first, so the most specific one matches."""
        by_key = {
            key: tuple(sorted(set(self.by_key[key]) | set(other.by_key[key]), key=_longest_first))
            for key in PHRASE_KEYS
        }
        markers = tuple(dict.fromkeys(self.inline_markers + other.inline_markers))
        return Phrases(by_key=by_key, inline_markers=markers)

    def __getitem__(self, key: str) -> tuple[str, ...]:
        return self.by_key[key]


def load_phrase_data(path: Path | None = None) -> dict[str, Any]:
    """Read a phrases TOML file (the bundled one when `path` is None)."""
    if path is None:
        text = resources.files("cleaners").joinpath("data/phrases.toml").read_text("utf-8")
    else:
        text = Path(path).read_text("utf-8")
    return tomllib.loads(text)


@functools.cache
def default_phrases() -> Phrases:
    """The bundled phrase lists, parsed once: an immutable value, so sharing it is safe."""
    return Phrases.from_mapping(load_phrase_data())


@dataclass(frozen=True, slots=True)
class Options:
    """Everything that tunes the cleaner. Immutable and picklable.

    Build variants with `dataclasses.replace` or the helpers below, e.g.
    ``Options().with_phrases({"en": {"list_heading": ["Elsewhere on the site"]}})``.
    """

    #: Rules to skip, by name (see RULES). A disabled rule's blocks are kept.
    disabled_rules: frozenset[str] = frozenset()
    #: A block this long (in word units: one Latin word or two CJK characters) with a sentence
    #: ending reads as prose. 10 units is a short sentence: long enough that menu rows and
    #: titles fall below it, short enough that one-sentence news paragraphs pass.
    prose_units: float = 10.0
    #: A block this short and without a sentence ending reads as a title, label or menu item.
    #: Headlines run 5-20 units; 25 leaves room for long Chinese titles (50 characters).
    short_units: float = 25.0
    #: Share of a block's characters inside markdown links above which it is navigation.
    #: Article paragraphs link a few words; menus and teaser lists are nearly all link.
    max_link_density: float = 0.5
    #: Shortest run of consecutive title-like lines that counts as a list, not a heading.
    min_list_run: int = 3
    #: How many characters of body langdetect reads. Its time grows with the sample; 300
    #: characters (a paragraph) gave the same answers as 3000 on all 250 bench pages.
    language_sample_chars: int = 300
    #: Detect the body's language (langdetect); off saves about a millisecond per page.
    detect_language: bool = True
    #: Largest HTML page cleaned, in characters: beyond it `clean_html` raises PageTooLarge
    #: instead of spending minutes. Real article pages stay under 2 MB.
    max_html_chars: int = 20_000_000
    #: Largest element tree cleaned: a news page has a few thousand elements; a page of
    #: hundreds of thousands is generated junk or an attack, refused with PageTooLarge.
    max_elements: int = 200_000
    #: Threads from the page model's records (`content.analyse_page`) ahead of the flat-line
    #: thread path; off, a thread is read from the page's lines as before.
    page_model_threads: bool = True
    #: Seconds one document may take; over it, cleaning stops at the next stage boundary
    #: with OverBudget (the command line reports the file and goes on). None: no limit.
    #: Every stage is linear in the input, so this only catches what should not happen.
    time_budget: float | None = None
    phrases: Phrases = field(default_factory=default_phrases)

    def __post_init__(self) -> None:
        if self.time_budget is not None and not self.time_budget > 0:
            raise ValueError(
                f"time_budget must be a positive number of seconds, not {self.time_budget!r}"
            )

    def enabled(self, rule: str) -> bool:
        return rule not in self.disabled_rules

    def with_phrases(self, extra: Mapping[str, Mapping[str, Iterable[str]]]) -> Options:
        """A copy whose phrase lists also hold `extra` ({language: {key: [phrases]}})."""
        return replace(self, phrases=self.phrases.extended(Phrases.from_mapping(extra)))

    @classmethod
    def from_toml(cls, path: Path | str) -> Options:
        """Options with the bundled phrases extended by a user's phrases file."""
        return cls().with_phrases(load_phrase_data(Path(path)))

    def without(self, *rules: str) -> Options:
        unknown = set(rules) - set(RULES)
        if unknown:
            raise ValueError(f"unknown rule(s): {', '.join(sorted(unknown))}")
        return replace(self, disabled_rules=self.disabled_rules | frozenset(rules))
